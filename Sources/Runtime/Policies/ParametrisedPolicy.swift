import TensorLayer

/// What every parametrised policy has, whatever it maps its parameters to: the shapes of its
/// parameter tensors, a random initialisation, and a short description.
///
/// Parameters are a list of tensors, each with a leading batch axis (one entry per independent
/// run; 1 for a single agent). What the parameters mean is the refinement's business: `Policy`
/// maps them to one logit per state of a tabular game; a recurrent policy of the sampled games
/// will map observations and a hidden state to action logits instead, and so will not be a
/// `Policy`.
public protocol ParametrisedPolicy: Sendable {
    /// Shapes of the parameter tensors without the batch axis, in order.
    var parameterShapes: [[Int]] { get }
    /// Fresh parameters (without the batch axis) drawn from `generator`.
    func randomParameters(using generator: inout SplitMix64) -> [Tensor<Double>]
    /// A short description: "tabular", "mlp(16)", ...
    var kind: String { get }
}

extension ParametrisedPolicy {
    /// Checks that explicit parameters fit this policy, naming what differs.
    public func validate(_ parameters: [Tensor<Double>]) throws {
        let got = parameters.map { Array($0.shape.dropFirst()) }
        guard got == parameterShapes else {
            throw RuntimeError.shapeMismatch(owner: kind, expected: parameterShapes, got: got)
        }
    }
}
