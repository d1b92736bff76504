import Foundation
import Runtime
import TensorLayer
import Testing

/// Rollouts: recorded shapes, seeded determinism, and actions drawn from the softmax.
@Suite struct RolloutTests {
    static let logits: [[Float]] = [[0.3, -0.5, 0.8, 1.2, -1.0], [-0.2, 0.6, -0.4, 0.9, 0.7]]

    static func play(seed: UInt64, batch: Int) throws -> Rollout<Float> {
        let environment = try IPDWithHistory(episodeLength: 5)
        var generator = SplitMix64(seed: seed)
        let policy = MemoryOnePolicy()
        return Rollout.play(
            environment, policies: [policy, policy], parameters: logits.map { [Tensor($0)] }, batch: batch,
            using: &generator)
    }

    @Test func recordsTPlusOneObservationsAndTActionsAndRewards() throws {
        let rollout = try Self.play(seed: 1, batch: 7)
        #expect(rollout.observations.shape == [6, 7, 6])
        #expect(rollout.actions.map(\.count) == [35, 35])
        #expect(rollout.rewards.map(\.shape) == [[5, 7], [5, 7]])
        // The observation after step t holds the actions of step t, agent 0 first.
        let states = MemoryOnePolicy.states(of: rollout.observations.sliced(axis: 0, 1..<6))
        let joint = (0..<35).map { 2 * rollout.actions[0][$0] + rollout.actions[1][$0] }
        #expect(states == joint)
    }

    @Test func sameSeedSameRolloutOtherSeedAnother() throws {
        let (a, b, c) = (
            try Self.play(seed: 3, batch: 50), try Self.play(seed: 3, batch: 50), try Self.play(seed: 4, batch: 50)
        )
        #expect(a.actions == b.actions && a.observations.scalars == b.observations.scalars)
        #expect(a.actions != c.actions)
    }

    /// The first move cooperates with probability sigmoid(z_start) for each agent. Over 20000
    /// episodes the frequency's standard error is at most 0.0036; 4 of them is the bound.
    @Test func firstActionsFollowTheSoftmax() throws {
        let batch = 20000
        let rollout = try Self.play(seed: 5, batch: batch)
        for agent in 0..<2 {
            let p = 1 / (1 + exp(-Double(Self.logits[agent][4])))
            let frequency = Double(rollout.actions[agent][0..<batch].reduce(0, +)) / Double(batch)
            let standardError = (p * (1 - p) / Double(batch)).squareRoot()
            #expect(abs(frequency - p) < 4 * standardError, "agent \(agent): \(frequency) against \(p)")
        }
    }
}
