import Runtime
import TensorLayer
import TestSupport
import Testing

/// `measureShaping`: each agent's first outer gradient split into its direct and shaping parts
/// over independent batches, summarised as norms of means, standard errors, cosine and flips.
@Suite struct ShapingMeasurementTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let direct: [[Double]]
        let shaping: [[Double]]
        let expected: [Double]  // direct, directError, shaping, shapingError, cosine, flips, ratio
        var testDescription: String { "\(direct) + \(shaping)" }
    }

    /// Hand-computed: means, `sqrt(sum_p var_p / n)` with divisor n - 1, and flips counted over
    /// the parameters whose mean direct part is not zero.
    @Test(arguments: [
        // Means d = (2, 3), s = (0, 0); variances 2, 2 and 0, 0.
        Case(
            direct: [[1, 2], [3, 4]], shaping: [[1, -1], [-1, 1]],
            expected: [(13.0).squareRoot(), (2.0).squareRoot(), 0, (2.0).squareRoot(), 0, 0, 0]),
        // d = (1, -1, 2), s = (-2, 0.5, 1): the first sign turns; cosine -0.5 / (sqrt(6) sqrt(5.25)).
        Case(
            direct: [[1, -1, 2], [1, -1, 2]], shaping: [[-2, 0.5, 1], [-2, 0.5, 1]],
            expected: [
                (6.0).squareRoot(), 0, (5.25).squareRoot(), 0, -0.5 / (6.0 * 5.25).squareRoot(), 1.0 / 3,
                (5.25 / 6).squareRoot(),
            ]),
        // A zero mean direct part (variances 2 and 0, so its error is 1): no cosine, no ratio,
        // and no parameter counted for flips.
        Case(
            direct: [[1, 0], [-1, 0]], shaping: [[1, 1], [1, 1]],
            expected: [0, 1, (2.0).squareRoot(), 0, 0, 0, 0]),
    ])
    func statistics(_ test: Case) {
        let m = ShapingMeasurement(directSamples: test.direct, shapingSamples: test.shaping)
        let got = [m.direct, m.directError, m.shaping, m.shapingError, m.cosine, m.flips, m.ratio]
        #expect(m.batches == test.direct.count)
        #expect(maxAbsoluteDifference(got, test.expected) < 1e-12, "\(got)")
    }

    static let game = try! IPDWithHistory(episodeLength: 6)
    static let agents = DiCERuleTests.start.map(DiCERuleTests.memoryOne)

    static func rule(innerRate: Double) throws -> DiCERule {
        try DiCERule(.polaDiCE, innerRate: innerRate, outerRate: 0.01, innerSteps: 2, outerSteps: 5, batch: 40)
    }

    /// Without a look-ahead there is nothing to shape with; with one there is, and the direct
    /// part is the same whichever rate looks ahead only through the opponent it faces.
    @Test func shapingIsZeroWithoutALookAheadAndNotWithOne() throws {
        let flat = try Self.rule(innerRate: 0).measureShaping(Self.game, agents: Self.agents, batches: 4, seed: 3)
        let ahead = try Self.rule(innerRate: 2).measureShaping(Self.game, agents: Self.agents, batches: 4, seed: 3)
        for i in 0..<2 {
            #expect(flat[i].shaping == 0 && flat[i].shapingError == 0 && flat[i].flips == 0 && flat[i].ratio == 0)
            #expect(flat[i].direct > 0 && flat[i].batches == 4)
            #expect(ahead[i].shaping > 0 && ahead[i].shapingError > 0)
            #expect(ahead[i].ratio == ahead[i].shaping / ahead[i].direct)
        }
    }

    /// Deterministic given the seed (whatever the threads do), different for another seed, and
    /// the agents are read only.
    @Test func aMeasurementIsAFunctionOfItsSeed() throws {
        let rule = try Self.rule(innerRate: 2)
        let once = try rule.measureShaping(Self.game, agents: Self.agents, batches: 3, seed: 5)
        let again = try rule.measureShaping(Self.game, agents: Self.agents, batches: 3, seed: 5)
        let other = try rule.measureShaping(Self.game, agents: Self.agents, batches: 3, seed: 6)
        #expect(once == again)
        #expect(once != other)
        #expect(Self.agents[0].policyParameters[0].scalars == DiCERuleTests.start[0])
    }

    /// An interruption polled before a chunk stops the measurement with the typed error.
    @Test func anInterruptionStopsIt() throws {
        let rule = try Self.rule(innerRate: 2)
        #expect(throws: RuntimeError.interrupted) {
            try rule.measureShaping(
                Self.game, agents: Self.agents, batches: 3, seed: 5, interruption: Interruption { true })
        }
    }
}
