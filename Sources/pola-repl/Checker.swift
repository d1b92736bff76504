import Foundation
import PolaScript

/// `pola-repl check`: replays notebooks and compares every recorded output with the fresh one,
/// numbers within the notebook's tolerance; prints a diff per differing cell. `--update`
/// rewrites the recorded outputs instead (atomically).
struct Checker {
    let terminal: Terminal
    let options: Options

    func check(_ paths: [String], update: Bool) -> ExitStatus {
        let runner = NotebookRunner(terminal: terminal, options: options, writesFiles: options.writeFiles)
        var mismatches = 0
        for path in paths {
            let notebook: Notebook
            switch NotebookRunner.load(path) {
            case .success(let loaded): notebook = loaded
            case .failure(let status): return status
            }
            let runs = runner.runs(of: notebook, replaying: replays)
            if Interrupts.isRequested {
                Stream.error("pola-repl: interrupted while replaying \(path)\n")
                return .interrupted
            }
            if update {
                let status = record(runs, in: notebook)
                guard status == .success else { return status }
                continue
            }
            let differing = compare(runs, with: notebook)
            mismatches += differing
            Stream.out(summary(of: notebook, differing: differing, skipped: runs.filter(\.skipped).count))
        }
        return mismatches == 0 ? .success : .mismatch
    }

    /// Whether `check` replays a cell: unmarked ones always, `long` ones with `--all`, `cluster`
    /// ones never (the paper's full settings: `run` replays them on a machine big enough).
    func replays(_ cell: Notebook.Cell) -> Bool {
        switch cell.length {
        case .short: true
        case .long: options.replayAll
        case .cluster: false
        }
    }

    /// "NAME: 3 of 3 cells match", then how many were skipped and why, so a skip never reads as a pass.
    private func summary(of notebook: Notebook, differing: Int, skipped: Int) -> String {
        let replayed = notebook.cells.count - skipped
        var line = "\(notebook.path): \(replayed - differing) of \(replayed) cells match"
        if skipped > 0 {
            let long = notebook.cells.filter { $0.length == .long && !replays($0) }.count
            var reasons = [String]()
            if long > 0 { reasons.append("\(long) long: check --all replays \(long == 1 ? "it" : "them")") }
            if skipped > long {
                reasons.append("\(skipped - long) cluster-scale: run replays \(skipped - long == 1 ? "it" : "them")")
            }
            line += ", \(skipped) skipped (\(reasons.joined(separator: "; ")))"
        }
        return line + "\n"
    }

    /// `--update`: rewrites the recorded outputs, unless a cell fails (an error is never
    /// recorded as what a cell should print).
    private func record(_ runs: [NotebookRunner.CellRun], in notebook: Notebook) -> ExitStatus {
        let path = notebook.path
        if let failing = runs.firstIndex(where: { $0.failure != nil }), let failure = runs[failing].failure {
            Stream.error(
                "pola-repl: not recording \(path): cell \(failing + 1) (line \(notebook.cells[failing].codeLine)) fails\n"
                    + DiagnosticRenderer(terminal: terminal).render(failure))
            return failure.isInterruption ? .interrupted : .runtimeError
        }
        do {
            try FileAccess().write(notebook.updated(with: runs.map { $0.skipped ? nil : $0.output }), to: path)
            let skipped = runs.filter(\.skipped).count
            Stream.out(
                "\(path): \(notebook.cells.count - skipped) outputs recorded"
                    + (skipped > 0 ? ", \(skipped) skipped cells kept as they were\n" : "\n"))
            return .success
        } catch FileAccess.Failure.refused(let reason) {
            Stream.error("pola-repl: \(reason)\n")
        } catch {
            Stream.error("pola-repl: \(error)\n")
        }
        return .runtimeError
    }

    /// Prints a diff per cell whose output differs from its recording; returns how many do.
    private func compare(_ runs: [NotebookRunner.CellRun], with notebook: Notebook) -> Int {
        var differing = 0
        let comparison = OutputComparison(tolerance: notebook.tolerance, ignored: notebook.ignored)
        for (number, pair) in zip(notebook.cells, runs).enumerated() where !pair.1.skipped {
            let (cell, run) = pair
            let actual = run.output
            guard let expected = cell.output else {
                differing += 1
                Stream.out(
                    "\(notebook.path):\(cell.codeLine): cell \(number + 1) has no recorded output (run check --update)\n"
                )
                continue
            }
            if !comparison.matches(expected: expected, actual: actual) {
                differing += 1
                Stream.out(
                    "\(notebook.path):\(cell.codeLine): output of cell \(number + 1) differs\n"
                        + comparison.diff(expected: expected, actual: actual, terminal: terminal))
            }
        }
        return differing
    }
}

/// Compares outputs line by line: text exactly (trailing blanks aside), numbers within a
/// relative tolerance (`|a - b| <= tol * max(1, |a|, |b|)`).
struct OutputComparison {
    let tolerance: Double
    let ignored: [String]

    private static let number = try! NSRegularExpression(pattern: "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?")

    func compared(_ text: String) -> [String] {
        text.components(separatedBy: "\n")
            .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .filter { line in !ignored.contains { line.contains($0) } }
    }

    func matches(expected: String, actual: String) -> Bool {
        let a = compared(expected)
        let b = compared(actual)
        return a.count == b.count && zip(a, b).allSatisfy(lineMatches)
    }

    func lineMatches(_ expected: String, _ actual: String) -> Bool {
        let (textA, numbersA) = split(expected)
        let (textB, numbersB) = split(actual)
        guard textA == textB, numbersA.count == numbersB.count else { return false }
        return zip(numbersA, numbersB).allSatisfy { a, b in
            a == b || abs(a - b) <= tolerance * max(1, abs(a), abs(b))
        }
    }

    /// The line with its numbers replaced by a placeholder, and the numbers.
    private func split(_ line: String) -> (String, [Double]) {
        let range = NSRange(line.startIndex..., in: line)
        var numbers = [Double]()
        for match in Self.number.matches(in: line, range: range) {
            numbers.append(Double((line as NSString).substring(with: match.range)) ?? .nan)
        }
        return (Self.number.stringByReplacingMatches(in: line, range: range, withTemplate: "#"), numbers)
    }

    /// A line diff (longest common subsequence), `-` recorded and `+` fresh.
    func diff(expected: String, actual: String, terminal: Terminal) -> String {
        let a = expected.components(separatedBy: "\n")
        let b = actual.components(separatedBy: "\n")
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = lineMatches(a[i], b[j]) ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out = ""
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, lineMatches(a[i], b[j]) {
                out += "    \(a[i])\n"
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                out += terminal.paint("  - \(a[i])", "31") + "\n"
                i += 1
            } else {
                out += terminal.paint("  + \(b[j])", "32") + "\n"
                j += 1
            }
        }
        return out
    }
}
