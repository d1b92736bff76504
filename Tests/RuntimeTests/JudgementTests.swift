import Runtime
import Testing

/// The paper's TFT judgement measured from mutual defection, so it reads alike whatever the
/// payoffs' sign or offset (`Judgement.isTitForTat`).
@Suite struct JudgementTests {
    /// Near-deterministic tit-for-tat in both seats (policies over `DD, DC, CD, CC, start`).
    static let titForTat = [[0.01, 0.99, 0.02, 0.99, 0.99], [0.01, 0.02, 0.99, 0.99, 0.99]]
    static let alwaysDefect = [[Double]](repeating: [0.01, 0.01, 0.01, 0.01, 0.01], count: 2)

    /// The classic IPD (-1, -3, 0, -2: cooperation worth -25, defection -50 at gamma 0.96) and
    /// the prisoner's dilemma shifted by constants: a clear TFT pair is TFT, mutual defection
    /// is not. Measured from zero, the TFT pair failed whenever cooperation is worth less than
    /// nothing (0.8 V_CC > V_CC), and mutual defection passed once every payoff is large.
    @Test(arguments: [
        MatrixPayoffs(reward: -1, sucker: -3, temptation: 0, punishment: -2),
        shifted(by: -10), shifted(by: -3), shifted(by: 0), shifted(by: 100),
    ])
    func tftIsJudgedFromMutualDefection(payoffs: MatrixPayoffs) throws {
        let game = try ContributionGame(matrix: payoffs)
        let tft = game.values(probabilities: Self.titForTat)
        #expect(Judgement.isTitForTat(game: game, policies: Self.titForTat, values: tft))
        let defection = game.values(probabilities: Self.alwaysDefect)
        #expect(!Judgement.isTitForTat(game: game, policies: Self.alwaysDefect, values: defection))
    }

    @Test func mutualDefectionValueIsTheFloor() throws {
        let classic = try ContributionGame(matrix: MatrixPayoffs(reward: -1, sucker: -3, temptation: 0, punishment: -2))
        #expect(abs(classic.mutualDefectionValue - -50) < 1e-9)
        #expect(abs(classic.cooperativeValue - -25) < 1e-9)
        let contribution = try ContributionGame(contributionFactor: 1.33)
        #expect(contribution.mutualDefectionValue == 0)
    }

    static func shifted(by offset: Double) -> MatrixPayoffs {
        MatrixPayoffs(reward: 3 + offset, sucker: offset, temptation: 5 + offset, punishment: 1 + offset)
    }
}
