import TensorLayer

/// A tabular policy for the IPD with history that reads only the last joint action: the link
/// between this half and the exact one (`docs/dice-learning.md`, Checking the estimators against exact values).
///
/// Its one parameter is five logits `[DD, DC, CD, CC, start]`, the exact game's state order
/// (agent 0's action the most significant; `ContributionGame.stateNames`). The state is read
/// from the observation's one-hot slots `[D0, C0, start0, D1, C1, start1]`, which are the same
/// for both agents, so one policy serves either seat, exactly as the exact game indexes both
/// agents' logits by the same joint action. A step's logits are `[0, z]` for the state's logit
/// `z`: `P(cooperate) = softmax([0, z])[1] = sigmoid(z)`, the exact game's `q = sigmoid(z)`.
/// The `cc` start needs nothing special: its first observation is CC, which selects CC's logit.
public struct MemoryOnePolicy: SequencePolicy, Equatable {
    public init() {}

    /// The IPD's observation: two one-hot triples.
    public var inputSize: Int { 6 }
    /// Defect, cooperate.
    public var outputSize: Int { 2 }
    /// `[DD, DC, CD, CC, start]`.
    public var parameterShapes: [[Int]] { [[Self.stateCount]] }
    public static let stateCount = 5

    /// No state: the observation already holds the last joint action.
    public func initialState<Scalar: TensorScalar>(batch: Int) -> Tensor<Scalar> { .zeros([batch, 0]) }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step<Scalar: TensorScalar>(
        _ observation: Tensor<Scalar>, state: Tensor<Scalar>, parameters: [Tensor<Scalar>]
    ) -> (outputs: Tensor<Scalar>, state: Tensor<Scalar>) {
        (logits(observation, parameters[0]), state)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func outputs<Scalar: TensorScalar>(over observations: Tensor<Scalar>, parameters: [Tensor<Scalar>])
        -> Tensor<Scalar>
    {
        let (steps, batch) = (observations.shape[0], observations.shape[1])
        return logits(observations.reshaped([steps * batch, inputSize]), parameters[0])
            .reshaped([steps, batch, outputSize])
    }

    /// The state index of each observation row: `start` when agent 0's start slot is set,
    /// else `2 * cooperated0 + cooperated1`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func states<Scalar: TensorScalar>(of observations: Tensor<Scalar>) -> [Int] {
        let x = observations.scalars
        return (0..<(observations.count / 6)).map { row in
            x[6 * row + 2] > 0 ? 4 : 2 * (x[6 * row + 1] > 0 ? 1 : 0) + (x[6 * row + 4] > 0 ? 1 : 0)
        }
    }

    /// `[rows, 2]` logits `[0, z[state]]` for observations `[rows, 6]`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func logits<Scalar: TensorScalar>(_ observations: Tensor<Scalar>, _ z: Tensor<Scalar>) -> Tensor<Scalar> {
        let states = Self.states(of: observations)
        var oneHot = [Scalar](repeating: 0, count: states.count * Self.stateCount)
        for (row, state) in states.enumerated() { oneHot[row * Self.stateCount + state] = 1 }
        let selected = Tensor(shape: [states.count, Self.stateCount], scalars: oneHot)
            .matmul(z.reshaped([Self.stateCount, 1]))
        return .concatenate([.zeros([states.count, 1]), selected], axis: 1)
    }
}
