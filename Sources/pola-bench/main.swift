import Foundation
import PaperCommands
import Runtime

/// Runs the paper's exact-value commands (20 runs each, as the paper's README gives them) and
/// prints `<case> <seconds>` per case, then the peak resident memory.
///
///     pola-bench [case ...]    every exact and language case, or the named ones (the DiCE cases
///                              only by name: dice-ipd-lola-update, dice-ipd-pola-outer-step,
///                              dice-coin-lola-update)
///     pola-bench --peer CASE=SECONDS ... | --peer-file FILE [case ...]
///                              the same, each case's line saying how many times slower or
///                              faster it was than the given peer seconds (FILE: the lines
///                              the JAX peer's bench script prints, `CASE SECONDS`); with no case
///                              named, the cases the peer timed
///     pola-bench --steady N [case ...]
///                              run each exact case 1 + N times in this process and print the
///                              first run and the median of the other N, as the peer's bench.sh
///                              prints its first (compiling) call and its steady calls; a
///                              peer's ratio is then taken on the steady time
///     pola-bench --table       the Figure 3 table this implementation finds
///     pola-bench --matmul [n]  GFLOP/s of the matrix-product kernels on n BLAS threads (1)
///     pola-bench --matmul-digest  a hash of a GRU-sized product's bits (forward and backward)

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--matmul" {
    MatrixProductBenchmark.run(threads: arguments.dropFirst().first.flatMap { Int($0) } ?? 1)
    exit(0)
}
if arguments == ["--matmul-digest"] {
    print(MatrixProductBenchmark.digest())
    exit(0)
}
if arguments == ["--table"] {
    printFigure3Table()
    exit(0)
}
let cases = BenchmarkCases.all
let names = cases.map(\.name) + ScriptCases.all.map(\.name)
var requested = arguments
let peer: PeerTimings
let steadyRepeats: Int
do {
    steadyRepeats = try extractSteadyRepeats(from: &requested)
    peer = try PeerTimings.extract(from: &requested, knownCases: names + DiCEBenchmarks.names)
} catch {
    FileHandle.standardError.write(Data("pola-bench: \(error.message)\n".utf8))
    exit(64)
}
for name in !requested.isEmpty ? requested : peer.cases.isEmpty ? names : peer.cases {
    let clock = ContinuousClock()
    if DiCEBenchmarks.names.contains(name) {
        let processorBefore = processorSeconds()
        let elapsed = try clock.measure { _ = try DiCEBenchmarks.run(name) }
        // Processor seconds too: on a shared machine they show the work when the wall clock waits.
        let processor = processorSeconds() - processorBefore
        print(
            "\(name) \(printed(seconds(elapsed)))  (processor \(String(format: "%.1f", processor)) s)"
                + peer.comparison(case: name, seconds: seconds(elapsed)))
        continue
    }
    if let script = ScriptCases.all.first(where: { $0.name == name })?.script {
        var failure: String?
        let elapsed = clock.measure { failure = ScriptCases.run(script) }
        if let failure { FileHandle.standardError.write(Data("pola-bench: \(name) failed: \(failure)\n".utf8)) }
        print(
            "\(name) \(printed(seconds(elapsed)))"
                + peer.comparison(case: name, seconds: seconds(elapsed)))
        continue
    }
    guard let bench = cases.first(where: { $0.name == name }) else {
        let known = (names + DiCEBenchmarks.names).joined(separator: " ")
        FileHandle.standardError.write(Data("pola-bench: unknown case '\(name)'; cases: \(known) or --table\n".utf8))
        exit(64)
    }
    var outcomes = [Figure3Outcome]()
    let elapsed = try clock.measure { outcomes = try runAll(bench.rows, workers: bench.workers) }
    let iterations = outcomes.reduce(0) { $0 + $1.proximalIterations }
    let note = iterations > 0 ? "  (\(iterations) proximal iterations)" : ""
    guard steadyRepeats > 0 else {
        print(
            "\(bench.name) \(printed(seconds(elapsed)))\(note)"
                + peer.comparison(case: name, seconds: seconds(elapsed)))
        continue
    }
    // The same work again in a warm process: what the peer's steady time measures once JAX
    // has compiled (every run still records its own traces: a training starts a fresh cache).
    var again = [Double]()
    for _ in 0..<steadyRepeats {
        again.append(seconds(try clock.measure { _ = try runAll(bench.rows, workers: bench.workers) }))
    }
    let steady = again.sorted()[again.count / 2]
    print(
        "\(bench.name) steady \(printed(steady)) first-call \(printed(seconds(elapsed)))\(note)"
            + peer.comparison(case: name, seconds: steady))
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print("peak-rss-mb \(usage.ru_maxrss / 1024)")

/// Takes `--steady N` (N >= 1) out of `arguments`; 0 when it is absent.
func extractSteadyRepeats(from arguments: inout [String]) throws(PeerTimings.Failure) -> Int {
    guard let position = arguments.firstIndex(of: "--steady") else { return 0 }
    guard position + 1 < arguments.count else {
        throw PeerTimings.Failure(message: "bad argument '--steady' (a number of runs expected, got nothing)")
    }
    let value = arguments[position + 1]
    guard let repeats = Int(value), repeats >= 1 else {
        throw PeerTimings.Failure(
            message: "bad argument '--steady' (a whole number of runs >= 1 expected, got '\(value)')")
    }
    arguments.removeSubrange(position...(position + 1))
    return repeats
}

/// Runs rows two at a time (independent commands on the two cores). A single row's runs are
/// shared over `workers` threads (`BenchmarkCase.workers`).
func runAll(_ rows: [PaperExperiments.Row], workers: Int = 1) throws -> [Figure3Outcome] {
    if rows.count == 1 { return [try PaperExperiments.outcome(of: rows[0], workers: workers)] }
    let slots = Locked([Result<Figure3Outcome, Error>?](repeating: nil, count: rows.count))
    DispatchQueue.concurrentPerform(iterations: rows.count) { k in
        let outcome = Result { try PaperExperiments.outcome(of: rows[k]) }
        slots.withLock { $0[k] = outcome }
    }
    return try slots.withLock { $0 }.map { try $0!.get() }
}

/// Seconds with three decimals, or five below 10 ms: a millisecond is a fifth of the smallest
/// case, too coarse to show a change of a few percent.
func printed(_ seconds: Double) -> String {
    String(format: seconds < 0.01 ? "%.5f" : "%.3f", seconds)
}

func seconds(_ elapsed: Duration) -> Double {
    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func printFigure3Table() {
    let rows = PaperExperiments.figure3
    guard let outcomes = try? runAll(rows) else {
        FileHandle.standardError.write(Data("pola-bench: a Figure 3 command failed\n".utf8))
        exit(70)
    }
    print("method\tpolicy\tcf\truns\ttft_found\tproportion_tft\tavg_policy_DD_DC_CD_CC_start")
    for (row, outcome) in zip(rows, outcomes).sorted(by: {
        ($0.0.method, $0.0.policy, $0.0.contributionFactor) < ($1.0.method, $1.0.policy, $1.0.contributionFactor)
    }) {
        let policy = outcome.averagePolicy.map { String(format: "%.2f", $0) }.joined(separator: " ")
        print(
            "\(row.method)\t\(row.policy)\t\(row.contributionFactor)\t\(outcome.foundTitForTat.count)\t\(outcome.titForTatCount)\t\(outcome.proportion)\t\(policy)"
        )
    }
}

/// User plus system time of this process so far, all threads.
func processorSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
