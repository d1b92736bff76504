import TensorLayer

/// LOLA, in the paper's two forms.
///
/// - Actual update (default): agent i takes `outerSteps` steps on
///   `L_i(theta') + outerBeta KL(q_i(frozen) || q_i)`, where `theta'` is the look-ahead (the
///   others' `innerSteps` differentiable steps at rate `innerRate`), differentiating through it.
/// - Taylor form (the original LOLA): the first-order expansion of that look-ahead,
///   `theta_i <- theta_i - alpha (grad_i L_i - eta grad_i sum_{j != i} grad_j L_i . grad_j L_j)`,
///   every gradient at the epoch's starting parameters.
///
/// With opponent modelling, agent i looks ahead through its fitted models of the others.
public struct LOLARule: LearningRule {
    public var innerRate: Double
    public var outerRate: Double
    public var taylor: Bool
    public var innerSteps: Int
    public var outerSteps: Int
    public var innerBeta: Double
    public var outerBeta: Double
    public var opponentModelling: OpponentModelling?

    public init(
        innerRate: Double, outerRate: Double, taylor: Bool = false, innerSteps: Int = 1,
        outerSteps: Int = 1, innerBeta: Double = 0, outerBeta: Double = 0,
        opponentModelling: OpponentModelling? = nil
    ) throws {
        try Setting.innerRate.require(innerRate, .finiteNonNegative)
        try Setting.outerRate.require(outerRate, .finiteNonNegative)
        try Setting.innerSteps.require(innerSteps, .countAtLeastOne)
        try Setting.outerSteps.require(outerSteps, .countAtLeastOne)
        try Setting.innerBeta.require(innerBeta, .finiteNonNegative)
        try Setting.outerBeta.require(outerBeta, .finiteNonNegative)
        if taylor, opponentModelling != nil {
            // The Taylor form differentiates the others' true losses, so it has no use for models.
            throw RuntimeError.incompatibleSettings(.taylor, with: .modelPolicy)
        }
        (self.innerRate, self.outerRate, self.taylor) = (innerRate, outerRate, taylor)
        (self.innerSteps, self.outerSteps) = (innerSteps, outerSteps)
        (self.innerBeta, self.outerBeta, self.opponentModelling) = (innerBeta, outerBeta, opponentModelling)
    }

    public var name: String { "lola" }
    public var settings: [(Setting, Setting.Value)] {
        [
            (.innerRate, .number(innerRate)), (.outerRate, .number(outerRate)), (.taylor, .flag(taylor)),
            (.innerSteps, .whole(innerSteps)), (.outerSteps, .whole(outerSteps)),
            (.innerBeta, .number(innerBeta)), (.outerBeta, .number(outerBeta)),
        ] + (opponentModelling?.settings ?? [])
    }

    // Specialised for the game every paper command plays: generic, the step looked up the
    // game's associated types and walked generic sequences at every epoch (4% of LOLA tabular).
    @_specialize(where Game == ContributionGame)
    public func step<Game: DifferentiableGame>(
        _ state: LearningState<Game>, interruption: Interruption
    ) throws -> (LearningState<Game>, StepReport) {
        let (state, fitSteps) = try opponentModelling?.fitted(state, interruption: interruption) ?? (state, [])
        let updated = try state.agents.indices.map { i in
            taylor ? taylorUpdate(state, i) : try actualUpdate(state, i, interruption)
        }
        let (next, values) = try state.installing(updated)
        return (next, StepReport(values: values, proximalIterations: [], modelFitSteps: fitSteps))
    }

    private func actualUpdate<Game>(
        _ state: LearningState<Game>, _ i: Int, _ interruption: Interruption
    ) throws -> [Tensor<Double>] {
        let objective = OuterObjective(
            state: state, learner: i, lookAhead: LookAhead(rate: innerRate, steps: innerSteps, beta: innerBeta),
            beta: outerBeta)
        var parameters = state.agents[i].parameters
        for _ in 0..<outerSteps {
            try interruption.check()
            parameters = descend(parameters, objective.gradient(at: parameters), rate: outerRate)
        }
        return parameters
    }

    private func taylorUpdate<Game>(_ state: LearningState<Game>, _ i: Int) -> [Tensor<Double>] {
        let parameters = state.agents.map { variables($0.parameters) }
        let values = state.game.values(zip(state.agents, parameters).map { state.game.behaviour(of: $0.with($1)) })
        let ownLoss = -values.indexed(axis: 1, i).sum()
        var shaping = Tensor(0)
        for j in state.agents.indices where j != i {
            let theirLoss = -values.indexed(axis: 1, j).sum()
            let mine = gradients(of: ownLoss, at: parameters[j])
            let theirs = gradients(of: theirLoss, at: parameters[j])
            for (a, b) in zip(mine, theirs) { shaping = shaping + (a * b).sum() }
        }
        let gradient = gradients(of: ownLoss - innerRate * shaping, at: parameters[i], createGraph: false)
        return descend(state.agents[i].parameters, gradient, rate: outerRate)
    }
}
