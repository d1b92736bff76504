/// A DiCE rule on a sampled environment: the rule's step is the epoch, and `train`'s record is
/// the evaluation after it, drawn from the run's own stream after the step's draws (so a run's
/// rows depend on its seed alone, and a resumed run continues them bit for bit).
public struct SampledTrainer<Environment: FixedStrategyEnvironment>: EpochTrainer {
    public let rule: DiCERule
    /// Whether each epoch ends with an evaluation (`train`, the paper's commands) or not (`step`).
    public let evaluates: Bool

    public init(rule: DiCERule, evaluates: Bool) {
        self.rule = rule
        self.evaluates = evaluates
    }

    public func epoch(
        _ state: SampledLearningState<Environment>, interruption: Interruption,
        progress: @escaping @Sendable (EpochProgress) -> Void
    ) throws -> (SampledLearningState<Environment>, SampledEvaluation?) {
        progress(EpochProgress(outerStepsDone: 0, outerSteps: rule.outerSteps))
        var next = try rule.step(state, interruption: interruption, progress: progress)
        // Evaluated before the state is handed back: the evaluation advances its stream.
        let record = evaluates ? evaluation(&next) : nil
        return (next, record)
    }

    public func startRecord(_ state: inout SampledLearningState<Environment>) -> SampledEvaluation? {
        evaluation(&state)
    }

    /// Scores against each other and against the fixed strategies, in batches of the rule's size.
    private func evaluation(_ state: inout SampledLearningState<Environment>) -> SampledEvaluation {
        SampledEvaluation.evaluate(state.environment, agents: state.agents, batch: rule.batch, using: &state.generator)
    }
}
