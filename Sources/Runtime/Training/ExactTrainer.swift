/// An exact rule on any `DifferentiableGame`: the rule's step is the epoch, its report the record.
public struct ExactTrainer<Game: DifferentiableGame>: EpochTrainer {
    public let rule: any LearningRule

    public init(rule: any LearningRule) {
        self.rule = rule
    }

    public func epoch(
        _ state: LearningState<Game>, interruption: Interruption,
        progress: @escaping @Sendable (EpochProgress) -> Void
    ) throws -> (LearningState<Game>, StepReport) {
        var (next, report) = try rule.step(state, interruption: interruption)
        next.epoch = state.epoch + 1
        return (next, report)
    }

    /// The values as the agents start, with no proximal work: iterations 0 and converged for a
    /// rule with a proximal loop (it solved nothing), nothing for one without.
    public func startRecord(_ state: inout LearningState<Game>) -> StepReport {
        let seats = 0..<state.players
        let values = state.values().scalars
        let perRun = (0..<state.runs).map { Array(values[($0 * seats.count)..<(($0 + 1) * seats.count)]) }
        let proximal = rule.reportsProximalIterations
        return StepReport(
            values: perRun, proximalIterations: proximal ? perRun.map { _ in seats.map { _ in 0 } } : [],
            modelFitSteps: [], converged: proximal ? perRun.map { _ in seats.map { _ in true } } : [])
    }
}
