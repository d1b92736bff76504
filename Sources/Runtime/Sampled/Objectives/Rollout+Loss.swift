import TensorLayer

/// The discounting of the objectives: `gamma` and GAE's `lambda`, by default the paper's
/// (`PaperSettings.gamma`, `PaperSettings.dice.gaeLambda`).
public struct DiscountSettings: Sendable, Equatable {
    public var gamma: Double
    public var lambda: Double

    public init(gamma: Double = PaperSettings.gamma, lambda: Double = PaperSettings.dice.gaeLambda) {
        self.gamma = gamma
        self.lambda = lambda
    }
}

/// An agent's networks read during a loss: its policy and value network with the parameters to
/// differentiate (variables, or tensors computed from them, e.g. a looked-ahead opponent).
public struct AgentView<Scalar: TensorScalar>: Sendable {
    public let policy: any SequencePolicy
    public let policyParameters: [Tensor<Scalar>]
    public let valueNetwork: any SequencePolicy
    public let valueParameters: [Tensor<Scalar>]

    public init(
        policy: any SequencePolicy, policyParameters: [Tensor<Scalar>], valueNetwork: any SequencePolicy,
        valueParameters: [Tensor<Scalar>]
    ) {
        self.policy = policy
        self.policyParameters = policyParameters
        self.valueNetwork = valueNetwork
        self.valueParameters = valueParameters
    }
}

extension Rollout {
    /// The loss both rules minimise (`docs/dice-learning.md`, Learning rules):
    /// `L = -loadedDiCE_i + valueLoss_i + beta * KL_i`; with `beta` the inner or outer beta this
    /// is `L_in(j)` or `L_out(i)`.
    ///
    /// - Parameters:
    ///   - agent: the seat of `own` in this rollout; `other` sits in the other seat.
    ///   - own: agent i's networks. Its value network supplies the baseline (values without
    ///     gradient) and, separately, the value loss (values with gradient).
    ///   - other: agent j's policy; only its log-probabilities enter i's dependencies.
    ///   - reference: the policy parameters the KL is taken from (i's at the start of the
    ///     epoch), on this rollout's observations; nil or `beta == 0` drops the term (a term of
    ///     weight exactly 0 is dropped, not multiplied by 0).
    public func loss(
        of agent: Int, own: AgentView<Scalar>, other: AgentView<Scalar>, reference: [Tensor<Scalar>]?,
        beta: Double, discount: DiscountSettings = DiscountSettings()
    ) -> Tensor<Scalar> {
        let ownLogits = logits(policy: own.policy, parameters: own.policyParameters)
        let ownLogProbabilities = ownLogits.logSoftmax().picking(actions[agent])
        let otherLogProbabilities = logProbabilities(
            of: 1 - agent, policy: other.policy, parameters: other.policyParameters)
        let (values, end) = values(network: own.valueNetwork, parameters: own.valueParameters)
        let objective = DiCE.loadedObjective(
            own: ownLogProbabilities, other: otherLogProbabilities, rewards: rewards[agent],
            values: values.detached(), valueEnd: end.detached(), gamma: discount.gamma, lambda: discount.lambda)
        var loss =
            DiCE.valueLoss(values: values, valueEnd: end.detached(), rewards: rewards[agent], gamma: discount.gamma)
            - objective
        if let reference, beta != 0 {
            let referenceLogits = logits(policy: own.policy, parameters: reference)
            loss = loss + Scalar(beta) * DiCE.klDivergence(current: ownLogits, reference: referenceLogits)
        }
        return loss
    }
}
