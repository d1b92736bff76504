import Dispatch
import TensorLayer

extension DiCERule {
    /// One epoch: both agents' updates computed from the same start (on two threads, each from
    /// its own random key, so the numbers do not depend on the threads) and installed together.
    ///
    /// Atomic: if anything fails (a non-finite parameter, an interruption polled between outer
    /// steps and between POLA-OM's data batches) it throws and the caller's state is unchanged.
    /// `progress` hears the outer steps done by the slower agent, from either thread.
    public func step<Environment: SampledEnvironment>(
        _ state: SampledLearningState<Environment>, interruption: Interruption = .never,
        progress: @escaping @Sendable (EpochProgress) -> Void = { _ in }
    ) throws -> SampledLearningState<Environment> {
        var next = state
        let keys = [next.key(), next.key()]
        if kind == .polaOM, next.models == nil {
            next.models = (0..<2).map { i in next.agents[1 - i].randomLike(seed: keys[i]) }
        }
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
        if kind == .polaOM { next.models = updates.map { $0.model! } }
        next.epoch += 1
        return next
    }

    /// Agent i's new networks (and, with POLA-OM, its refitted model of the other).
    ///
    /// Step 1 of the spec: the epoch's copies are `start`'s agents, which stay untouched; the
    /// KL reference of i is its own start, that of the look-ahead the opponent's start.
    /// Step 2: `outerSteps` times, a look-ahead from the opponent's start and one Adam step.
    private func update<Environment: SampledEnvironment>(
        learner i: Int, in start: SampledLearningState<Environment>, interruption: Interruption,
        using generator: inout SplitMix64, progress: (Int) -> Void
    ) throws -> (agent: SampledAgent, model: SampledAgent?) {
        let own = start.agents[i]
        var model: SampledAgent?
        if kind == .polaOM {
            model = try fitModel(
                start.models![i], learner: i, in: start, interruption: interruption, using: &generator)
        }
        let opponent = model ?? start.agents[1 - i]
        var policyAdam = SampledAdam(rate: outerRate)
        var valueAdam = SampledAdam(rate: valueRate)
        var theta = own.policyParameters
        var phi = own.valueParameters
        for outer in 0..<outerSteps {
            try interruption.check()
            let thetaVariables = theta.map { Tensor.variable($0) }
            let phiVariables = phi.map { Tensor.variable($0) }
            let lookedAhead = lookAhead(
                learner: i, own: own.view(policy: thetaVariables, value: phi), opponent: opponent,
                environment: start.environment, using: &generator)
            let rollout = play(
                start.environment, learner: i, own: own.view(policy: theta, value: phi), opponent: lookedAhead,
                using: &generator)
            let loss = rollout.loss(
                of: i, own: own.view(policy: thetaVariables, value: phiVariables), other: lookedAhead,
                reference: own.policyParameters, beta: outerBeta, discount: discount)
            let gradient = gradients(of: loss, at: thetaVariables + phiVariables, createGraph: false)
            theta = policyAdam.step(theta, Array(gradient[..<theta.count]))
            phi = valueAdam.step(phi, Array(gradient[theta.count...]))
            progress(outer + 1)
        }
        return (own.with(policy: theta, value: phi), model)
    }

    /// The opponent after `innerSteps` plain SGD steps on `L_in(j)` from its epoch copy, each on
    /// a fresh batch, its policy parameters functions of the learner's (`own`'s variables):
    /// i's log-probabilities enter j's DiCE dependencies, so j's gradient depends on i's
    /// parameters, and the gradient keeps its graph. The value parameters step on the value
    /// loss, which does not depend on i's parameters, so they are kept as constants.
    private func lookAhead<Environment: SampledEnvironment>(
        learner i: Int, own: AgentView<Float>, opponent: SampledAgent, environment: Environment,
        using generator: inout SplitMix64
    ) -> AgentView<Float> {
        var theta = opponent.policyParameters.map { Tensor.variable($0) }
        var phi = opponent.valueParameters
        for _ in 0..<innerSteps {
            let current = opponent.view(policy: theta, value: phi)
            let rollout = play(environment, learner: i, own: own, opponent: current, using: &generator)
            let phiVariables = phi.map { Tensor.variable($0) }
            let loss = rollout.loss(
                of: 1 - i, own: opponent.view(policy: theta, value: phiVariables), other: own,
                reference: opponent.policyParameters, beta: innerBeta, discount: discount)
            let policyGradient = gradients(of: loss, at: theta)
            let valueGradient = gradients(of: loss, at: phiVariables, createGraph: false)
            theta = zip(theta, policyGradient).map { $0 - Float(innerRate) * $1 }
            phi = zip(phi, valueGradient).map { ($0 - Float(valueRate) * $1).detached() }
        }
        return opponent.view(policy: theta, value: phi)
    }

    /// A fresh batch between the learner in seat i and the opponent in the other seat.
    func play<Environment: SampledEnvironment>(
        _ environment: Environment, learner i: Int, own: AgentView<Float>, opponent: AgentView<Float>,
        using generator: inout SplitMix64
    ) -> Rollout<Float> {
        let seated = i == 0 ? [own, opponent] : [opponent, own]
        return Rollout.play(
            environment, policies: seated.map(\.policy), parameters: seated.map(\.policyParameters), batch: batch,
            using: &generator)
    }
}
