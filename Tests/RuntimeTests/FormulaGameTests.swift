import Runtime
import TensorLayer
import TestSupport
import Testing

/// The formula game on the tandem game, written as a closure: the same first steps as the
/// hand-written `Tandem` game, and a failing formula that installs nothing.
@Suite struct FormulaGameTests {
    struct FormulaFailed: Error {}

    static func tandem() -> FormulaGame {
        FormulaGame(agents: 2) { points in
            let s = points[0] + points[1]
            return [s * s - 2 * points[0], s * s - 2 * points[1]]
        }
    }

    static func players() -> [FormulaGame.Player] {
        let starts = DifferentiableGameTests.starts
        return [starts.map(\.x), starts.map(\.y)].map { seat in
            FormulaGame.Player(point: Tensor(shape: [seat.count, 1], scalars: seat))
        }
    }

    /// Every rule's first step equals the hand-written game's, whose test checks it against
    /// the closed form; the formula game's values are minus its losses.
    @Test(arguments: DifferentiableGameTests.firstUpdates)
    func rulesStepAsOnTheHandWrittenTandemGame(_ update: DifferentiableGameTests.FirstUpdate) throws {
        let (formula, formulaReport) = try update.rule().step(
            LearningState(game: Self.tandem(), agents: Self.players()))
        let (written, writtenReport) = try update.rule().step(try DifferentiableGameTests.state())
        for seat in 0..<2 {
            let difference = maxAbsoluteDifference(
                formula.agents[seat].parameters[0].scalars, written.agents[seat].parameters[0].scalars)
            #expect(difference < 1e-14, "seat \(seat)")
        }
        for run in DifferentiableGameTests.starts.indices {
            #expect(maxAbsoluteDifference(formulaReport.values[run], writtenReport.values[run]) < 1e-14)
        }
    }

    /// POLA's proximal term for real parameters is the squared distance, as the hand-written
    /// game's (whose test checks the closed-form solution): the two agree to rounding.
    @Test func polaUsesTheSquaredDistance() throws {
        let rule = try POLARule(innerRate: 0.2, outerRate: 0.1, beta: 1, tolerance: 1e-24)
        let (formula, formulaReport) = try rule.step(LearningState(game: Self.tandem(), agents: Self.players()))
        let (written, writtenReport) = try rule.step(try DifferentiableGameTests.state())
        for seat in 0..<2 {
            #expect(
                maxAbsoluteDifference(
                    formula.agents[seat].parameters[0].scalars, written.agents[seat].parameters[0].scalars) < 1e-12)
        }
        #expect(formulaReport.proximalIterations == writtenReport.proximalIterations)
        let divergence = Self.tandem().divergence(reference: Tensor(rows: [[1, 2]]), current: Tensor(rows: [[0, 4]]))
        #expect(divergence.scalars == [5])
    }

    @Test func lossesAreReadPerRun() throws {
        let losses = try Self.tandem().losses(of: Self.players())
        for (run, start) in DifferentiableGameTests.starts.enumerated() {
            let s = start.x + start.y
            #expect(maxAbsoluteDifference(losses[run], [s * s - 2 * start.x, s * s - 2 * start.y]) < 1e-15)
        }
    }

    /// A formula that throws where the look-ahead goes (y' > 1 here, never at the start): the
    /// error is kept and the values there are NaN. Whether the step then fails depends on
    /// where the NaN lands (here it reaches the installed values), so the caller checks
    /// `failure` either way; an interruption that fires on it stops the rule at its next check.
    @Test func aFailingFormulaIsRecordedAndCanStopTheStep() throws {
        func game() -> FormulaGame {
            FormulaGame(agents: 2) { points in
                if points[1].scalars.contains(where: { $0 > 1 }) { throw FormulaFailed() }
                let s = points[0] + points[1]
                return [s * s - 2 * points[0], s * s - 2 * points[1]]
            }
        }
        // y' = y - eta (2s - 2) = 0.95 + 0.5 * 2.1 = 2.
        let start = [FormulaGame.Player([-1]), FormulaGame.Player([0.95])]
        let quiet = game()
        #expect(quiet.failure == nil)
        _ = try? LOLARule(innerRate: 0.5, outerRate: 0.1).step(LearningState(game: quiet, agents: start))
        #expect(quiet.failure is FormulaFailed)
        let values = quiet.values([Tensor(rows: [[0]]), Tensor(rows: [[2]])]).scalars
        #expect(values.allSatisfy { $0.isNaN })

        let watched = game()
        let rule = try LOLARule(innerRate: 0.5, outerRate: 0.1, outerSteps: 2)
        #expect(throws: RuntimeError.interrupted) {
            try rule.step(
                LearningState(game: watched, agents: start), interruption: Interruption { watched.failure != nil })
        }
    }
}
