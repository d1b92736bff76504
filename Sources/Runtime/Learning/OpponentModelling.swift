/// Exact opponent modelling (Appendix B.1.6): each agent keeps its own model of every other
/// agent and looks ahead through the models instead of the others' true parameters.
///
/// At the start of every epoch each model is fitted to the other's current policy by gradient
/// descent on `KL(q_j || model)`. A fitting step measures that KL before it updates the model,
/// and fitting stops after the first step whose measured KL was at most `tolerance` (so one
/// step is taken past the threshold), or after `maxSteps`.
public struct OpponentModelling: Sendable {
    public var policy: any Policy
    public var rate: Double
    public var tolerance: Double
    public var maxSteps: Int
    /// Seed of the models' random initialisation, used when a state has no models yet.
    public var seed: UInt64

    public init(policy: any Policy, rate: Double, tolerance: Double = 1e-7, maxSteps: Int = 10000, seed: UInt64 = 0) throws {
        try Setting.modelRate.require(rate, .finiteNonNegative)
        try Setting.modelMaxSteps.require(maxSteps, .countAtLeastOne)
        (self.policy, self.rate, self.tolerance, self.maxSteps, self.seed) = (policy, rate, tolerance, maxSteps, seed)
    }

    var settings: [(Setting, Setting.Value)] {
        [(.modelPolicy, .policy(policy.kind)), (.modelRate, .number(rate)), (.modelTolerance, .number(tolerance)),
         (.modelMaxSteps, .whole(maxSteps))]
    }

    /// Models for every pair of agents, drawn at random (one stream per learner and target).
    public func initialModels(agents: Int, runs: Int) -> [[Agent]] {
        (0..<agents).map { i in
            (0..<agents).map { j in
                Agent.random(policy: policy, seed: seed &+ UInt64(i * agents + j) &* 0x9E37_79B9, runs: runs)
            }
        }
    }

    /// The state with every model fitted to its target's current policy, and `[run][learner]`
    /// the most fitting steps any of that learner's models took.
    func fitted(_ state: LearningState, interruption: Interruption) throws -> (LearningState, [[Int]]) {
        var next = state
        var models = state.models ?? initialModels(agents: state.game.agents, runs: state.runs)
        var steps = [[Int]](repeating: [Int](repeating: 0, count: state.game.agents), count: state.runs)
        for i in state.agents.indices {
            for j in state.agents.indices where j != i {
                let (fit, used) = try fit(models[i][j], to: state.agents[j].logits().detached(), interruption)
                if let run = firstNonFiniteRun(fit.parameters) {
                    throw RuntimeError.diverged(agent: i, quantity: .model(of: j), run: run)
                }
                models[i][j] = fit
                for run in used.indices { steps[run][i] = max(steps[run][i], used[run]) }
            }
        }
        next.models = models
        return (next, steps)
    }

    private func fit(_ model: Agent, to target: Tensor, _ interruption: Interruption) throws -> (Agent, [Int]) {
        var parameters = model.parameters
        var mask = RunMask(runs: model.runs)
        while mask.anyActive, mask.iterations.max()! < maxSteps {
            try interruption.check()
            let runs = mask.activeRuns
            let current = variables(mask.allActive ? parameters : parameters.map { $0.selectingRuns(runs) })
            let goal = mask.allActive ? target : target.selectingRuns(runs)
            let divergence = klDivergence(target: goal, current: model.policy.logits(current))
            let gradient = gradients(of: divergence.sum(), at: current, createGraph: false)
            let measured = divergence.scalars
            parameters = mask.accept(descend(current, gradient, rate: rate).map { $0.detached() }, over: parameters) { position in
                measured[position] <= tolerance
            }
        }
        return (model.with(parameters), mask.iterations)
    }
}
