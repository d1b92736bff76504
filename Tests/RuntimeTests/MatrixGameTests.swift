import Runtime
import TensorLayer
import TestSupport
import Testing

/// Matrix games' exact values against an independent power series written here from the
/// conventions alone: each agent's table from its own side (row = its action, column = the
/// other's, C first), states `DD, DC, CD, CC, start` with agent 0's action first, values
/// `sum_t gamma^t r_t` (not normalised).
@Suite struct MatrixGameTests {
    /// An asymmetric game: no entry of one table equals its mirror in the other.
    static let asymmetric = MatrixPayoffs([[[3, -1], [4.5, 0.5]], [[2, 0.25], [6, -2]]])

    struct Case: CustomTestStringConvertible, Sendable {
        let start: ContributionGame.Start
        let horizon: Int?
        var testDescription: String { "start \(start.rawValue), horizon \(horizon.map(String.init) ?? "none")" }
    }

    static let cases = [ContributionGame.Start.separate, .cc].flatMap { start in
        [nil, 1, 2, 7].map { Case(start: start, horizon: $0) }
    }

    /// `sum_{t < steps} gamma^t E[r_t]` by pushing the joint-action distribution forward.
    static func powerSeries(
        _ tables: [[[Double]]], q: [[Double]], gamma: Double, start: ContributionGame.Start, steps: Int
    ) -> [Double] {
        // Joint action (c0, c1), 1 = cooperated; its state index is 2 c0 + c1.
        func probability(_ c0: Int, _ c1: Int, state: Int) -> Double {
            (c0 == 1 ? q[0][state] : 1 - q[0][state]) * (c1 == 1 ? q[1][state] : 1 - q[1][state])
        }
        func payoff(_ agent: Int, _ c0: Int, _ c1: Int) -> Double {
            let (mine, theirs) = agent == 0 ? (c0, c1) : (c1, c0)
            return tables[agent][1 - mine][1 - theirs]
        }
        let firstState = start == .separate ? 4 : 3
        var distribution = (0..<4).map { probability($0 / 2, $0 % 2, state: firstState) }
        var values = [0.0, 0.0]
        var weight = 1.0
        for _ in 0..<steps {
            for s in 0..<4 {
                for agent in 0..<2 { values[agent] += weight * distribution[s] * payoff(agent, s / 2, s % 2) }
            }
            distribution = (0..<4).map { next in
                (0..<4).reduce(0) { $0 + distribution[$1] * probability(next / 2, next % 2, state: $1) }
            }
            weight *= gamma
        }
        return values
    }

    @Test(arguments: cases)
    func valuesMatchAPowerSeries(_ c: Case) throws {
        let gamma = 0.9
        let game = try ContributionGame(matrix: Self.asymmetric, gamma: gamma, start: c.start, horizon: c.horizon)
        var generator = SplitMix64(seed: 7)
        let q = (0..<2).map { _ in (0..<5).map { _ in generator.uniform(in: 0.05...0.95) } }
        // 0.9^600 * 6 / 0.1 is far below 1e-12.
        let expected = Self.powerSeries(
            Self.asymmetric.tables, q: q, gamma: gamma, start: c.start, steps: c.horizon ?? 600)
        #expect(maxAbsoluteDifference(game.values(probabilities: q), expected) < 1e-12)
    }

    @Test func oneShotValueIsTheExpectedPayoff() throws {
        let game = try ContributionGame(matrix: Self.asymmetric, horizon: 1)
        // Agent 0 cooperates at the start with 0.25, agent 1 with 0.5: the first move alone counts.
        let q = [[0.9, 0.9, 0.9, 0.9, 0.25], [0.1, 0.1, 0.1, 0.1, 0.5]]
        let v0 = 0.25 * (0.5 * 3 + 0.5 * -1) + 0.75 * (0.5 * 4.5 + 0.5 * 0.5)
        let v1 = 0.5 * (0.25 * 2 + 0.75 * 0.25) + 0.5 * (0.25 * 6 + 0.75 * -2)
        #expect(maxAbsoluteDifference(game.values(probabilities: q), [v0, v1]) < 1e-12)
    }

    @Test func pureProfilesHaveGeometricValues() throws {
        let gamma = 0.8
        let game = try ContributionGame(matrix: Self.asymmetric, gamma: gamma)
        // Agent 0 always defects, agent 1 always cooperates: T0 and S1 every step.
        let values = game.values(probabilities: [[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]])
        #expect(maxAbsoluteDifference(values, [4.5 / (1 - gamma), 0.25 / (1 - gamma)]) < 1e-12)
    }

    @Test func rewardsFollowEachAgentsOwnView() throws {
        let game = try ContributionGame(matrix: Self.asymmetric)
        // State DC: agent 0 defected, agent 1 cooperated.
        #expect(game.reward(agent: 0, jointAction: 1) == 4.5)
        #expect(game.reward(agent: 1, jointAction: 1) == 0.25)
        #expect(game.reward(agent: 0, jointAction: 2) == -1)
        #expect(game.reward(agent: 1, jointAction: 2) == 6)
        #expect(game.stateNames == ["DD", "DC", "CD", "CC", "start"])
        #expect(game.contributionFactor == nil)
        #expect(abs(game.cooperativeValue - 2.5 / 0.04) < 1e-12)
    }

    struct Preset: CustomTestStringConvertible, Sendable {
        let name: String
        let payoffs: MatrixPayoffs
        let tables: [[[Double]]]
        var testDescription: String { name }
    }

    static let presets = [
        Preset(
            name: "prisoner's dilemma", payoffs: .prisonersDilemma,
            tables: [[[3, 0], [5, 1]], [[3, 0], [5, 1]]]),
        Preset(name: "stag hunt", payoffs: .stagHunt, tables: [[[3, 0], [2, 1]], [[3, 0], [2, 1]]]),
        Preset(name: "chicken", payoffs: .chicken, tables: [[[0, -1], [1, -10]], [[0, -1], [1, -10]]]),
        Preset(
            name: "matching pennies", payoffs: .matchingPennies, tables: [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]),
        Preset(
            name: "battle of the sexes", payoffs: .battleOfSexes, tables: [[[3, 0], [0, 2]], [[2, 0], [0, 3]]]),
    ]

    @Test(arguments: presets)
    func presetTables(_ preset: Preset) {
        #expect(preset.payoffs.tables == preset.tables)
    }

    @Test func thePrisonersDilemmaIsTheContributionGameScaled() throws {
        // With R = cf - 1, S = cf/2 - 1, T = cf/2, P = 0 the matrix game is the ipd exactly.
        let cf = 1.33
        let matrix = try ContributionGame(
            matrix: MatrixPayoffs(reward: cf - 1, sucker: cf / 2 - 1, temptation: cf / 2, punishment: 0), gamma: 0.96)
        let ipd = try ContributionGame(contributionFactor: cf)
        var generator = SplitMix64(seed: 3)
        let q = (0..<2).map { _ in (0..<5).map { _ in generator.uniform(in: 0.05...0.95) } }
        #expect(maxAbsoluteDifference(matrix.values(probabilities: q), ipd.values(probabilities: q)) < 1e-12)
    }

    @Test func badPayoffsAreRefused() {
        #expect(throws: RuntimeError.invalidSetting(.payoff, value: .infinity, expected: .finite)) {
            try ContributionGame(matrix: MatrixPayoffs(symmetric: [[1, .infinity], [0, 0]]))
        }
        #expect(throws: RuntimeError.invalidSetting(.payoff, value: 1e300, expected: .magnitudeAtMost(1e300 * 0.5))) {
            try ContributionGame(matrix: MatrixPayoffs(symmetric: [[1, 1e300], [0, 0]]), gamma: 0.5)
        }
    }
}
