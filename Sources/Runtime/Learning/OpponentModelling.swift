import TensorLayer

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

    public init(policy: any Policy, rate: Double, tolerance: Double = 1e-7, maxSteps: Int = 10000, seed: UInt64 = 0)
        throws
    {
        try Setting.modelRate.require(rate, .finiteNonNegative)
        try Setting.modelMaxSteps.require(maxSteps, .countAtLeastOne)
        (self.policy, self.rate, self.tolerance, self.maxSteps, self.seed) = (policy, rate, tolerance, maxSteps, seed)
    }

    var settings: [(Setting, Setting.Value)] {
        [
            (.modelPolicy, .policy(policy.kind)), (.modelRate, .number(rate)), (.modelTolerance, .number(tolerance)),
            (.modelMaxSteps, .whole(maxSteps)),
        ]
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
    func fitted<Game: DifferentiableGame>(
        _ state: LearningState<Game>, interruption: Interruption
    ) throws -> (LearningState<Game>, [[Int]]) {
        var next = state
        var models = state.models ?? initialModels(for: state)
        var steps = [[Int]](repeating: [Int](repeating: 0, count: state.game.agents), count: state.runs)
        for i in state.agents.indices {
            for j in state.agents.indices where j != i {
                let (fit, used) = try fit(models[i][j], to: state.agents[j], in: state.game, interruption)
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

    /// The models' random start, as the game's players.
    ///
    /// NB: the one dynamic check on a player's kind. The models are `Agent`s of `policy` (a
    /// policy over a tabular game's states), and the rule carrying them is chosen separately
    /// from the game, so only here do the two meet. Every game whose players are `Agent`s (the
    /// contribution game) passes; the sampled games' recurrent agents will model opponents by
    /// their own rule (`docs/dice-learning.md`, POLA-OM), not by this one.
    private func initialModels<Game: DifferentiableGame>(for state: LearningState<Game>) -> [[Game.Player]] {
        guard let models = initialModels(agents: state.game.agents, runs: state.runs) as? [[Game.Player]] else {
            preconditionFailure("exact opponent models are Agents; \(Game.self) is played by \(Game.Player.self)")
        }
        return models
    }

    /// Fits `model` to `target`'s policy: descends `divergence(target || model)`, per run.
    private func fit<Game: DifferentiableGame>(
        _ model: Game.Player, to target: Game.Player, in game: Game, _ interruption: Interruption
    ) throws -> (Game.Player, [Int]) {
        var parameters = model.parameters
        var mask = RunMask(runs: model.runs)
        // The target's policy over the active runs, recomputed only when a run retires.
        var goal = game.behaviour(of: target)
        var goalRuns = target.runs
        while mask.anyActive, mask.iterations.max()! < maxSteps {
            try interruption.check()
            let runs = mask.activeRuns
            if runs.count != goalRuns {
                (goal, goalRuns) = (game.behaviour(of: target.selectingRuns(runs)), runs.count)
            }
            let current = variables(mask.allActive ? parameters : parameters.map { $0.selectingRuns(runs) })
            let divergence = game.divergence(reference: goal, current: game.behaviour(of: model.with(current)))
            let gradient = gradients(of: divergence.sum(), at: current, createGraph: false)
            let measured = divergence.scalars
            parameters = mask.accept(descend(current, gradient, rate: rate).map { $0.detached() }, over: parameters) {
                position in
                measured[position] <= tolerance
            }
        }
        return (model.with(parameters), mask.iterations)
    }
}
