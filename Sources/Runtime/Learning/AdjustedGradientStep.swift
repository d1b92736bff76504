import TensorLayer

extension LearningState {
    /// The step every gradient-adjusting rule (LookAhead, SOS, SGA, CO, CGD) ends with: each
    /// agent moves against its own part of `direction`, `theta_i <- theta_i - rate * direction_i`,
    /// all at once.
    func descending(along direction: JointVector, rate: Double) throws -> (LearningState, StepReport) {
        let updated = zip(agents, direction.parts).map { descend($0.parameters, $1, rate: rate) }
        let (next, values) = try installing(updated)
        return (next, StepReport(values: values, proximalIterations: [], modelFitSteps: []))
    }
}
