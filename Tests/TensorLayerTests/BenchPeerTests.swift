import Foundation
import TestSupport
import Testing

/// `pola-bench --peer CASE=SECONDS` and `--peer-file FILE` (bench.sh's lines): each case's line
/// says how many times slower or faster it was than the peer; bad input is refused before any
/// case runs.
@Suite struct BenchPeerTests {
    static let bench = PolaRepl.binary.deletingLastPathComponent().appendingPathComponent("pola-bench")
    static let lolaTabular = "fig3-lola-tabular-cf1.1"

    /// Runs `pola-bench --peer-file FILE` with `text` in a fresh file, removed afterwards.
    static func runWithPeerFile(_ text: String) throws -> PolaRepl.Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try PolaRepl.run(["--peer-file", file.path], executable: bench)
    }

    /// A peer far slower than any machine runs the case: the ratio says "faster".
    @Test func aCommandLineTimingGivesTheRatio() throws {
        let outcome = try PolaRepl.run(
            ["--peer", "\(Self.lolaTabular)=1000", Self.lolaTabular], executable: Self.bench)
        #expect(outcome.status == 0, "\(outcome.error)")
        let line = try #require(outcome.output.split(separator: "\n").first.map(String.init))
        #expect(line.hasPrefix("\(Self.lolaTabular) "))
        #expect(line.contains("x faster than the peer's 1000 s)"))
    }

    /// A case under 10 ms prints five decimals (a millisecond is too coarse to compare), a
    /// longer one three.
    @Test func aShortCasePrintsFiveDecimals() throws {
        let outcome = try PolaRepl.run([Self.lolaTabular], executable: Self.bench)
        #expect(outcome.status == 0, "\(outcome.error)")
        let words = try #require(outcome.output.split(separator: "\n").first).split(separator: " ")
        let printed = try #require(words.count >= 2 ? String(words[1]) : nil)
        let seconds = try #require(Double(printed))
        let decimals = printed.split(separator: ".").last?.count
        #expect(decimals == (seconds < 0.01 ? 5 : 3), "\(printed)")
    }

    /// `--steady N` runs the case again N times in the warm process and prints the median of
    /// those beside the first run, as the peer prints its steady and first calls; the ratio is
    /// taken on the steady time.
    @Test func steadyRunsPrintBothTimesAndCompareTheSteadyOne() throws {
        let outcome = try PolaRepl.run(
            ["--steady", "2", "--peer", "\(Self.lolaTabular)=1000", Self.lolaTabular], executable: Self.bench)
        #expect(outcome.status == 0, "\(outcome.error)")
        let line = try #require(outcome.output.split(separator: "\n").first.map(String.init))
        let words = line.split(separator: " ").map(String.init)
        #expect(words.count > 4 && words[1] == "steady" && words[3] == "first-call", "\(line)")
        #expect(Double(words[2]) != nil && Double(words[4]) != nil, "\(line)")
        #expect(line.contains("x faster than the peer's 1000 s)"))
    }

    /// A missing, zero or non-numeric count is refused before anything runs.
    @Test(arguments: [["--steady"], ["--steady", "0"], ["--steady", "x", Self.lolaTabular]])
    func aBadSteadyCountIsRefused(_ arguments: [String]) throws {
        let outcome = try PolaRepl.run(arguments, executable: Self.bench)
        #expect(outcome.status == 64)
        #expect(outcome.error.contains("bad argument '--steady'"), "\(outcome.error)")
        #expect(outcome.output.isEmpty)
    }

    /// POLA tabular's runs are shared over two threads (`BenchmarkCase.workers`) and its numbers
    /// stay those of one thread: the same total of proximal iterations.
    @Test func aCaseSplitOverThreadsKeepsItsNumbers() throws {
        let outcome = try PolaRepl.run(["fig3-pola-tabular-cf1.1"], executable: Self.bench)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("(36587 proximal iterations)"), "\(outcome.output)")
    }

    /// bench.sh's output as it prints it; with no case named, the cases it timed run.
    @Test func aBenchFileGivesTheRatioOfTheCasesItTimed() throws {
        let outcome = try Self.runWithPeerFile(
            "\(Self.lolaTabular) steady 0.0000001 first-call 3.21 whole-process 4.50\n\n")
        #expect(outcome.status == 0, "\(outcome.error)")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)  // the case, then the peak memory
        #expect(lines.first?.hasPrefix("\(Self.lolaTabular) ") == true)
        #expect(lines.first?.contains("x slower than the peer's 1e-07 s)") == true)
        #expect(lines.last?.hasPrefix("peak-rss-mb ") == true)
    }

    @Test(arguments: [
        (
            ["--peer", "fig3-lola-tabular-cf1.1"],
            "bad argument '--peer' (CASE=SECONDS expected, got 'fig3-lola-tabular-cf1.1')"
        ),
        (["--peer"], "bad argument '--peer' (a value expected, got nothing)"),
        (["--peer", "fig3-nothing=1"], "argument '--peer': unknown case 'fig3-nothing'"),
        (["--peer", "fig3-lola-tabular-cf1.1=-2"], "positive seconds expected for fig3-lola-tabular-cf1.1, got '-2'"),
        (
            ["--peer", "fig3-lola-tabular-cf1.1=fast"],
            "positive seconds expected for fig3-lola-tabular-cf1.1, got 'fast'"
        ),
        (["--peer-file", "/nonexistent/peer.txt"], "bad argument '--peer-file' (a readable file expected"),
    ])
    func badPeerArgumentsAreRefused(arguments: [String], message: String) throws {
        // The case first, so that a flag missing its value is the last argument.
        let outcome = try PolaRepl.run([Self.lolaTabular] + arguments, executable: Self.bench)
        #expect(outcome.status == 64)
        #expect(outcome.error.contains(message), "\(outcome.error)")
        #expect(outcome.output.isEmpty)
    }

    @Test func aBadFileLineIsRefusedWithItsLineNumber() throws {
        let outcome = try Self.runWithPeerFile(
            "\(Self.lolaTabular) steady 0.004 first-call 3.2 whole-process 4.5\nfig3-lola-nn-cf1.33 0.04\n")
        #expect(outcome.status == 64)
        #expect(
            outcome.error.contains(".txt:2: 'CASE steady SECONDS ...' expected, got 'fig3-lola-nn-cf1.33 0.04'")
        )
        #expect(outcome.output.isEmpty)
    }
}
