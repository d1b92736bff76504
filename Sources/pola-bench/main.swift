import Foundation
import Runtime

/// Runs the paper's exact-value commands (20 runs each, as the README of the paper gives them)
/// and prints `<case> <seconds>` per case, then the peak resident memory.
///
/// Usage: pola-bench [case ...]   (no argument: every case)

let cases = BenchmarkCases.all
let selected = CommandLine.arguments.count > 1 ? Array(CommandLine.arguments.dropFirst()) : cases.map(\.name)
for name in selected {
    guard let bench = cases.first(where: { $0.name == name }) else {
        FileHandle.standardError.write(Data("pola-bench: unknown case '\(name)'; cases: \(cases.map(\.name).joined(separator: " "))\n".utf8))
        exit(64)
    }
    let clock = ContinuousClock()
    let iterations = ResultCounter()
    let elapsed = try clock.measure {
        if bench.commands.count == 1 {
            // One worker: the runs are batched, and at these sizes splitting the batch across
            // threads costs more per-op overhead than the second core gains.
            iterations.add(try runCommand(bench.commands[0], workers: 1))
        } else {
            // Independent commands, two at a time, the costliest first so the cores finish together.
            let errors = ResultCounter()
            DispatchQueue.concurrentPerform(iterations: bench.commands.count) { k in
                do { iterations.add(try runCommand(bench.commands[k], workers: 1)) } catch { errors.add(1) }
            }
            if errors.total > 0 { throw BenchmarkFailure.commandFailed }
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let note = iterations.total > 0 ? "  (\(iterations.total) proximal iterations)" : ""
    print("\(bench.name) \(String(format: "%.3f", seconds))\(note)")
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print("peak-rss-mb \(usage.ru_maxrss / 1024)")

enum BenchmarkFailure: Error { case commandFailed }

/// Runs one paper command and returns the proximal iterations it used.
func runCommand(_ arguments: [String], workers: Int) throws -> Int {
    let command = try PaperCommand(arguments)
    let (_, records) = try Experiment(rule: command.rule, epochs: command.epochs).run(command.initialState(), workers: workers)
    return Figure3Outcome(game: command.game, records: records).proximalIterations
}

/// A total that concurrent workers add to.
final class ResultCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var sum = 0
    func add(_ value: Int) { lock.withLock { sum += value } }
    var total: Int { lock.withLock { sum } }
}
