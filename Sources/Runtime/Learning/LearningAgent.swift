import TensorLayer

/// What the learning rules need from an agent: its parameters, batched over independent runs,
/// and the same agent with other parameters. What the parameters mean is the game's business
/// (`DifferentiableGame.behaviour(of:)`).
///
/// Two conform: `Agent` (a policy over a tabular game's states) and `FormulaGame.Player` (a
/// point of real numbers). The sampled half's GRU agents (`SampledAgent`) are not learning
/// agents of this kind: their parameters are `Float` networks that the DiCE rules update from
/// sampled rollouts, and what they share with these is `TrainingState`'s questions.
public protocol LearningAgent: Sendable {
    /// Every tensor has a leading batch axis: entry `r` belongs to run `r`.
    var parameters: [Tensor<Double>] { get }
    /// The same agent (same policy) holding `parameters`.
    func with(_ parameters: [Tensor<Double>]) -> Self
}

extension LearningAgent {
    public var runs: Int { parameters[0].shape[0] }

    /// The same agent restricted to the given runs.
    func selectingRuns(_ runs: [Int]) -> Self {
        with(parameters.map { $0.selectingRuns(runs) })
    }
}
