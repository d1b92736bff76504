import TensorLayer

/// What every kind of training state answers, whatever trains in it: an exact rule's agents in a
/// `DifferentiableGame`, or a DiCE rule's agents in a sampled environment. The epoch loop, the
/// checkpoints and the sessions above ask these questions and no others.
public protocol TrainingState: Sendable {
    associatedtype Player: Sendable
    /// The seats, one agent in each.
    var players: Int { get }
    /// Epochs completed since the run began (a resumed run counts those of its checkpoint).
    var epoch: Int { get set }
    /// The agents in seat order.
    var agents: [Player] { get }
    /// The random stream every sampled quantity draws from, or nil where nothing is sampled
    /// (the exact half computes its values and gradients exactly).
    var randomState: SplitMix64? { get }
}

extension LearningState: TrainingState {
    public var players: Int { game.agents }
    public var randomState: SplitMix64? { nil }
}

extension SampledLearningState: TrainingState {
    public var players: Int { agents.count }
    public var randomState: SplitMix64? { generator }
}
