import TensorLayer

/// Naive learning: every agent descends its own loss, `theta_i <- theta_i - alpha grad_i L_i`.
public struct NaiveRule: LearningRule {
    public let rate: Double

    public init(rate: Double) throws {
        try Setting.rate.require(rate, .finiteNonNegative)
        self.rate = rate
    }

    public var name: String { "naive" }
    public var settings: [(Setting, Setting.Value)] { [(.rate, .number(rate))] }

    public func step<Game: DifferentiableGame>(
        _ state: LearningState<Game>, interruption: Interruption
    ) throws -> (LearningState<Game>, StepReport) {
        try interruption.check()
        let parameters = state.agents.map { variables($0.parameters) }
        let values = state.game.values(zip(state.agents, parameters).map { state.game.behaviour(of: $0.with($1)) })
        let updated = state.agents.indices.map { i in
            let gradient = gradients(of: -values.indexed(axis: 1, i).sum(), at: parameters[i], createGraph: false)
            return descend(state.agents[i].parameters, gradient, rate: rate)
        }
        let (next, newValues) = try state.installing(updated)
        return (next, StepReport(values: newValues, proximalIterations: [], modelFitSteps: []))
    }
}
