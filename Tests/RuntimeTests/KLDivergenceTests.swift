import Runtime
import TensorLayer
import Testing

/// `klDivergence` of two constants takes a scalar loop rather than the tensor graph, and both
/// forms compute the target's terms in one pass; POLA's stopping test compares KL with a
/// tolerance, so every form must give the bits of the plain tensor formula.
struct KLDivergenceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let target: [[Double]]
        let current: [[Double]]
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "one run", target: [[0.3, -1.2, 2.5, 0, 4]], current: [[0.1, -1.0, 2.0, 0.5, 3]]),
        Case(
            name: "three runs", target: [[1, 2], [-3, 0.25], [7, -7]],
            current: [[1.5, 2], [-2.5, 0.5], [6.5, -8]]),
        Case(name: "saturated", target: [[40, -40, 0]], current: [[38, -45, 1e-9]]),
        Case(name: "zeros of both signs", target: [[0, -0.0, 1e-300, -1e-300]], current: [[-0.0, 0, -2, 3]]),
        Case(name: "equal policies", target: [[0.7, -0.2]], current: [[0.7, -0.2]]),
    ]

    /// POLA's stopping test takes both directions from one pass: each must be the bits of
    /// `klDivergence` in that direction.
    @Test(arguments: cases)
    func bothWaysAtOnceAreEachWay(_ c: Case) throws {
        let game = try ContributionGame(contributionFactor: 1.1)
        let (a, b) = (Tensor(rows: c.target), Tensor(rows: c.current))
        let (aToB, bToA) = game.divergenceValuesBothWays(a, b)
        #expect(aToB.map(\.bitPattern) == klDivergence(target: a, current: b).scalars.map(\.bitPattern))
        #expect(bToA.map(\.bitPattern) == klDivergence(target: b, current: a).scalars.map(\.bitPattern))
    }

    @Test func equalPoliciesAreZeroApart() {
        let p = Tensor(rows: [[0.7, -0.2, 30]])
        #expect(klDivergence(target: p, current: p).scalars == [0])
    }

    @Test(arguments: cases)
    func constantsGiveTheBitsOfTheGraphForm(_ c: Case) {
        let target = Tensor(rows: c.target)
        let current = Tensor(rows: c.current)
        let plain = klDivergence(target: target, current: current)
        let recorded = klDivergence(target: target, current: Tensor.variable(current))
        #expect(!plain.isDifferentiable && recorded.isDifferentiable)
        #expect(plain.shape == [c.target.count])
        #expect(plain.scalars == recorded.scalars)
        // Both against the formula in plain tensor operations.
        let (t, q) = (target, current)
        let formula =
            (t.sigmoid() * (t.logSigmoid() - q.logSigmoid())
            + (-t).sigmoid() * ((-t).logSigmoid() - (-q).logSigmoid())).sum(axis: 1)
        #expect(recorded.scalars == formula.scalars)
    }
}
