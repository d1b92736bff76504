import Runtime
import TensorLayer
import TestSupport
import Testing

/// LookAhead, SOS, SGA, CO and CGD (Letcher et al. 2019) take their hand-computed first step on
/// two games whose derivatives are known in closed form: the rotation game (`H = [[c, 1], [-1, c]]`)
/// and the tandem game (`H = [[2, 2], [2, 2]]`).
@Suite struct ShapingRuleTests {
    static let alpha = 0.1, eta = 0.2, weight = 0.7, epsilon = 0.1, a = 0.5, b = 0.1

    /// SOS's `p` from the paper's definition, given `xi`, `xi_0` and `eta chi` of one run.
    static func sosWeight(xi: [Double], lookAhead: [Double], shaping: [Double], b: Double = b) -> Double {
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).map(*).reduce(0, +) }
        let opposing = -dot(shaping, lookAhead)
        let p1 = opposing >= 0 ? 1 : min(1, -a * dot(lookAhead, lookAhead) / opposing)
        let norm = dot(xi, xi).squareRoot()
        return min(p1, norm < b ? norm * norm : 1)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let rule: @Sendable () throws -> any LearningRule
        /// The rotation game's `c` (unused on the tandem game).
        var c: Double = 0
        /// The step's direction `(theta - theta') / alpha` from `(x, y)`.
        let direction: @Sendable (_ x: Double, _ y: Double) -> [Double]
    }

    /// With `xi = (c x + y, c y - x)`, `H_o = [[0, 1], [-1, 0]]`, `chi = (-x, -y)`,
    /// `H^T xi = (c^2 + 1)(x, y)`, `A^T xi = (x - c y, y + c x)`.
    static func rotationCases(_ c: Double) -> [Case] {
        @Sendable func xi(_ x: Double, _ y: Double) -> [Double] { [c * x + y, c * y - x] }
        @Sendable func lookAhead(_ x: Double, _ y: Double) -> [Double] {
            let g = xi(x, y)
            return [g[0] - eta * g[1], g[1] + eta * g[0]]
        }
        return [
            Case(
                testDescription: "lookahead, c = \(c)", rule: { try LookAheadRule(innerRate: eta, outerRate: alpha) },
                c: c
            ) {
                lookAhead($0, $1)
            },
            Case(testDescription: "sos, c = \(c)", rule: { try SOSRule(innerRate: eta, outerRate: alpha) }, c: c) {
                x, y in
                let shaping = [-eta * x, -eta * y]
                let p = sosWeight(xi: xi(x, y), lookAhead: lookAhead(x, y), shaping: shaping)
                return zip(lookAhead(x, y), shaping).map { $0 - p * $1 }
            },
            // <xi, H^T xi> <A^T xi, H^T xi> / d = c (c^2 + 1)^2 (x^2 + y^2)^2 / 2.
            Case(testDescription: "sga, c = \(c)", rule: { try SGARule(rate: alpha, epsilon: epsilon) }, c: c) { x, y in
                let r2 = x * x + y * y
                let lambda: Double = c * (c * c + 1) * (c * c + 1) * r2 * r2 / 2 + epsilon > 0 ? 1 : -1
                return [c * x + y + lambda * (x - c * y), c * y - x + lambda * (y + c * x)]
            },
            Case(testDescription: "co, c = \(c)", rule: { try ConsensusRule(rate: alpha, weight: weight) }, c: c) {
                x, y in
                [c * x + y + weight * (c * c + 1) * x, c * y - x + weight * (c * c + 1) * y]
            },
            // (I + alpha H_o)^-1 = [[1, -alpha], [alpha, 1]] / (1 + alpha^2).
            Case(testDescription: "cgd, c = \(c)", rule: { try CGDRule(rate: alpha) }, c: c) { x, y in
                let g = xi(x, y)
                return [(g[0] - alpha * g[1]) / (1 + alpha * alpha), (alpha * g[0] + g[1]) / (1 + alpha * alpha)]
            },
        ]
    }

    /// Starting points reaching both signs of SGA's lambda (for c = -1) and both branches of SOS's p1.
    static let rotationStarts: [(x: Double, y: Double)] = [(1, 0.5), (0.1, 0.2), (-0.7, 0.3), (0.05, -0.02)]

    @Test(arguments: [0.0, -1, 0.5].flatMap(rotationCases))
    func rulesTakeTheClosedFormStepOnTheRotationGame(_ rule: Case) throws {
        let next = try rule.rule().step(scalarState(Rotation(c: rule.c), Self.rotationStarts)).0
        for (run, (start, end)) in zip(Self.rotationStarts, positions(next)).enumerated() {
            let expected = rule.direction(start.x, start.y)
            let actual = [(start.x - end.x) / Self.alpha, (start.y - end.y) / Self.alpha]
            #expect(maxAbsoluteDifference(actual, expected) < 1e-12, "run \(run): \(actual) against \(expected)")
        }
    }

    /// With `s = x + y`, `g = 2s - 2`: `xi = (g, g)`, `H_o = [[0, 2], [2, 0]]`, `chi = (4s, 4s)`,
    /// `H^T xi = (4g, 4g)`, and `H` symmetric (`A = 0`: SGA is naive learning here).
    static let tandemCases: [Case] = [
        Case(testDescription: "lookahead", rule: { try LookAheadRule(innerRate: eta, outerRate: alpha) }) { x, y in
            let g = 2 * (x + y) - 2
            return [g * (1 - 2 * eta), g * (1 - 2 * eta)]
        },
        Case(testDescription: "sos", rule: { try SOSRule(innerRate: eta, outerRate: alpha) }) { x, y in
            let s = x + y
            let g = 2 * s - 2
            let lookAhead = [g * (1 - 2 * eta), g * (1 - 2 * eta)]
            let shaping = [eta * 4 * s, eta * 4 * s]
            let p = sosWeight(xi: [g, g], lookAhead: lookAhead, shaping: shaping)
            return zip(lookAhead, shaping).map { $0 - p * $1 }
        },
        Case(testDescription: "sga", rule: { try SGARule(rate: alpha) }) { x, y in
            [2 * (x + y) - 2, 2 * (x + y) - 2]
        },
        Case(testDescription: "co", rule: { try ConsensusRule(rate: alpha, weight: weight) }) { x, y in
            let g = 2 * (x + y) - 2
            return [g * (1 + 4 * weight), g * (1 + 4 * weight)]
        },
        Case(testDescription: "cgd", rule: { try CGDRule(rate: alpha) }) { x, y in
            let g = 2 * (x + y) - 2
            return [g / (1 + 2 * alpha), g / (1 + 2 * alpha)]
        },
    ]

    /// The last start is within `b` of the fixed-point line `x + y = 1` (SOS's p2 applies); the
    /// second makes SOS's shaping oppose LookAhead (its p1 applies).
    static let tandemStarts: [(x: Double, y: Double)] = [(0.3, -0.1), (1, 2), (-0.5, 0.25), (0.52, 0.5)]

    @Test(arguments: tandemCases)
    func rulesTakeTheClosedFormStepOnTheTandemGame(_ rule: Case) throws {
        let next = try rule.rule().step(scalarState(Tandem(), Self.tandemStarts)).0
        for (run, (start, end)) in zip(Self.tandemStarts, positions(next)).enumerated() {
            let expected = rule.direction(start.x, start.y)
            let actual = [(start.x - end.x) / Self.alpha, (start.y - end.y) / Self.alpha]
            #expect(maxAbsoluteDifference(actual, expected) < 1e-12, "run \(run): \(actual) against \(expected)")
        }
    }

    @Test func sosReachesBothOfItsBoundsOnTheTandemStarts() {
        let weights = Self.tandemStarts.map { start -> Double in
            let s = start.x + start.y
            let g = 2 * s - 2
            let lookAhead = [g * (1 - 2 * Self.eta), g * (1 - 2 * Self.eta)]
            return Self.sosWeight(xi: [g, g], lookAhead: lookAhead, shaping: [Self.eta * 4 * s, Self.eta * 4 * s])
        }
        // p = 1, p1 = a, p = 1, p2 = |xi|^2 = 2 (0.04)^2: the cases above reach every branch.
        #expect(maxAbsoluteDifference(weights, [1, Self.a, 1, 0.0032]) < 1e-12)
    }
}
