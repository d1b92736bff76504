import Runtime
import TensorLayer
import TestSupport
import Testing

/// `Rollout.loss`, the rules' `L = -loadedDiCE + valueLoss + beta * KL`, assembled from its parts.
@Suite struct RolloutLossTests {
    static let network = RecurrentNetwork(inputSize: 6, hiddenSize: 3, layersBeforeGRU: 1, outputSize: 2)
    static let valueNetwork = RecurrentNetwork(inputSize: 6, hiddenSize: 3, layersBeforeGRU: 1, outputSize: 1)

    static func view(seed: UInt64) -> AgentView<Double> {
        AgentView(
            policy: network, policyParameters: network.initialParameters(seed: seed), valueNetwork: valueNetwork,
            valueParameters: valueNetwork.initialParameters(seed: seed + 100))
    }

    static func rollout() throws -> Rollout<Double> {
        var generator = SplitMix64(seed: 2)
        return Rollout.play(
            try IPDWithHistory(episodeLength: 6), policies: [network, network],
            parameters: [view(seed: 1).policyParameters, view(seed: 2).policyParameters], batch: 4,
            using: &generator)
    }

    struct Case: Sendable {
        let agent: Int
        let beta: Double
    }

    @Test(arguments: [
        Case(agent: 0, beta: 0), Case(agent: 1, beta: 0), Case(agent: 0, beta: 5), Case(agent: 1, beta: 2),
    ])
    func lossIsMinusLoadedDiCEPlusValueLossPlusBetaKL(_ check: Case) throws {
        let rollout = try Self.rollout()
        let (own, other) = (Self.view(seed: UInt64(check.agent + 1)), Self.view(seed: UInt64(2 - check.agent)))
        let reference: [Tensor<Double>] = Self.network.initialParameters(seed: 9)
        let loss = rollout.loss(of: check.agent, own: own, other: other, reference: reference, beta: check.beta)
        let lp = [own, other].enumerated().map { k, view in
            rollout.logProbabilities(
                of: k == 0 ? check.agent : 1 - check.agent, policy: view.policy, parameters: view.policyParameters)
        }
        let (values, end) = rollout.values(network: own.valueNetwork, parameters: own.valueParameters)
        let rewards = rollout.rewards[check.agent]
        let objective = DiCE.loadedObjective(
            own: lp[0], other: lp[1], rewards: rewards, values: values, valueEnd: end, gamma: 0.96, lambda: 1)
        let kl = DiCE.klDivergence(
            current: rollout.logits(policy: Self.network, parameters: own.policyParameters),
            reference: rollout.logits(policy: Self.network, parameters: reference))
        let expected =
            DiCE.valueLoss(values: values, valueEnd: end, rewards: rewards, gamma: 0.96).item - objective.item
            + check.beta * kl.item
        #expect(abs(loss.item - expected) < 1e-12)
        #expect(check.beta == 0 || kl.item > 1e-6, "the KL term is exercised")
    }

    /// The value loss reaches the value network's parameters; the policy's get the DiCE and KL terms.
    @Test func lossHasGradientsForPolicyAndValueParameters() throws {
        let rollout = try Self.rollout()
        let base = Self.view(seed: 1)
        let policy = base.policyParameters.map { Tensor.variable($0) }
        let value = base.valueParameters.map { Tensor.variable($0) }
        let own = AgentView(
            policy: Self.network, policyParameters: policy, valueNetwork: Self.valueNetwork, valueParameters: value)
        let loss = rollout.loss(of: 0, own: own, other: Self.view(seed: 2), reference: nil, beta: 0)
        let g = gradients(of: loss, at: policy + value)
        #expect(g.allSatisfy { $0.isFinite })
        #expect(g.prefix(policy.count).contains { $0.scalars.contains { $0 != 0 } })
        #expect(g.suffix(value.count).contains { $0.scalars.contains { $0 != 0 } })
    }
}
