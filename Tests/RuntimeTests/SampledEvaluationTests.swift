import Runtime
import TensorLayer
import TestSupport
import Testing

/// The evaluation (`docs/dice-learning.md`, Evaluation), with memory-one agents whose
/// logits of ±30 make them play deterministically (a wrong move has probability 1e-13), so
/// every score is known exactly: cf 1.33, 50 steps.
@Suite struct SampledEvaluationTests {
    /// Logits `[DD, DC, CD, CC, start]` of the exact game's states.
    static func memoryOne(_ logits: [Float]) -> SampledAgent {
        let value = RecurrentNetwork(inputSize: 6, hiddenSize: 4, layersBeforeGRU: 0, outputSize: 1)
        return SampledAgent(
            policy: MemoryOnePolicy(), policyParameters: [Tensor(logits)], valueNetwork: value,
            valueParameters: value.initialParameters(seed: 3))
    }

    static let cooperator = memoryOne([30, 30, 30, 30, 30])
    static let defector = memoryOne([-30, -30, -30, -30, -30])
    /// Tit-for-tat from seat 0: cooperates iff agent 1 did (states DC and CC), and at the start.
    static let titForTat = memoryOne([-30, 30, -30, 30, 30])

    /// A pairing and what it must score.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let agents: [SampledAgent]
        /// Agent 0's and agent 1's score against each other.
        let mutual: [Double]
        /// `[agent][ALLD, ALLC, TFT]`.
        let fixed: [[Double]]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "cooperators", agents: [cooperator, cooperator], mutual: [0.33, 0.33],
            fixed: [[-0.335, 0.33, 0.33], [-0.335, 0.33, 0.33]]),
        // TFT punishes the defector from step 2: one step of cf / 2 over 50.
        Case(
            name: "defector and cooperator", agents: [defector, cooperator], mutual: [0.665, -0.335],
            fixed: [[0, 0.665, 0.665 / 50], [-0.335, 0.33, 0.33]]),
        // The reactive agent against a defector is exploited once, at the start.
        Case(
            name: "reactive and defector", agents: [titForTat, defector], mutual: [-0.335 / 50, 0.665 / 50],
            fixed: [[-0.335 / 50, 0.33, 0.33], [0, 0.665, 0.665 / 50]]),
    ]

    @Test(arguments: cases)
    func ipdScoresPerStep(_ pairing: Case) throws {
        let (agents, mutual, fixed) = (pairing.agents, pairing.mutual, pairing.fixed)
        var generator = SplitMix64(seed: 5)
        let evaluation = SampledEvaluation.evaluate(
            try IPDWithHistory(), agents: agents, batch: 8, using: &generator)
        #expect(maxAbsoluteDifference(evaluation.mutual, mutual) < 1e-6)
        for (k, strategy) in [FixedStrategy.alwaysDefect, .alwaysCooperate, .titForTat].enumerated() {
            let scores = evaluation.againstFixed[strategy]!
            #expect(maxAbsoluteDifference(scores, [fixed[0][k], fixed[1][k]]) < 1e-6, "\(strategy)")
        }
        #expect(evaluation.coins == nil)
    }

    /// In the Coin Game each coin gives +1 to whoever takes it, and a different-colour take costs
    /// the coin's owner 2; so the two agents' rewards sum to `same - different` coins. The
    /// counts come from the states and the scores from the rewards: a miscount breaks this.
    @Test func coinGameCountsMatchTheScores() throws {
        let game = try CoinGame(episodeLength: 20)
        let agents = (0..<2).map { SampledAgent.gru(for: game, hidden: 8, seed: UInt64(1 + $0)) }
        var generator = SplitMix64(seed: 7)
        let evaluation = SampledEvaluation.evaluate(game, agents: agents, batch: 64, using: &generator)
        let coins = try #require(evaluation.coins)
        #expect(coins.same + coins.different > 0)
        let rewardPerEpisode = (evaluation.mutual[0] + evaluation.mutual[1]) * 20
        #expect(abs(rewardPerEpisode - (coins.samePerEpisode - coins.differentPerEpisode)) < 1e-4)
    }

    @Test func theSameSeedGivesTheSameEvaluation() throws {
        let game = try CoinGame(episodeLength: 10)
        let agents = (0..<2).map { SampledAgent.gru(for: game, hidden: 8, seed: UInt64(1 + $0)) }
        var first = SplitMix64(seed: 11)
        var second = SplitMix64(seed: 11)
        var third = SplitMix64(seed: 12)
        let a = SampledEvaluation.evaluate(game, agents: agents, batch: 16, using: &first)
        #expect(a == SampledEvaluation.evaluate(game, agents: agents, batch: 16, using: &second))
        #expect(a != SampledEvaluation.evaluate(game, agents: agents, batch: 16, using: &third))
    }
}
