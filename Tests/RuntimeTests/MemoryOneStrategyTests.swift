import Glibc
import Runtime
import TensorLayer
import TestSupport
import Testing

/// Fixed memory-one strategies: closed-form values in the game's own units (discounted sums
/// `sum_t gamma^t r_t`, not normalised), either seat, exact 0 and 1, and fixed under learning.
@Suite struct MemoryOneStrategyTests {
    static let (r, s, t, p) = (3.0, 0.0, 5.0, 1.0)
    static let gamma = 0.96

    static func strategy(_ name: NamedStrategy) -> Agent {
        Agent(policy: MemoryOneStrategy(name), parameters: [Tensor(shape: [1, 0], scalars: [])])
    }

    static func values(
        _ first: Agent, _ second: Agent, start: ContributionGame.Start = .separate,
        payoffs: MatrixPayoffs = .prisonersDilemma
    ) throws -> [Double] {
        let game = try ContributionGame(matrix: payoffs, gamma: gamma, start: start)
        return game.values(logits: [first.seated(0).logits(), second.seated(1).logits()]).scalars
    }

    struct Pairing: CustomTestStringConvertible, Sendable {
        let first: NamedStrategy
        let second: NamedStrategy
        let expected: [Double]
        var testDescription: String { "\(first.rawValue) v \(second.rawValue)" }
    }

    static let pairings: [Pairing] = {
        let g = gamma
        return [
            // TFT is suckered once, then both defect: S + gamma P / (1 - gamma).
            Pairing(first: .titForTat, second: .alwaysDefect, expected: [s + g * p / (1 - g), t + g * p / (1 - g)]),
            Pairing(first: .alwaysDefect, second: .titForTat, expected: [t + g * p / (1 - g), s + g * p / (1 - g)]),
            Pairing(first: .alwaysCooperate, second: .alwaysDefect, expected: [s / (1 - g), t / (1 - g)]),
            Pairing(first: .titForTat, second: .titForTat, expected: [r / (1 - g), r / (1 - g)]),
            Pairing(first: .grim, second: .alwaysDefect, expected: [s + g * p / (1 - g), t + g * p / (1 - g)]),
            // WSLS alternates: suckered (CD), then defects (DD), then cooperates again.
            Pairing(
                first: .winStayLoseShift, second: .alwaysDefect,
                expected: [(s + g * p) / (1 - g * g), (t + g * p) / (1 - g * g)]),
            Pairing(
                first: .alwaysDefect, second: .winStayLoseShift,
                expected: [(t + g * p) / (1 - g * g), (s + g * p) / (1 - g * g)]),
            // Nobody defects first, so both cooperate throughout.
            Pairing(first: .winStayLoseShift, second: .alwaysCooperate, expected: [r / (1 - g), r / (1 - g)]),
            Pairing(first: .grim, second: .winStayLoseShift, expected: [r / (1 - g), r / (1 - g)]),
        ]
    }()

    @Test(arguments: pairings)
    func namedPairingsHaveClosedFormValues(_ pairing: Pairing) throws {
        let values = try Self.values(Self.strategy(pairing.first), Self.strategy(pairing.second))
        #expect(maxAbsoluteDifference(values, pairing.expected) < 1e-12)
    }

    @Test func theStartOptionDecidesTheFirstMove() throws {
        // TFT that opens with D against TFT: they alternate under `separate`; under `cc` the
        // first move reads the CC entries, and both cooperate for ever.
        let opener = Agent(
            policy: MemoryOneStrategy(ownView: [0, 1, 0, 1, 0]), parameters: [Tensor(shape: [1, 0], scalars: [])])
        let g = Self.gamma
        let separate = try Self.values(opener, Self.strategy(.titForTat))
        let expected = [(Self.t + g * Self.s) / (1 - g * g), (Self.s + g * Self.t) / (1 - g * g)]
        #expect(maxAbsoluteDifference(separate, expected) < 1e-12)
        let cc = try Self.values(opener, Self.strategy(.titForTat), start: .cc)
        #expect(maxAbsoluteDifference(cc, [Self.r / (1 - g), Self.r / (1 - g)]) < 1e-12)
    }

    @Test func seatOneReadsTheGameFromItsOwnSide() throws {
        let own = [0.1, 0.2, 0.3, 0.4, 0.5]
        #expect(MemoryOneStrategy(ownView: own, seat: 1).gameView == [0.1, 0.3, 0.2, 0.4, 0.5])
        #expect(MemoryOneStrategy(ownView: own, seat: 0).gameView == own)
        // In an asymmetric game, the strategy in seat 1 against a table in the game's order:
        // the independent power series of MatrixGameTests with the permuted table.
        let payoffs = MatrixGameTests.asymmetric
        let fixed = Agent(policy: MemoryOneStrategy(ownView: own), parameters: [Tensor(shape: [1, 0], scalars: [])])
        let q0 = [0.6, 0.25, 0.7, 0.9, 0.35]
        let learner = Agent(
            policy: TabularPolicy(stateCount: 5),
            parameters: [Tensor(shape: [1, 5], scalars: q0.map { log($0 / (1 - $0)) })])
        let values = try Self.values(learner, fixed, payoffs: payoffs)
        let expected = MatrixGameTests.powerSeries(
            payoffs.tables, q: [q0, [0.1, 0.3, 0.2, 0.4, 0.5]], gamma: Self.gamma, start: .separate, steps: 1200)
        #expect(maxAbsoluteDifference(values, expected) < 1e-11)
    }

    @Test func probabilitiesZeroAndOneAreExactAndFinite() {
        let logits = Self.strategy(.titForTat).logits()
        #expect(logits.sigmoid().scalars == [0, 1, 0, 1, 1])
        #expect(logits.scalars.allSatisfy { $0.isFinite })
        // The KL between two copies is 0, not 0 * (inf - inf).
        #expect(klDivergence(target: logits, current: logits).scalars == [0])
    }

    @Test func aLearnersRuleMovesOnlyTheLearner() throws {
        // Against a fixed opponent LOLA's look-ahead has nothing to move, so its step is the
        // naive step; the strategy keeps its (empty) parameters and its policy.
        let game = try ContributionGame(matrix: .prisonersDilemma, gamma: Self.gamma)
        let learner = Agent.random(policy: TabularPolicy(stateCount: 5), seed: 4)
        let state = LearningState(game: game, agents: [learner, Self.strategy(.titForTat).seated(1)])
        let (lola, lolaReport) = try LOLARule(innerRate: 2, outerRate: 0.3).step(state)
        let (naive, _) = try NaiveRule(rate: 0.3).step(state)
        #expect(
            maxAbsoluteDifference(lola.agents[0].parameters[0].scalars, naive.agents[0].parameters[0].scalars) < 1e-14)
        #expect(lola.agents[0].parameters[0].scalars != learner.parameters[0].scalars)
        #expect(lola.agents[1].probabilities().scalars == [0, 0, 1, 1, 1])
        #expect(lolaReport.values[0].allSatisfy { $0.isFinite })
        let (pola, _) = try POLARule(innerRate: 2, outerRate: 0.3, beta: 1).step(state)
        #expect(pola.agents[1].probabilities().scalars == [0, 0, 1, 1, 1])
        #expect(pola.agents[0].parameters[0].scalars.allSatisfy { $0.isFinite })
    }
}
