import Dispatch
import TensorLayer

/// The evaluation of `docs/dice-learning.md` (Evaluation): per-step scores of the two
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
    /// strategy (7 batches), each from its own key drawn from `generator` in that order; the
    /// batches run on two threads, and the keys make the numbers independent of the threads.
    public static func evaluate<Environment: FixedStrategyEnvironment, G: RandomNumberGenerator>(
        _ environment: Environment, agents: [SampledAgent], batch: Int, using generator: inout G
    ) -> SampledEvaluation {
        precondition(agents.count == 2 && batch >= 1, "two agents and at least one episode")
        let strategies = FixedStrategy.allCases
        // Pairing 0 is the agents against each other; pairing 1 + 2k + i is agent i against strategy k.
        let keys = (0..<(1 + 2 * strategies.count)).map { _ in generator.next() }
        let outcomes = Locked([(scores: [Double], coins: CoinCounts?)?](repeating: nil, count: keys.count))
        DispatchQueue.concurrentPerform(iterations: keys.count) { pairing in
            var seats: [EvaluationPlay<Environment>.Seat] = agents.map { .agent($0) }
            if pairing > 0 {
                let (k, i) = (pairing - 1).quotientAndRemainder(dividingBy: 2)
                seats[1 - i] = .fixed(environment.player(strategies[k], seat: 1 - i, batch: batch))
            }
            var pairingGenerator = SplitMix64(seed: keys[pairing])
            let outcome = EvaluationPlay(environment: environment, seats: seats, batch: batch)
                .run(using: &pairingGenerator)
            outcomes.withLock { $0[pairing] = outcome }
        }
        let played = outcomes.withLock { $0 }.map { $0! }
        var againstFixed: [FixedStrategy: [Double]] = [:]
        for (k, strategy) in strategies.enumerated() {
            againstFixed[strategy] = (0..<2).map { i in played[1 + 2 * k + i].scores[i] }
        }
        return SampledEvaluation(mutual: played[0].scores, againstFixed: againstFixed, coins: played[0].coins)
    }
}
