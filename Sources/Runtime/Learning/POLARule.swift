import TensorLayer

/// POLA with the outer proximal point solved exactly (the paper's `--outer_exact_prox`).
///
/// Agent i iterates `theta_i <- theta_i - alpha grad_i [L_i(theta') + beta KL(q_i(frozen) || q_i)]`
/// (the look-ahead `theta'` as in LOLA) until one iteration moves its policy by less than
/// `tolerance` in KL both ways, or `maxIterations` pass. This approximately solves the proximal
/// problem `argmin L_i(theta') + beta KL`, whose solution depends on the policy, not on how it
/// is parametrised: the paper's point.
public struct POLARule: LearningRule {
    public var innerRate: Double
    public var outerRate: Double
    public var beta: Double
    public var maxIterations: Int
    public var tolerance: Double
    public var innerSteps: Int
    public var innerBeta: Double
    public var opponentModelling: OpponentModelling?

    public init(
        innerRate: Double, outerRate: Double, beta: Double, maxIterations: Int = 5000,
        tolerance: Double = 1e-8, innerSteps: Int = 1, innerBeta: Double = 0,
        opponentModelling: OpponentModelling? = nil
    ) throws {
        try Setting.innerRate.require(innerRate, .finiteNonNegative)
        try Setting.outerRate.require(outerRate, .finiteNonNegative)
        try Setting.beta.require(beta, .finiteNonNegative)
        try Setting.maxIterations.require(maxIterations, .countAtLeastOne)
        try Setting.innerSteps.require(innerSteps, .countAtLeastOne)
        try Setting.innerBeta.require(innerBeta, .finiteNonNegative)
        try Setting.tolerance.require(tolerance, .finitePositive)
        (self.innerRate, self.outerRate, self.beta) = (innerRate, outerRate, beta)
        (self.maxIterations, self.tolerance) = (maxIterations, tolerance)
        (self.innerSteps, self.innerBeta, self.opponentModelling) = (innerSteps, innerBeta, opponentModelling)
    }

    public var name: String { "pola" }
    public var settings: [(Setting, Setting.Value)] {
        [
            (.innerRate, .number(innerRate)), (.outerRate, .number(outerRate)), (.beta, .number(beta)),
            (.maxIterations, .whole(maxIterations)), (.tolerance, .number(tolerance)),
            (.innerSteps, .whole(innerSteps)),
            (.innerBeta, .number(innerBeta)),
        ] + (opponentModelling?.settings ?? [])
    }
    public var reportsProximalIterations: Bool { true }

    // Specialised for the paper's game, as `LOLARule.step` is and for the same reason.
    @_specialize(where Game == ContributionGame)
    public func step<Game: DifferentiableGame>(
        _ state: LearningState<Game>, interruption: Interruption
    ) throws -> (LearningState<Game>, StepReport) {
        let (state, fitSteps) = try opponentModelling?.fitted(state, interruption: interruption) ?? (state, [])
        let results = try state.agents.indices.map { try proximalPoint(state, $0, interruption) }
        let (next, values) = try state.installing(results.map(\.parameters))
        let iterations = (0..<state.runs).map { run in results.map { $0.iterations[run] } }
        let converged = (0..<state.runs).map { run in results.map { $0.converged[run] } }
        return (
            next,
            StepReport(
                values: values, proximalIterations: iterations, modelFitSteps: fitSteps, converged: converged)
        )
    }

    private func proximalPoint<Game>(
        _ state: LearningState<Game>, _ i: Int, _ interruption: Interruption
    ) throws -> (parameters: [Tensor<Double>], iterations: [Int], converged: [Bool]) {
        let lookAhead = LookAhead(rate: innerRate, steps: innerSteps, beta: innerBeta)
        let game = state.game
        let agent = state.agents[i]
        var parameters = state.agents[i].parameters
        var mask = RunMask(runs: state.runs)
        var objective = OuterObjective(state: state, learner: i, lookAhead: lookAhead, beta: beta)
        while mask.anyActive, mask.iterations.max()! < maxIterations {
            try interruption.check()
            if objective.state.runs != mask.activeRuns.count {
                objective = OuterObjective(
                    state: state.selectingRuns(mask.activeRuns, traces: state.traces), learner: i,
                    lookAhead: lookAhead, beta: beta)
            }
            let current = mask.allActive ? parameters : parameters.map { $0.selectingRuns(mask.activeRuns) }
            let proposed = descend(current, objective.gradient(at: current), rate: outerRate)
            let before = game.behaviour(of: agent.with(current))
            let after = game.behaviour(of: agent.with(proposed))
            let (forward, backward) = game.divergenceValuesBothWays(after, before)
            parameters = mask.accept(proposed, over: parameters) { position in
                forward[position] < tolerance && backward[position] < tolerance
            }
        }
        // A run still active when the loop ends was stopped by `maxIterations`, not the tolerance.
        return (parameters, mask.iterations, mask.active.map { !$0 })
    }
}
