import Runtime
import TensorLayer
import Testing

/// The IPD with history (`docs/dice-learning.md`, Environments): observations, rewards and
/// settings, pinned by tables.
@Suite struct IPDWithHistoryTests {
    struct JointAction: Sendable, CustomTestStringConvertible {
        let id: String
        let actions: (Int, Int)
        let observation: [Float]
        /// At cf = 1.33 and cf = 1.8.
        let rewards: [(Float, Float)]
        var testDescription: String { id }
    }

    static let jointActions: [JointAction] = [
        JointAction(
            id: "DD", actions: (0, 0), observation: [1, 0, 0, 1, 0, 0], rewards: [(0, 0), (0, 0)]),
        JointAction(
            id: "DC", actions: (0, 1), observation: [1, 0, 0, 0, 1, 0],
            rewards: [(0.665, -0.335), (0.9, -0.1)]),
        JointAction(
            id: "CD", actions: (1, 0), observation: [0, 1, 0, 1, 0, 0],
            rewards: [(-0.335, 0.665), (-0.1, 0.9)]),
        JointAction(
            id: "CC", actions: (1, 1), observation: [0, 1, 0, 0, 1, 0], rewards: [(0.33, 0.33), (0.8, 0.8)]),
    ]

    /// Every joint action, from either start, in a batch of three copies next to a fixed DC row:
    /// the observation after the step (agent 0's one-hot first) and both agents' rewards.
    @Test(arguments: jointActions, [ContributionGame.Start.separate, .cc])
    func aStepObservesTheJointActionAndPaysTheContributionGame(
        _ joint: JointAction, start: ContributionGame.Start
    ) throws {
        for (cf, expected) in zip([1.33, 1.8], joint.rewards) {
            let game = try IPDWithHistory(contributionFactor: cf, start: start)
            var generator = SplitMix64(seed: 1)
            let state = game.reset(batch: 4, using: &generator)
            let actions = [
                [joint.actions.0, 0, joint.actions.0, joint.actions.0],
                [joint.actions.1, 1, joint.actions.1, joint.actions.1],
            ]
            let (next, rewards) = game.step(state, actions: actions, using: &generator)
            let observations = game.observations(next)
            for b in [0, 2, 3] {
                #expect(Array(observations[(b * 6)..<(b * 6 + 6)]) == joint.observation, "game \(b)")
                #expect(abs(rewards[0][b] - expected.0) < 1e-6 && abs(rewards[1][b] - expected.1) < 1e-6, "cf \(cf)")
            }
            #expect(Array(observations[6..<12]) == [1, 0, 0, 0, 1, 0])
            #expect(abs(rewards[0][1] - Float(cf / 2)) < 1e-6 && abs(rewards[1][1] - Float(cf / 2 - 1)) < 1e-6)
        }
    }

    @Test(arguments: [
        (start: ContributionGame.Start.separate, first: [Float]([0, 0, 1, 0, 0, 1])),
        (start: .cc, first: [0, 1, 0, 0, 1, 0]),
    ])
    func theFirstObservationIsTheStartOption(start: ContributionGame.Start, first: [Float]) throws {
        let game = try IPDWithHistory(start: start)
        var generator = SplitMix64(seed: 2)
        let observations = game.observations(game.reset(batch: 3, using: &generator))
        #expect(observations == first + first + first)
        #expect(game.observationSize == 6 && game.actionCount == 2 && game.episodeLength == 50)
    }

    @Test func theDefaultsAreThePapers() throws {
        let game = try IPDWithHistory()
        #expect(game.contributionFactor == 1.33 && game.start == .separate && game.episodeLength == 50)
    }

    @Test func itsExactGameHasTheSameRewardsStartAndHorizon() throws {
        let game = try IPDWithHistory(contributionFactor: 1.5, start: .cc, episodeLength: 7)
        let exact = try game.exactGame(gamma: 0.96)
        #expect(exact.contributionFactor == 1.5 && exact.start == .cc && exact.horizon == 7 && exact.gamma == 0.96)
    }

    @Test(arguments: [0, -3])
    func anEpisodeHasAtLeastOneStep(length: Int) {
        #expect(throws: RuntimeError.invalidEpisodeLength(length)) { try IPDWithHistory(episodeLength: length) }
    }

    @Test func aNonFiniteContributionFactorIsRefused() {
        #expect(throws: RuntimeError.invalidSetting(.contributionFactor, value: .infinity, expected: .finite)) {
            try IPDWithHistory(contributionFactor: .infinity)
        }
    }
}
