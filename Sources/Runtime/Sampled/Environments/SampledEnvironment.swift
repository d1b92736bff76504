/// A batched two-player environment: B independent games stepped together.
///
/// Agent 0 is the first player (red in the Coin Game), agent 1 the second; each keeps its seat
/// in every rollout (`docs/dice-learning.md`, Environments). Episodes have no early end:
/// a rollout is `episodeLength` steps from `reset`, giving `episodeLength + 1` observations.
public protocol SampledEnvironment: Sendable {
    associatedtype State: Sendable
    /// Numbers per observation (IPD 6, Coin Game 36); both agents see the same one.
    var observationSize: Int { get }
    /// Actions per agent (IPD 2: 0 = defect, 1 = cooperate; Coin Game 4: right, left, down, up).
    var actionCount: Int { get }
    /// Steps per episode (50 in the paper).
    var episodeLength: Int { get }
    func reset<G: RandomNumberGenerator>(batch: Int, using generator: inout G) -> State
    /// `[batch * observationSize]`, row-major, the same for both agents.
    func observations(_ state: State) -> [Float]
    /// `actions[agent][b]`; the next state and `rewards[agent][b]`.
    func step<G: RandomNumberGenerator>(
        _ state: State, actions: [[Int]], using generator: inout G
    ) -> (state: State, rewards: [[Float]])
}
