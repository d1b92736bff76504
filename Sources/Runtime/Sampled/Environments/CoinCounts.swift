/// Same- and different-colour coins taken in a batch of Coin Game episodes, the evaluation's
/// cooperation measure (`docs/dice-learning.md`, Evaluation).
///
/// Same colour: red took red or blue took blue; different: the other two. Counted over every
/// step and both agents, so a coin taken by both counts twice.
public struct CoinCounts: Equatable, Sendable {
    public private(set) var same = 0
    public private(set) var different = 0
    /// Episodes counted (the batch), for averages per episode.
    public let episodes: Int

    public init(episodes: Int) {
        self.episodes = episodes
    }

    /// Counts the coins taken in the step that led to `state`.
    public mutating func record(_ state: CoinGame.State) {
        precondition(state.batch == episodes, "one batch of episodes")
        for agent in 0..<2 {
            for colour in state.taken[agent] {
                guard let colour else { continue }
                if colour.owner == agent { same += 1 } else { different += 1 }
            }
        }
    }

    public var samePerEpisode: Double { Double(same) / Double(episodes) }
    public var differentPerEpisode: Double { Double(different) / Double(episodes) }
    /// same / (same + different), the figures' "proportion same"; nil when no coin was taken.
    public var sameProportion: Double? {
        same + different == 0 ? nil : Double(same) / Double(same + different)
    }
}
