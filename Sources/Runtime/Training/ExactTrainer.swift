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

    public func startRecord(_ state: inout LearningState<Game>) -> StepReport {
        let (seats, values) = (state.players, state.values().scalars)
        let perRun = (0..<state.runs).map { Array(values[($0 * seats)..<(($0 + 1) * seats)]) }
        return StepReport(atStart: perRun, proximal: rule.reportsProximalIterations)
    }
}

extension StepReport {
    /// The report of agents as they start (`values`: `[run][agent]`), with no proximal work:
    /// iterations 0 and converged for a rule with a proximal loop (it solved nothing), nothing
    /// for one without.
    public init(atStart values: [[Double]], proximal: Bool) {
        let none = values.map { $0.map { _ in 0 } }
        self.init(
            values: values, proximalIterations: proximal ? none : [], modelFitSteps: [],
            converged: proximal ? none.map { $0.map { _ in true } } : [])
    }
}
