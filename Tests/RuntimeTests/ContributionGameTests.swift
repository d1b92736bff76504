import Runtime
import TensorLayer
import TestSupport
import Testing

@Suite struct ContributionGameTests {
    let ipd = try! ContributionGame(contributionFactor: 1.33)

    @Test(arguments: [
        (state: 0, agent: 0, reward: 0.0), (state: 0, agent: 1, reward: 0.0),
        (state: 1, agent: 0, reward: 0.665), (state: 1, agent: 1, reward: -0.335),
        (state: 2, agent: 0, reward: -0.335), (state: 2, agent: 1, reward: 0.665),
        (state: 3, agent: 0, reward: 0.33), (state: 3, agent: 1, reward: 0.33),
    ])
    func rewardsOfTheIPD(state: Int, agent: Int, reward: Double) {
        #expect(abs(ipd.reward(agent: agent, jointAction: state) - reward) < 1e-15)
    }

    @Test func statesAreNamedWithAgentZeroFirst() throws {
        #expect(ipd.stateNames == ["DD", "DC", "CD", "CC", "start"])
        #expect(
            try ContributionGame(agents: 3, contributionFactor: 1.8).stateNames
                == ["DDD", "DDC", "DCD", "DCC", "CDD", "CDC", "CCD", "CCC", "start"])
    }

    @Test func mutualCooperationIsWorthTheGeometricSum() {
        let values = ipd.values(probabilities: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]])
        #expect(maxAbsoluteDifference(values, [8.25, 8.25]) < 1e-12)
        #expect(abs(ipd.cooperativeValue - 8.25) < 1e-12)
    }

    @Test func alwaysDefectAgainstAlwaysCooperate() {
        // The defector earns cf/2 every step, the cooperator cf/2 - 1.
        let values = ipd.values(probabilities: [[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]])
        #expect(maxAbsoluteDifference(values, [0.665 / 0.04, -0.335 / 0.04]) < 1e-10)
    }

    @Test func theCCStartOptionUsesTheCooperateEntry() throws {
        let game = try ContributionGame(contributionFactor: 1.33, start: .cc)
        // Start entry says defect, CC entry says cooperate: under `cc` both always cooperate.
        let values = game.values(probabilities: [[0, 0, 0, 1, 0], [0, 0, 0, 1, 0]])
        #expect(maxAbsoluteDifference(values, [8.25, 8.25]) < 1e-12)
    }

    /// Exact values of any n against a brute-force power series in plain Swift.
    @Test(arguments: [2, 3, 4])
    func valuesMatchABruteForceSum(agents: Int) throws {
        let game = try ContributionGame(agents: agents, contributionFactor: 1.5, gamma: 0.9)
        var generator = SplitMix64(seed: UInt64(agents))
        let q = (0..<agents).map { _ in (0..<game.stateCount).map { _ in generator.uniform(in: 0.05...0.95) } }
        func pr(_ s: Int, given x: Int) -> Double {
            (0..<agents).reduce(1) { p, i in p * (game.cooperated(i, in: s) ? q[i][x] : 1 - q[i][x]) }
        }
        var distribution = (0..<game.jointActions).map { pr($0, given: game.jointActions) }
        var expected = [Double](repeating: 0, count: agents)
        var weight = 1.0
        for _ in 0..<400 {
            for a in 0..<agents {
                for s in 0..<game.jointActions {
                    expected[a] += weight * distribution[s] * game.reward(agent: a, jointAction: s)
                }
            }
            distribution = (0..<game.jointActions).map { s in
                (0..<game.jointActions).reduce(0) { $0 + distribution[$1] * pr(s, given: $1) }
            }
            weight *= game.gamma
        }
        #expect(maxAbsoluteDifference(game.values(probabilities: q), expected) < 1e-9)
    }

    @Test func aLongFiniteHorizonApproachesTheDiscountedValue() throws {
        let q = [[0.2, 0.7, 0.4, 0.9, 0.5], [0.3, 0.6, 0.5, 0.8, 0.6]]
        let infinite = ipd.values(probabilities: q)
        let long = try ContributionGame(contributionFactor: 1.33, horizon: 2000).values(probabilities: q)
        #expect(maxAbsoluteDifference(long, infinite) < 1e-12)
        // One step: just the expected first reward.
        let first = try ContributionGame(contributionFactor: 1.33, horizon: 1).values(probabilities: q)
        let p0 = [0.5 * 0.4, 0.5 * 0.6, 0.5 * 0.4, 0.5 * 0.6]
        let expected = (0..<2).map { a in (0..<4).reduce(0) { $0 + p0[$1] * ipd.reward(agent: a, jointAction: $1) } }
        #expect(maxAbsoluteDifference(first, expected) < 1e-15)
    }

    @Test func saturatedPoliciesStayFinite() {
        let logits = [
            Tensor(shape: [1, 5], scalars: [-800, 800, -40, 900, 50]),
            Tensor(shape: [1, 5], scalars: [700, -800, 40, 900, -50]),
        ]
        let variables = logits.map { Tensor.variable($0) }
        let values = ipd.values(logits: variables)
        let slopes = gradients(of: values.sum(), at: variables)
        #expect(values.isFinite)
        #expect(slopes.allSatisfy { $0.isFinite })
    }
}
