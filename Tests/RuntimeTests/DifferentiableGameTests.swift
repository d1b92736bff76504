import Runtime
import TensorLayer
import TestSupport
import Testing

/// The "tandem" game (Letcher et al., 2019, "Stable opponent shaping"): two agents with one
/// real parameter each, `x` and `y`, and losses `L1 = (x + y)^2 - 2x`, `L2 = (x + y)^2 - 2y`.
///
/// It shares nothing with the contribution game (no states, no probabilities, no logits), so
/// the rules running on it see a game only through `DifferentiableGame`.
struct Tandem: DifferentiableGame {
    /// One real number, used as it is: a parametrised policy that is not a `Policy`, as a
    /// recurrent policy will not be.
    struct Scalar: ParametrisedPolicy {
        var parameterShapes: [[Int]] { [[1]] }
        var kind: String { "scalar" }
        func randomParameters(using generator: inout SplitMix64) -> [Tensor<Double>] {
            [Tensor([generator.normal(std: 1)])]
        }
    }

    struct Player: LearningAgent {
        let policy = Scalar()
        let parameters: [Tensor<Double>]
        func with(_ parameters: [Tensor<Double>]) -> Player { Player(parameters: parameters) }
    }

    var agents: Int { 2 }

    func behaviour(of player: Player) -> Tensor<Double> { player.parameters[0] }

    /// `[-L1, -L2]`, `[runs, 2]`.
    func values(_ behaviours: [Tensor<Double>]) -> Tensor<Double> {
        let x = behaviours[0]
        let y = behaviours[1]
        let s = x + y
        return Tensor.concatenate([2 * x - s * s, 2 * y - s * s], axis: 1)
    }

    /// A deterministic parameter has no KL: the proximal term is the squared distance.
    func divergence(reference: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
        let step = current - reference.detached()
        return (step * step).sum(axis: 1)
    }
}

@Suite struct DifferentiableGameTests {
    /// Starting points `(x, y)`, batched as three runs.
    static let starts: [(x: Double, y: Double)] = [(0.3, -0.1), (1, 2), (-0.5, 0.25)]
    static let alpha = 0.1, eta = 0.2

    static func state() throws -> LearningState<Tandem> {
        let players = try [starts.map(\.x), starts.map(\.y)].map { seat in
            let player = Tandem.Player(parameters: [Tensor(shape: [seat.count, 1], scalars: seat)])
            try player.policy.validate(player.parameters)
            return player
        }
        return LearningState(game: Tandem(), agents: players)
    }

    struct FirstUpdate: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let rule: @Sendable () throws -> any LearningRule
        /// Agent 0's new `x` from the start `(x, y)`; the game is symmetric, so agent 1's new
        /// `y` is the same function of `(y, x)`.
        let closedForm: @Sendable (_ x: Double, _ y: Double) -> Double
    }

    /// With `s = x + y`: `dL1/dx = 2s - 2`, `dL1/dy = 2s`, `dL2/dy = 2s - 2`.
    static let firstUpdates: [FirstUpdate] = [
        // Naive: x' = x - alpha (2s - 2).
        FirstUpdate(testDescription: "naive", rule: { try NaiveRule(rate: alpha) }) { x, y in
            x - alpha * (2 * (x + y) - 2)
        },
        // LOLA, Taylor: the shaping term dL1/dy . dL2/dy = 2s (2s - 2) has x-derivative 8s - 4,
        // so x' = x - alpha (2s - 2 - eta (8s - 4)).
        FirstUpdate(
            testDescription: "lola taylor", rule: { try LOLARule(innerRate: eta, outerRate: alpha, taylor: true) }
        ) {
            x, y in
            let s = x + y
            return x - alpha * (2 * s - 2 - eta * (8 * s - 4))
        },
        // LOLA, actual update: the other's look-ahead y' = y - eta (2s - 2) gives
        // x + y' = (1 - 2 eta) s + 2 eta, and d/dx L1(x, y'(x)) = 2 (1 - 2 eta) (x + y') - 2.
        FirstUpdate(testDescription: "lola actual", rule: { try LOLARule(innerRate: eta, outerRate: alpha) }) { x, y in
            let lookedAhead = (1 - 2 * eta) * (x + y) + 2 * eta
            return x - alpha * (2 * (1 - 2 * eta) * lookedAhead - 2)
        },
    ]

    @Test(arguments: firstUpdates)
    func rulesTakeTheHandComputedFirstStep(_ update: FirstUpdate) throws {
        let (next, report) = try update.rule().step(try Self.state())
        let x = next.agents[0].parameters[0].scalars
        let y = next.agents[1].parameters[0].scalars
        for (run, start) in Self.starts.enumerated() {
            let expected = (x: update.closedForm(start.x, start.y), y: update.closedForm(start.y, start.x))
            #expect(abs(x[run] - expected.x) < 1e-12, "x of run \(run)")
            #expect(abs(y[run] - expected.y) < 1e-12, "y of run \(run)")
            // The report's values are the game's objectives at the new parameters.
            let s = expected.x + expected.y
            #expect(
                maxAbsoluteDifference(report.values[run], [2 * expected.x - s * s, 2 * expected.y - s * s]) < 1e-12)
        }
    }

    /// POLA's proximal iterations solve `min_x L1(x, y'(x)) + beta (x - x0)^2`, which is
    /// quadratic here: setting its derivative `2 (1 - 2 eta) ((1 - 2 eta)(x + y0) + 2 eta) - 2
    /// + 2 beta (x - x0)` to zero gives
    /// `x* = (2 + 2 beta x0 - 2 (1 - 2 eta) ((1 - 2 eta) y0 + 2 eta)) / (2 (1 - 2 eta)^2 + 2 beta)`.
    /// Each iteration shrinks the distance to `x*` by `1 - alpha (2 (1 - 2 eta)^2 + 2 beta)`
    /// (0.728 here), and stops once a step moves less than `sqrt(tol)` = 1e-12.
    @Test func polaSolvesTheProximalProblem() throws {
        let beta = 1.0
        let rule = try POLARule(innerRate: Self.eta, outerRate: Self.alpha, beta: beta, tolerance: 1e-24)
        let (next, report) = try rule.step(try Self.state())
        let x = next.agents[0].parameters[0].scalars
        let y = next.agents[1].parameters[0].scalars
        let shrink = 1 - 2 * Self.eta
        func solution(_ own: Double, _ other: Double) -> Double {
            (2 + 2 * beta * own - 2 * shrink * (shrink * other + 2 * Self.eta)) / (2 * shrink * shrink + 2 * beta)
        }
        for (run, start) in Self.starts.enumerated() {
            #expect(abs(x[run] - solution(start.x, start.y)) < 1e-10, "x of run \(run)")
            #expect(abs(y[run] - solution(start.y, start.x)) < 1e-10, "y of run \(run)")
            #expect(report.proximalIterations[run].allSatisfy { (50...200).contains($0) }, "iterations of run \(run)")
        }
    }
}
