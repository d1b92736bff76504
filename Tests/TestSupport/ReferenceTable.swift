import Foundation

/// A row of `Tests/Fixtures/figure3-reference.tsv`, the paper code's own Figure 3 results.
public struct ReferenceRow: Sendable {
    public let figure: String
    public let method: String
    public let policy: String
    public let contributionFactor: String
    public let runs: Int
    public let titForTatFound: Int
    public let averagePolicy: [Double]
    public let runsGoneNaN: Int

    public static func load() throws -> [ReferenceRow] {
        let text = try String(
            contentsOf: GoldenRun.fixtures.appendingPathComponent("figure3-reference.tsv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines[0]
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        return lines.dropFirst().map { cells in
            ReferenceRow(
                figure: cells[column("figure")], method: cells[column("method")], policy: cells[column("policy")],
                contributionFactor: cells[column("cf")], runs: Int(cells[column("runs")])!,
                titForTatFound: Int(cells[column("tft_found")])!,
                averagePolicy: cells[column("avg_policy_DD_DC_CD_CC_start")].split(separator: " ").map {
                    Double($0) ?? .nan
                },
                runsGoneNaN: Int(cells[column("runs_gone_nan")])!)
        }
    }
}

/// Two proportions agree within binomial noise when the pooled two-proportion z statistic is at
/// most 2.576 (a two-sided 99% test). Equal proportions always agree, including 0 and 1.
public func withinBinomialNoise(_ k1: Int, of n1: Int, _ k2: Int, of n2: Int) -> Bool {
    let p1 = Double(k1) / Double(n1)
    let p2 = Double(k2) / Double(n2)
    let pooled = Double(k1 + k2) / Double(n1 + n2)
    let standardError = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
    return p1 == p2 || abs(p1 - p2) <= 2.576 * standardError
}
