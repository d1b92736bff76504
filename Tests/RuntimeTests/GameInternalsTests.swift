import Glibc
import Runtime
import TensorLayer
import TestSupport
import Testing

/// The internals shown for teaching, against the values they make up and finite differences.
@Suite struct GameInternalsTests {
    static func agent(_ logits: [Double]) -> Agent {
        Agent(policy: TabularPolicy(stateCount: 5), parameters: [Tensor(shape: [1, 5], scalars: logits)])
    }

    static let players = [agent([0.1, -0.2, 0.3, 0.4, -0.5]), agent([0.2, 0.1, -0.3, 0.5, 0.05])]

    static func probabilities(_ players: [Agent]) -> [[Double]] { players.map { $0.probabilities().scalars } }

    static let games: [ContributionGame] = [
        try! ContributionGame(contributionFactor: 1.33),
        try! ContributionGame(contributionFactor: 1.33, start: .cc),
        try! ContributionGame(matrix: MatrixGameTests.asymmetric, gamma: 0.9, horizon: 6),
        try! ContributionGame(matrix: .battleOfSexes, gamma: 0.8, start: .cc, horizon: 1),
    ]

    @Test(arguments: games)
    func visitsTimesRewardsAreTheValues(game: ContributionGame) {
        let q = Self.probabilities(Self.players)
        let rows = game.transitionRows(probabilities: q)
        #expect(rows.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-15 })
        let visits = game.visitation(probabilities: q)
        let values = (0..<2).map { a in
            (0..<4).reduce(0.0) { $0 + visits[$1] * game.reward(agent: a, jointAction: $1) }
        }
        #expect(maxAbsoluteDifference(values, game.values(probabilities: q)) < 1e-12)
        // The visits add up to the discounted steps.
        let steps = game.horizon.map { (1 - pow(game.gamma, Double($0))) / (1 - game.gamma) } ?? 1 / (1 - game.gamma)
        #expect(abs(visits.reduce(0, +) - steps) < 1e-12)
    }

    @Test func theStartRowIsTheFirstMove() throws {
        let game = try ContributionGame(contributionFactor: 1.33, start: .cc)
        let rows = game.transitionRows(probabilities: Self.probabilities(Self.players))
        #expect(rows[4] == rows[3])
    }

    /// `dV_a / d theta_j[k]` by central differences of the values.
    static func finiteDifference(_ game: ContributionGame, _ players: [Agent], agent a: Int, seat j: Int, index k: Int)
        -> Double
    {
        let h = 1e-6
        func value(_ shift: Double) -> Double {
            var scalars = players[j].parameters[0].scalars
            scalars[k] += shift
            var moved = players
            moved[j] = players[j].with([Tensor(shape: [1, scalars.count], scalars: scalars)])
            return game.values(logits: moved.map { $0.logits() }).scalars[a]
        }
        return (value(h) - value(-h)) / (2 * h)
    }

    @Test(arguments: games)
    func valueGradientsMatchFiniteDifferences(game: ContributionGame) {
        for j in 0..<2 {
            let gradients = game.valueGradients(Self.players, withRespectTo: j)
            for a in 0..<2 {
                let expected = (0..<5).map { Self.finiteDifference(game, Self.players, agent: a, seat: j, index: $0) }
                #expect(maxAbsoluteDifference(gradients[a], expected) < 1e-7, "dV\(a)/dtheta\(j)")
            }
        }
    }

    @Test func theShapingTermIsTheDerivativeOfTheGradientProduct() throws {
        let game = try ContributionGame(contributionFactor: 1.33)
        let eta = 2.0
        let terms = game.lolaTerms(Self.players, learner: 0, innerRate: eta)
        // Naive: -dV0/dtheta0.
        let naive = game.valueGradients(Self.players, withRespectTo: 0)[0].map { -$0 }
        #expect(maxAbsoluteDifference(terms.naive, naive) < 1e-14)
        // Shaping: -eta d/dtheta0 (grad_1 L_0 . grad_1 L_1), the product from first-order
        // gradients, differentiated by central differences (no second-order autodiff involved).
        func product(_ shift: Double, _ k: Int) -> Double {
            var scalars = Self.players[0].parameters[0].scalars
            scalars[k] += shift
            let moved = [Self.players[0].with([Tensor(shape: [1, 5], scalars: scalars)]), Self.players[1]]
            let g = game.valueGradients(moved, withRespectTo: 1)
            return zip(g[0], g[1]).reduce(0) { $0 + $1.0 * $1.1 }  // (-a) . (-b) = a . b
        }
        let h = 1e-5
        let expected = (0..<5).map { k in -eta * (product(h, k) - product(-h, k)) / (2 * h) }
        #expect(maxAbsoluteDifference(terms.shaping, expected) < 1e-7)
    }

    @Test func lolasTaylorStepDescendsNaivePlusShaping() throws {
        let game = try ContributionGame(matrix: MatrixGameTests.asymmetric, gamma: 0.9)
        let (eta, alpha) = (1.5, 0.3)
        let (next, _) = try LOLARule(innerRate: eta, outerRate: alpha, taylor: true).step(
            LearningState(game: game, agents: Self.players))
        for i in 0..<2 {
            let terms = game.lolaTerms(Self.players, learner: i, innerRate: eta)
            let expected = zip(Self.players[i].parameters[0].scalars, zip(terms.naive, terms.shaping)).map {
                $0 - alpha * ($1.0 + $1.1)
            }
            #expect(maxAbsoluteDifference(next.agents[i].parameters[0].scalars, expected) < 1e-13)
        }
    }

    @Test func aFixedOpponentCannotBeShaped() throws {
        let game = try ContributionGame(matrix: .prisonersDilemma)
        let fixed = Agent(
            policy: MemoryOneStrategy(.titForTat).seated(1), parameters: [Tensor(shape: [1, 0], scalars: [])])
        let terms = game.lolaTerms([Self.players[0], fixed], learner: 0, innerRate: 3)
        #expect(terms.shaping == [0, 0, 0, 0, 0])
    }
}
