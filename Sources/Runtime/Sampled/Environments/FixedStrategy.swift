/// The fixed opponents each agent is evaluated against (`docs/dice-learning.md`,
/// Evaluation). What they do depends on the game: see `IPDFixedPlayer` and `CoinGameFixedPlayer`.
public enum FixedStrategy: String, CaseIterable, Sendable {
    case alwaysDefect, alwaysCooperate, titForTat
}

/// A fixed strategy playing one seat of a batched game, with whatever memory it keeps per game.
///
/// Each step: `actions(in:)` on the state the agents act on, the environment's `step`, then
/// `observe(rewards:)` with that step's rewards.
public protocol FixedPlayer: Sendable {
    associatedtype State
    var strategy: FixedStrategy { get }
    /// 0 or 1; the player reads its own position, colour and reward from this seat.
    var seat: Int { get }
    /// `[batch]`, one action per game.
    mutating func actions(in state: State) -> [Int]
    /// `rewards[agent][b]` of the step just taken.
    mutating func observe(rewards: [[Float]])
}

/// A game that can field each fixed strategy in either seat, so evaluation is written once.
public protocol FixedStrategyEnvironment: SampledEnvironment {
    associatedtype Player: FixedPlayer where Player.State == State
    func player(_ strategy: FixedStrategy, seat: Int, batch: Int) -> Player
}
