import Runtime
import TensorLayer
import TestSupport
import Testing

/// The qualitative results of the SOS paper (Letcher et al. 2019) asserted by numbers: where
/// each rule goes on matching pennies and on the tandem game.
@Suite struct ShapingRuleDynamicsTests {
    /// Every run's `(x, y)` after each of `epochs` steps.
    static func path<Game: DifferentiableGame>(
        _ rule: any LearningRule, _ state: LearningState<Game>, epochs: Int
    ) throws -> [[(x: Double, y: Double)]] {
        var state = state
        return try (0..<epochs).map { _ in
            state = try rule.step(state).0
            return positions(state)
        }
    }

    static func radius(_ point: (x: Double, y: Double)) -> Double {
        (point.x * point.x + point.y * point.y).squareRoot()
    }

    /// Logits `(x, y)`; the equilibrium is `(0, 0)`, every start within 1.35 of it.
    static let penniesStarts: [(x: Double, y: Double)] = [(1, -0.5), (0.3, 0.8), (-1.2, -0.6)]

    /// Naive learning at rate 1 turns around the equilibrium, moving outwards: after 200 epochs
    /// every run is more than 3 away (about 4; the logits' sigmoid slows the spiral, which is
    /// why it does not diverge faster) and has crossed `x = 0` at least twice.
    @Test func onMatchingPenniesNaiveLearningCyclesAway() throws {
        let path = try Self.path(NaiveRule(rate: 1), scalarState(MatchingPennies(), Self.penniesStarts), epochs: 200)
        for run in Self.penniesStarts.indices {
            let xs = path.map { $0[run].x }
            let crossings = zip(xs, xs.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
            #expect(crossings >= 2, "run \(run) crossed x = 0 \(crossings) times")
            #expect(Self.radius(path.last![run]) > 3, "run \(run) ends \(Self.radius(path.last![run])) away")
        }
    }

    /// SGA, CO, SOS and CGD at rate 1 (the paper's) reach the equilibrium: within 1e-3 of it
    /// after 300 epochs (they contract by about 3% an epoch).
    @Test(arguments: ["sga", "co", "sos", "cgd"])
    func onMatchingPenniesTheAdjustedRulesConverge(_ name: String) throws {
        let rule: any LearningRule =
            switch name {
            case "sga": try SGARule(rate: 1)
            case "co": try ConsensusRule(rate: 1)
            case "sos": try SOSRule(innerRate: 1, outerRate: 1)
            default: try CGDRule(rate: 1)
            }
        let path = try Self.path(rule, scalarState(MatchingPennies(), Self.penniesStarts), epochs: 300)
        for run in Self.penniesStarts.indices {
            #expect(Self.radius(path.last![run]) < 1e-3, "run \(run) ends \(Self.radius(path.last![run])) away")
        }
    }

    /// Three starts on the tandem game's line of fixed points `x + y = 1` (every loss there is
    /// `1 - 2x`, `1 - 2y`), and one off it.
    static let tandemStarts: [(x: Double, y: Double)] = [(0.5, 0.5), (0, 1), (1.3, -0.3), (0.2, 0.5)]
    static let eta = 0.1

    /// LOLA moves both agents by the same amount until `xi_0 = eta chi`:
    /// `(2s - 2)(1 - 2 eta) = 4 eta s`, so `s = (1 - 2 eta) / (1 - 4 eta)` (4/3 at eta = 0.1), and
    /// every loss rises by `s^2 - 1 - (s - 1) = 4/9` from a start on the line: worse for both.
    @Test func onTheTandemGameLOLALeavesTheStableFixedPoints() throws {
        let start = scalarState(Tandem(), Self.tandemStarts)
        let rule = try LOLARule(innerRate: Self.eta, outerRate: Self.eta, taylor: true)
        let end = try Self.path(rule, start, epochs: 300).last!
        let s = (1 - 2 * Self.eta) / (1 - 4 * Self.eta)
        #expect(maxAbsoluteDifference(end.map { $0.x + $0.y }, [Double](repeating: s, count: 4)) < 1e-9)
        let before = start.values().scalars
        let after = try rule.step(scalarState(Tandem(), end)).0.values().scalars
        let lossIncrease = zip(before, after).map { $0 - $1 }.prefix(6)
        #expect(maxAbsoluteDifference(Array(lossIncrease), [Double](repeating: 4.0 / 9, count: 6)) < 1e-9)
    }

    /// LookAhead and SOS keep every start on the line exactly (there `xi = 0`, and SOS's p is
    /// `|xi|^2 = 0`), and take the start off it to the line.
    @Test(arguments: ["sos", "lookahead"])
    func onTheTandemGameSOSAndLookAheadStay(_ name: String) throws {
        let rule: any LearningRule =
            name == "sos"
            ? try SOSRule(innerRate: Self.eta, outerRate: Self.eta)
            : try LookAheadRule(innerRate: Self.eta, outerRate: Self.eta)
        let end = try Self.path(rule, scalarState(Tandem(), Self.tandemStarts), epochs: 300).last!
        for run in 0..<3 {
            #expect(abs(end[run].x - Self.tandemStarts[run].x) < 1e-12, "run \(run) moved")
            #expect(abs(end[run].y - Self.tandemStarts[run].y) < 1e-12, "run \(run) moved")
        }
        #expect(abs(end[3].x + end[3].y - 1) < 1e-9)
    }
}
