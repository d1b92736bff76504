import TensorLayer

extension DiCERule {
    /// POLA-OM's fit of agent i's model of j, before i's outer loop (`docs/dice-learning.md`,
    /// POLA-OM): `modelBatches` fresh batches between i's and the real j's epoch-start policies;
    /// on each, `modelStepsPerBatch` times, one Adam step (`lr_out`) on the cross-entropy of j's
    /// observed actions under the model (mean over time and batch), then one Adam step (`lr_v`)
    /// on the model's value loss on j's rewards. Adam is re-created each epoch; the model's
    /// parameters carry over.
    func fitModel<Environment: SampledEnvironment>(
        _ model: SampledAgent, learner i: Int, in start: SampledLearningState<Environment>,
        interruption: Interruption, using generator: inout SplitMix64
    ) throws -> SampledAgent {
        let j = 1 - i
        var training = freshTraining(of: model)
        for _ in 0..<modelBatches {
            try interruption.check()
            let chunks = try playChunks(
                start.environment, learner: i, own: start.agents[i].view, opponent: start.agents[j].view,
                interruption: interruption, using: &generator)
            for _ in 0..<modelStepsPerBatch {
                let policyGradient = try summedGradient(
                    over: chunks, at: training.policyParameters, interruption: interruption
                ) {
                    rollout, x in
                    let observed = rollout.logProbabilities(of: j, policy: model.policy, parameters: x)
                    return -observed.sum() / Float(observed.count)
                }
                training.stepPolicy(along: policyGradient)
                let valueGradient = try summedGradient(
                    over: chunks, at: training.valueParameters, interruption: interruption
                ) {
                    rollout, x in
                    let (values, end) = rollout.values(network: model.valueNetwork, parameters: x)
                    return DiCE.valueLoss(
                        values: values, valueEnd: end.detached(), rewards: rollout.rewards[j], gamma: discount.gamma)
                }
                training.stepValue(along: valueGradient)
            }
        }
        return training.agent
    }
}

extension SampledAgent {
    /// An agent of the same shape as this one, drawn afresh (not copied): POLA-OM's initial
    /// model of an opponent. Recurrent networks draw as `gru` does; other networks (the
    /// memory-one table) start at zero logits.
    func randomLike(seed: UInt64) -> SampledAgent {
        var keys = (0..<2).map { SplitMix64(seed: seed, stream: UInt64($0)) }
        func draw(_ network: any SequencePolicy, key: UInt64) -> [Tensor<Float>] {
            if let recurrent = network as? RecurrentNetwork { return recurrent.initialParameters(seed: key) }
            return network.parameterShapes.map { Tensor.zeros($0) }
        }
        return with(policy: draw(policy, key: keys[0].next()), value: draw(valueNetwork, key: keys[1].next()))
    }
}
