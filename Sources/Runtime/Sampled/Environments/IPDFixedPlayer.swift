/// ALLD, ALLC and TFT in the IPD with history. TFT needs no memory of its own: the state holds
/// the other agent's previous action (or `start`, where TFT plays C).
public struct IPDFixedPlayer: FixedPlayer {
    public let strategy: FixedStrategy
    public let seat: Int

    public init(_ strategy: FixedStrategy, seat: Int) {
        precondition(seat == 0 || seat == 1, "two seats")
        self.strategy = strategy
        self.seat = seat
    }

    public mutating func actions(in state: IPDWithHistory.State) -> [Int] {
        switch strategy {
        case .alwaysDefect: [Int](repeating: 0, count: state.batch)
        case .alwaysCooperate: [Int](repeating: 1, count: state.batch)
        case .titForTat: state.slots[1 - seat].map { $0 == IPDWithHistory.startSlot ? 1 : $0 }
        }
    }

    public mutating func observe(rewards: [[Float]]) {}
}

extension IPDWithHistory: FixedStrategyEnvironment {
    public func player(_ strategy: FixedStrategy, seat: Int, batch: Int) -> IPDFixedPlayer {
        IPDFixedPlayer(strategy, seat: seat)
    }
}
