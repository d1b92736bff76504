import TensorLayer

/// A network read along an episode: each step maps an observation (and a carried state) to
/// outputs, the action logits of a policy or the single number of a value network.
///
/// Two real implementations: `RecurrentNetwork` (the paper's GRU agents) and
/// `MemoryOnePolicy` (tabular agents that link this half to the exact one). Parameters are a
/// flat list of tensors in the order each conformer documents; methods are generic over the
/// element type, so the same network runs in `Float` (training) and `Double` (checks).
public protocol SequencePolicy: Sendable {
    /// Numbers per observation.
    var inputSize: Int { get }
    /// Numbers per step: action logits, or 1 for a value network.
    var outputSize: Int { get }
    /// The shape of each parameter tensor, in order.
    var parameterShapes: [[Int]] { get }
    /// The state before an episode's first step, `[batch, ...]` (zero for the GRU).
    func initialState<Scalar: TensorScalar>(batch: Int) -> Tensor<Scalar>
    /// One step: `observation` is `[batch, inputSize]`; returns `[batch, outputSize]` and the
    /// next state.
    func step<Scalar: TensorScalar>(
        _ observation: Tensor<Scalar>, state: Tensor<Scalar>, parameters: [Tensor<Scalar>]
    ) -> (outputs: Tensor<Scalar>, state: Tensor<Scalar>)
    /// A whole episode from the initial state: `observations` is `[T, batch, inputSize]`,
    /// the result `[T, batch, outputSize]`. The same numbers as `step` repeated, batched over
    /// time where the network allows it.
    func outputs<Scalar: TensorScalar>(over observations: Tensor<Scalar>, parameters: [Tensor<Scalar>]) -> Tensor<
        Scalar
    >
}
