import PaperCommands
import Runtime
import TestSupport
import Testing

/// Figure 3, rerun with this implementation's own seeds (20 runs a row), against the paper
/// code's table.
///
/// - Proportions of runs finding TFT agree within binomial noise: the pooled two-proportion z
///   statistic is at most 2.576 (two-sided 99%).
/// - Averaged final policies: where both sides found TFT in at least 90% of runs the policies
///   concentrate, and every state agrees within 0.1; elsewhere within 0.45, about three standard
///   errors of the difference of two 20-run means of numbers in [0, 1].
/// - Rows where the paper's code went NaN (`runs_gone_nan` > 0) are no target: there every run
///   must stay finite, which the paper's code did not manage.
@Suite struct Figure3DistributionTests {
    static let reference = try! ReferenceRow.load()

    @Test(arguments: PaperExperiments.figure3.map { "\($0.method) \($0.policy) \($0.contributionFactor)" })
    func agreesWithThePaperWithinNoise(row name: String) throws {
        let row = PaperExperiments.figure3.first { "\($0.method) \($0.policy) \($0.contributionFactor)" == name }!
        let expected = try #require(
            Self.reference.first {
                $0.figure == "fig3" && $0.method == row.method && $0.policy == row.policy
                    && $0.contributionFactor == row.contributionFactor
            })
        let outcome = try PaperExperiments.outcome(of: row)
        #expect(outcome.averagePolicy.allSatisfy { $0.isFinite })
        guard expected.runsGoneNaN == 0 else { return }
        let found = outcome.titForTatCount
        let runs = outcome.foundTitForTat.count
        #expect(
            withinBinomialNoise(found, of: runs, expected.titForTatFound, of: expected.runs),
            "\(name): \(found)/\(runs) found TFT, the paper's code \(expected.titForTatFound)/\(expected.runs)")
        let concentrated =
            Double(found) >= 0.9 * Double(runs) && Double(expected.titForTatFound) >= 0.9 * Double(expected.runs)
        let tolerance = concentrated ? 0.1 : 0.45
        #expect(
            maxAbsoluteDifference(outcome.averagePolicy, expected.averagePolicy) <= tolerance,
            "\(name): averaged policy \(outcome.averagePolicy) against \(expected.averagePolicy)")
    }

    @Test func thePapersNaNSettingStaysFinite() throws {
        // LOLA tabular, outer rate 25, CF 1.33: the paper's code went NaN in 16 of 20 runs.
        let outcome = try PaperExperiments.outcome(of: PaperExperiments.lolaTabular("1.33"))
        #expect(outcome.averagePolicy.allSatisfy { $0.isFinite })
    }

    @Test(arguments: [
        (k1: 20, n1: 20, k2: 20, n2: 20, agree: true), (k1: 0, n1: 20, k2: 0, n2: 10, agree: true),
        (k1: 15, n1: 20, k2: 19, n2: 20, agree: true), (k1: 10, n1: 20, k2: 20, n2: 20, agree: false),
        (k1: 0, n1: 20, k2: 6, n2: 10, agree: false), (k1: 3, n1: 20, k2: 6, n2: 20, agree: true),
    ])
    func binomialNoiseRule(k1: Int, n1: Int, k2: Int, n2: Int, agree: Bool) {
        #expect(withinBinomialNoise(k1, of: n1, k2, of: n2) == agree)
    }
}
