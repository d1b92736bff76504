/// A game of the sampled half: the IPD with history or the Coin Game. One type for the game a
/// script makes, a paper's command names and a checkpoint records.
public enum SampledGame: Sendable, Equatable {
    case ipd(IPDWithHistory)
    case coin(CoinGame)

    /// The environment itself, for code generic over it: a generic function called with it
    /// opens it to its own type, so each game runs specialised code without a switch per call.
    public var environment: any FixedStrategyEnvironment & CheckpointedEnvironment {
        switch self {
        case .ipd(let game): game
        case .coin(let game): game
        }
    }

    public var observationSize: Int { environment.observationSize }
    public var actionCount: Int { environment.actionCount }

    public var isCoinGame: Bool {
        if case .coin = self { true } else { false }
    }
}
