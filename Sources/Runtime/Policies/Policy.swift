import TensorLayer

/// A policy of a tabular game: a parametrisation of an agent's cooperation probabilities over
/// the game's states.
///
/// `logits` maps the parameters to `[batch, stateCount]`, the logit of cooperating in each
/// state; the probability is its sigmoid. Tabular, preconditioned tabular and the MLP are all
/// this; the exact contribution game plays only with such policies (its `Player` is `Agent`,
/// which holds one).
public protocol Policy: ParametrisedPolicy {
    func logits(_ parameters: [Tensor<Double>]) -> Tensor<Double>
    /// The policy as it plays `seat`. Policies over the game's states are the same in every seat;
    /// a strategy written from its own point of view (`MemoryOneStrategy`) is not.
    func seated(_ seat: Int) -> any Policy
    /// Everything besides the parameters that `logits` reads, as a key, when `logits` is a pure
    /// function of the parameters and these; nil otherwise. A traced learning step is replayed
    /// only for players whose identities match the recording's (`DifferentiableGame`).
    var traceIdentity: String? { get }
}

extension Policy {
    public func seated(_ seat: Int) -> any Policy { self }
    public var traceIdentity: String? { nil }
}
