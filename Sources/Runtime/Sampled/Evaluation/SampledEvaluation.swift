import TensorLayer

/// The evaluation of `shared/spec/dice-learning.md` (Evaluation): per-step scores of the two
/// agents against each other and of each against every fixed strategy, and, in the Coin Game,
/// the coins of each colour taken when the agents play each other.
public struct SampledEvaluation: Sendable, Equatable {
    /// `[agent]`: its reward averaged over steps and episodes, playing the other agent.
    public let mutual: [Double]
    /// `againstFixed[strategy][agent]`: agent (in its own seat) against the strategy.
    public let againstFixed: [FixedStrategy: [Double]]
    /// The Coin Game's same- and different-colour coins of the mutual batch (nil in the IPD).
    public let coins: CoinCounts?

    /// The figures' score: the mean over the two agents (against each other, or each against
    /// the same strategy).
    public var mutualScore: Double { mutual.reduce(0, +) / 2 }
    public func score(against strategy: FixedStrategy) -> Double { againstFixed[strategy]!.reduce(0, +) / 2 }
}

extension SampledEvaluation {
    /// Plays one batch of `batch` episodes for the mutual scores and one per agent and fixed
    /// strategy (7 batches), each from its own key drawn from `generator` in that order.
    public static func evaluate<Environment: FixedStrategyEnvironment, G: RandomNumberGenerator>(
        _ environment: Environment, agents: [SampledAgent], batch: Int, using generator: inout G
    ) -> SampledEvaluation {
        precondition(agents.count == 2 && batch >= 1, "two agents and at least one episode")
        var mutualGenerator = SplitMix64(seed: generator.next())
        let mutual = EvaluationPlay(
            environment: environment, seats: agents.map { .agent($0) }, batch: batch
        ).run(using: &mutualGenerator)
        var againstFixed: [FixedStrategy: [Double]] = [:]
        for strategy in FixedStrategy.allCases {
            againstFixed[strategy] = (0..<2).map { i in
                var seats: [EvaluationPlay<Environment>.Seat] = [.agent(agents[i]), .agent(agents[i])]
                seats[1 - i] = .fixed(environment.player(strategy, seat: 1 - i, batch: batch))
                var fixedGenerator = SplitMix64(seed: generator.next())
                return EvaluationPlay(environment: environment, seats: seats, batch: batch)
                    .run(using: &fixedGenerator).scores[i]
            }
        }
        return SampledEvaluation(mutual: mutual.scores, againstFixed: againstFixed, coins: mutual.coins)
    }
}
