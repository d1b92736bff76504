import Dispatch
import TensorLayer

extension DiCERule {
    /// One epoch: both agents' updates computed from the same start (on two threads, each from
    /// its own random key, so the numbers do not depend on the threads) and installed together.
    ///
    /// Atomic: if anything fails (a non-finite parameter, an interruption polled between outer
    /// steps and before every chunk of episodes played or differentiated) it throws and the
    /// caller's state is unchanged.
    /// `progress` hears the outer steps done by the slower agent, from either thread.
    public func step<Environment: SampledEnvironment>(
        _ state: SampledLearningState<Environment>, interruption: Interruption = .never,
        progress: @escaping @Sendable (EpochProgress) -> Void = { _ in }
    ) throws -> SampledLearningState<Environment> {
        var next = state
        let keys = [next.key(), next.key()]
        next.models = kind.models(before: next, keys: keys)
        let start = next
        let done = Locked([0, 0])
        let slots = Locked([Result<(agent: SampledAgent, model: SampledAgent?), Error>?](repeating: nil, count: 2))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let outcome = Result {
                var generator = SplitMix64(seed: keys[i], stream: 1)
                return try update(learner: i, in: start, interruption: interruption, using: &generator) { steps in
                    let slowest = done.withLock { counts in
                        counts[i] = steps
                        return counts.min()!
                    }
                    progress(EpochProgress(outerStepsDone: slowest, outerSteps: outerSteps))
                }
            }
            slots.withLock { $0[i] = outcome }
        }
        let updates = try slots.withLock { $0 }.map { try $0!.get() }
        for (i, update) in updates.enumerated() {
            guard update.agent.isFinite else { throw RuntimeError.diverged(agent: i, quantity: .parameters, run: 0) }
            if let model = update.model, !model.isFinite {
                throw RuntimeError.diverged(agent: i, quantity: .model(of: 1 - i), run: 0)
            }
        }
        next.agents = updates.map(\.agent)
        next.models = kind.models(after: next.models, refitted: updates.map(\.model))
        next.epoch += 1
        return next
    }

    /// Agent i's new networks, and its refitted model of the other if its kind keeps one.
    ///
    /// Learning rules, step 1 (docs/dice-learning.md): the epoch's copies are `start`'s agents, left untouched; the
    /// KL reference of i is its own start, that of the look-ahead the opponent's start.
    /// Step 2: `outerSteps` times, a look-ahead from the opponent's start and one Adam step.
    private func update<Environment: SampledEnvironment>(
        learner i: Int, in start: SampledLearningState<Environment>, interruption: Interruption,
        using generator: inout SplitMix64, progress: (Int) -> Void
    ) throws -> (agent: SampledAgent, model: SampledAgent?) {
        let own = start.agents[i]
        let (opponent, model) = try kind.opponent(
            of: i, in: start, rule: self, interruption: interruption, using: &generator)
        var training = freshTraining(of: own)
        for outer in 0..<outerSteps {
            try interruption.check()
            let gradient = try outerGradient(
                learner: i, own: own, theta: training.policyParameters, phi: training.valueParameters,
                opponent: opponent, environment: start.environment, interruption: interruption, using: &generator)
            training.stepPolicy(along: gradient.policy)
            training.stepValue(along: gradient.value)
            progress(outer + 1)
        }
        return (training.agent, model)
    }

    /// `agent`'s parameters under Adam on its policy network (`lr_out`) and on its value network
    /// (`lr_v`), made afresh: no optimiser state survives an epoch (the outer steps' and
    /// POLA-OM's model fit alike).
    func freshTraining(of agent: SampledAgent) -> AdamTraining {
        AdamTraining(
            agent, policyOptimiser: Adam(learningRate: Float(outerRate)),
            valueOptimiser: Adam(learningRate: Float(valueRate)))
    }
}
