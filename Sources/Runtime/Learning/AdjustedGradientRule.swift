import TensorLayer

/// A rule whose step is one gradient step along an adjusted direction (LookAhead, SOS, SGA, CO,
/// CGD): the game's derivatives at the current parameters give a direction, and each agent moves
/// against its own part of it, `theta_i <- theta_i - stepRate * direction_i`, all at once.
protocol AdjustedGradientRule: LearningRule {
    /// The rate of the step along the direction (the papers' `alpha`).
    var stepRate: Double { get }
    /// The joint direction at the epoch's starting parameters.
    func direction(_ derivatives: GameDerivatives) -> JointVector
}

extension AdjustedGradientRule {
    public func step<Game: DifferentiableGame>(
        _ state: LearningState<Game>, interruption: Interruption
    ) throws -> (LearningState<Game>, StepReport) {
        try interruption.check()
        let direction = direction(GameDerivatives(state))
        let updated = zip(state.agents, direction.parts).map { descend($0.parameters, $1, rate: stepRate) }
        let (next, values) = try state.installing(updated)
        return (next, StepReport(values: values, proximalIterations: [], modelFitSteps: []))
    }
}
