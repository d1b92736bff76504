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
    var iterations = 0
    let elapsed = try clock.measure {
        for arguments in bench.commands {
            let command = try PaperCommand(arguments)
            var state = command.initialState()
            let records = try Experiment(rule: command.rule, epochs: command.epochs).run(&state)
            iterations += Figure3Outcome(game: command.game, records: records).proximalIterations
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let note = iterations > 0 ? "  (\(iterations) proximal iterations)" : ""
    print("\(bench.name) \(String(format: "%.3f", seconds))\(note)")
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print("peak-rss-mb \(usage.ru_maxrss / 1024)")
