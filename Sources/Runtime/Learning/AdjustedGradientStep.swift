import TensorLayer

extension LearningState {
    /// The step of every gradient-adjusting rule (LookAhead, SOS, SGA, CO, CGD): the game's
    /// derivatives at the current parameters give a direction, and each agent moves against
    /// its own part of it, `theta_i <- theta_i - rate * direction_i`, all at once.
    func adjustedGradientStep(
        rate: Double, interruption: Interruption, direction: (GameDerivatives) -> JointVector
    ) throws -> (LearningState, StepReport) {
        try interruption.check()
        let direction = direction(GameDerivatives(self))
        let updated = zip(agents, direction.parts).map { descend($0.parameters, $1, rate: rate) }
        let (next, values) = try installing(updated)
        return (next, StepReport(values: values, proximalIterations: [], modelFitSteps: []))
    }
}
