import TensorLayer

/// Everything a DiCE rule reads and writes: the game, both agents, POLA-OM's opponent models
/// and the random stream every rollout draws from, so a run is deterministic given its seed.
public struct SampledLearningState<Environment: SampledEnvironment>: Sendable {
    public let environment: Environment
    /// Seat 0, seat 1.
    public var agents: [SampledAgent]
    /// POLA-OM: `models[i]` is agent i's model of the other agent, kept across epochs (nil
    /// until the first POLA-OM epoch draws it).
    public var models: [SampledAgent]?
    /// Advanced by every epoch (and evaluation) that samples.
    public var generator: SplitMix64
    /// Epochs completed.
    public var epoch = 0

    public init(environment: Environment, agents: [SampledAgent], models: [SampledAgent]? = nil, seed: UInt64) {
        precondition(agents.count == 2, "two agents, one per seat")
        self.environment = environment
        self.agents = agents
        self.models = models
        generator = SplitMix64(seed: seed)
    }

    /// The next key for an independent stream of draws.
    mutating func key() -> UInt64 { generator.next() }
}

/// How far an epoch has come: outer steps done by the slower of the two agents' updates.
public struct EpochProgress: Sendable, Equatable {
    public let outerStepsDone: Int
    public let outerSteps: Int

    public init(outerStepsDone: Int, outerSteps: Int) {
        self.outerStepsDone = outerStepsDone
        self.outerSteps = outerSteps
    }
}
