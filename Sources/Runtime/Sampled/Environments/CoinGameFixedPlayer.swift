/// ALLD, ALLC and TFT in the Coin Game (`docs/dice-learning.md`, Evaluation).
///
/// - ALLD walks toward the coin whatever its colour, closing the row distance first.
/// - ALLC makes ALLD's move toward a coin of its own colour and the reverse move otherwise. The
///   reverse of a move that closes a distance of 1 (or 2) leaves a distance of 2 (or 1) on that
///   axis, so ALLC never lands on the other agent's coin.
/// - TFT keeps one flag per game, initially "cooperate": its own reward of the previous step,
///   if negative (its coin was taken), sets "defect"; if positive (it took a coin and was not
///   hit) "cooperate"; zero leaves it. It plays ALLC's move while cooperating, ALLD's otherwise.
public struct CoinGameFixedPlayer: FixedPlayer {
    public let strategy: FixedStrategy
    public let seat: Int
    /// TFT's flags, one per game.
    public private(set) var cooperating: [Bool]

    public init(_ strategy: FixedStrategy, seat: Int, batch: Int) {
        precondition(seat == 0 || seat == 1, "two seats")
        self.strategy = strategy
        self.seat = seat
        cooperating = [Bool](repeating: true, count: batch)
    }

    public mutating func actions(in state: CoinGame.State) -> [Int] {
        precondition(state.batch == cooperating.count, "one flag per game")
        return (0..<state.batch).map { b in
            let toward = Self.approach(from: state.agentCells[seat][b], to: state.coinCells[b])
            let ownCoin = state.coinColours[b] == CoinGame.Colour(ofAgent: seat)
            let polite = ownCoin ? toward : toward.reversed
            return switch strategy {
            case .alwaysDefect: toward.rawValue
            case .alwaysCooperate: polite.rawValue
            case .titForTat: (cooperating[b] ? polite : toward).rawValue
            }
        }
    }

    public mutating func observe(rewards: [[Float]]) {
        precondition(rewards[seat].count == cooperating.count, "one reward per game")
        for (b, reward) in rewards[seat].enumerated() where reward != 0 {
            cooperating[b] = reward > 0
        }
    }

    /// ALLD's move: down if (coin row - row) mod 3 = 1, up if 2; on the coin's row, right if
    /// (coin col - col) mod 3 = 1, left if 2. On the coin's own cell, which a coin placed off both
    /// agents never is at a move, it says right.
    public static func approach(from cell: Int, to coin: Int) -> CoinGame.Move {
        let side = CoinGame.side
        let (row, col) = cell.quotientAndRemainder(dividingBy: side)
        let (coinRow, coinCol) = coin.quotientAndRemainder(dividingBy: side)
        switch ((coinRow - row + side) % side, (coinCol - col + side) % side) {
        case (1, _): return .down
        case (2, _): return .up
        case (_, 2): return .left
        default: return .right
        }
    }
}

extension CoinGame: FixedStrategyEnvironment {
    public func player(_ strategy: FixedStrategy, seat: Int, batch: Int) -> CoinGameFixedPlayer {
        CoinGameFixedPlayer(strategy, seat: seat, batch: batch)
    }
}
