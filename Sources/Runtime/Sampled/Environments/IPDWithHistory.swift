/// The iterated prisoner's dilemma where each agent sees the last joint action, batched
/// (`docs/dice-learning.md`, Environments).
///
/// The observation after a step is `[one-hot(a0) in {D, C, start}, one-hot(a1) in {D, C, start}]`,
/// always agent 0 first and the same for both agents. Rewards are the two-agent contribution
/// game's: for my action x and the other's y, `cf (x + y) / 2 - x`, so DD 0, CC cf - 1, defecting
/// against a cooperator cf / 2 and cooperating against a defector cf / 2 - 1.
public struct IPDWithHistory: SampledEnvironment, Equatable {
    /// The slots of each agent's one-hot: its last action (0 defect, 1 cooperate) or `start`.
    public static let startSlot = 2
    static let slotsPerAgent = 3

    /// The one-step game whose rewards these are; its start option is this game's too.
    public let stage: ContributionGame
    public let episodeLength: Int
    /// `rewards[2 * a0 + a1][agent]`, the stage game's in Float, read every step.
    private let rewardTable: [[Float]]

    public var observationSize: Int { 2 * Self.slotsPerAgent }
    public var actionCount: Int { 2 }
    // The stage is made from a contribution factor in `init`, so it has one.
    public var contributionFactor: Double { stage.contributionFactor! }
    public var start: ContributionGame.Start { stage.start }

    /// The last moves of both agents, one game per batch element.
    public struct State: Sendable, Equatable {
        /// `slots[agent][b]`: 0 defected, 1 cooperated, `startSlot` before the first move.
        public let slots: [[Int]]
        public var batch: Int { slots[0].count }

        public init(slots: [[Int]]) {
            precondition(slots.count == 2 && slots[0].count == slots[1].count, "two agents, one batch")
            self.slots = slots
        }
    }

    /// - Parameters:
    ///   - contributionFactor: `cf`, the paper's by default (a prisoner's dilemma for 1 < cf < 2).
    ///   - start: `.separate` starts from the `start` slots, `.cc` as if both had cooperated.
    ///   - episodeLength: steps per episode, `rollout_len`, the paper's by default.
    public init(
        contributionFactor: Double = PaperSettings.contributionFactor, start: ContributionGame.Start = .separate,
        episodeLength: Int = PaperSettings.episodeLength
    ) throws {
        guard episodeLength >= 1 else { throw RuntimeError.invalidEpisodeLength(episodeLength) }
        let stage = try ContributionGame(contributionFactor: contributionFactor, start: start)
        self.stage = stage
        self.episodeLength = episodeLength
        rewardTable = (0..<4).map { s in (0..<2).map { Float(stage.reward(agent: $0, jointAction: s)) } }
    }

    /// The exact game whose finite-horizon values are this game's expected discounted returns
    /// for memory-one agents: same `cf` and start, `horizon` = the episode length.
    public func exactGame(gamma: Double) throws -> ContributionGame {
        try ContributionGame(contributionFactor: contributionFactor, gamma: gamma, start: start, horizon: episodeLength)
    }

    public func reset<G: RandomNumberGenerator>(batch: Int, using generator: inout G) -> State {
        let slot = start == .cc ? 1 : Self.startSlot
        return State(slots: [[Int](repeating: slot, count: batch), [Int](repeating: slot, count: batch)])
    }

    public func observations(_ state: State) -> [Float] {
        var observation = [Float](repeating: 0, count: state.batch * observationSize)
        for b in 0..<state.batch {
            for agent in 0..<2 {
                observation[b * observationSize + agent * Self.slotsPerAgent + state.slots[agent][b]] = 1
            }
        }
        return observation
    }

    public func step<G: RandomNumberGenerator>(
        _ state: State, actions: [[Int]], using generator: inout G
    ) -> (state: State, rewards: [[Float]]) {
        precondition(actions.count == 2 && actions.allSatisfy { $0.count == state.batch }, "actions[agent][b]")
        precondition(actions.joined().allSatisfy { $0 == 0 || $0 == 1 }, "IPD actions are 0 (D) or 1 (C)")
        let rewards = (0..<2).map { agent in
            zip(actions[0], actions[1]).map { rewardTable[2 * $0 + $1][agent] }
        }
        return (State(slots: actions), rewards)
    }
}
