/// A parametrisation of an agent's cooperation probabilities over a game's states.
///
/// Parameters are a list of tensors, each with a leading batch axis (one entry per independent
/// run; 1 for a single agent). `logits` maps them to `[batch, stateCount]`, the logit of
/// cooperating in each state; the probability is its sigmoid.
public protocol Policy: Sendable {
    /// Shapes of the parameter tensors without the batch axis, in order.
    var parameterShapes: [[Int]] { get }
    func logits(_ parameters: [Tensor]) -> Tensor
    /// Fresh parameters (without the batch axis) drawn from `generator`.
    func randomParameters(using generator: inout SplitMix64) -> [Tensor]
    /// A short description: "tabular", "mlp(16)", ...
    var kind: String { get }
}

extension Policy {
    /// Checks that explicit parameters fit this policy, naming what differs.
    public func validate(_ parameters: [Tensor]) throws {
        let got = parameters.map { Array($0.shape.dropFirst()) }
        guard got == parameterShapes else {
            throw RuntimeError.shapeMismatch(owner: kind, expected: parameterShapes, got: got)
        }
    }
}
