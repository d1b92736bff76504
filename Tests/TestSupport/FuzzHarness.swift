import Foundation
import PolaScript
import Runtime
import TensorLayer

/// Runs arbitrary text through the whole pipeline (lexer, parser, interpreter, Runtime) and
/// makes mutated programs from a corpus. Any outcome but a crash or a hang is acceptable:
/// errors are the expected answer to most inputs.
public enum FuzzHarness {
    /// Interrupt polls an input may use before it is stopped (loop iterations, calls, proximal
    /// iterations): deterministic, unlike a clock, so a run is reproducible from its seed.
    public static let pollBudget = 3000
    /// Wall-clock time after which an input is asked to stop, through the same interruption that
    /// Ctrl-C and pola-repl's `--timeout` use: a backstop for work that polls rarely.
    public static let deadline: Duration = .seconds(5)
    /// How long past `deadline` the harness waits for the interpreter to reach a safe point and
    /// come back before it reports the input as `overran`.
    public static let grace: Duration = .seconds(10)

    /// How one input ended: the statuses a script run exits with, or a failure of the harness's
    /// expectations.
    public enum Ending: Hashable, Sendable {
        case success
        case syntaxError
        case runtimeError
        /// Stopped at a safe point by the poll budget or the deadline.
        case interrupted
        /// An error other than `Diagnostics` escaped the interpreter (never expected).
        case unexpectedError(String)
        /// Not back within `deadline + grace`: a hang, or work that never polls.
        case overran

        /// True for the endings a script run may have: every input must end with one of them.
        public var isExitStatus: Bool {
            switch self {
            case .success, .syntaxError, .runtimeError, .interrupted: true
            case .unexpectedError, .overran: false
            }
        }
    }

    /// Runs one program in a fresh interpreter whose writes are confined to `sandbox`.
    @discardableResult
    public static func run(_ text: String, sandbox: String) -> Ending {
        let stopAt = ContinuousClock.now + deadline
        let giveUp = DispatchTime.now() + Double((deadline + grace).components.seconds)
        let ending = LargeStack.run(waitingUntil: giveUp) { () -> Ending in
            let polls = Locked(0)
            let isInterrupted: @Sendable () -> Bool = {
                polls.increment() > pollBudget || ContinuousClock.now >= stopAt
            }
            let host = Host(
                write: { _ in }, isInterrupted: isInterrupted, files: FileAccess(sandbox: sandbox), echo: true)
            do {
                try Interpreter(host: host).run(Source(name: "fuzz", text: text))
                return .success
            } catch let diagnostics as Diagnostics {
                if diagnostics.isInterruption { return .interrupted }
                return diagnostics.stage == .syntax ? .syntaxError : .runtimeError
            } catch {
                return .unexpectedError("\(error)")
            }
        }
        return ending ?? .overran
    }

    /// The seed programs: notebook cells, golden scripts and the bad scripts of the tests.
    public static func corpus(root: URL = PolaRepl.packageRoot) -> [String] {
        var programs = [String]()
        let manager = FileManager.default
        for folder in ["Tests/PolaScriptTests/Scripts", "Tests/ReplTests/Errors", "notebooks"] {
            let directory = root.appendingPathComponent(folder)
            for name in ((try? manager.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() {
                guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else {
                    continue
                }
                if name.hasSuffix(".pola") { programs.append(text) }
                if name.hasSuffix(".md") { programs += cells(of: text) }
            }
        }
        return programs
    }

    /// The `pola` cells of a Markdown notebook.
    static func cells(of markdown: String) -> [String] {
        var cells = [String]()
        var current: [String]?
        for line in markdown.components(separatedBy: "\n") {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```pola" {
                current = []
            } else if let lines = current, line.trimmingCharacters(in: .whitespaces) == "```" {
                cells.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return cells
    }

    /// Fragments mutations insert: the language's words, extreme numbers, odd characters.
    static let dictionary: [String] =
        Keyword.allCases.map(\.rawValue) + Symbol.allCases.map(\.rawValue)
        + Builtins.all.map(\.name) + Builtins.all.flatMap { $0.parameters.map { "\($0.name): " } }
        + [
            "0", "-1", "1e308", "-1e308", "1e-308", "0.5", "2147483648", "9007199254740993", "1e15", "nan", "inf",
            "\"\"", "\"x.svg\"", "\"../up.csv\"", "\"a\\nb\"", "\n", " ", "{", "}", "(", ")", "[", "]", ",", ":", "é",
            "\u{0}", "\t",
            "ipd()", "tabular(ipd())", "[[1, 2], [3]]", "1..1000000", "fn f(x) { return f(x) }",
        ]

    /// A mutated program: a corpus entry with a few random edits.
    public static func mutant(of corpus: [String], using generator: inout SplitMix64) -> String {
        var text = Array(corpus[Int(generator.next() % UInt64(corpus.count))].unicodeScalars)
        let edits = 1 + Int(generator.next() % 4)
        for _ in 0..<edits {
            let position = text.isEmpty ? 0 : Int(generator.next() % UInt64(text.count + 1))
            switch generator.next() % 7 {
            case 0 where !text.isEmpty:  // delete a span
                let end = min(text.count, position + 1 + Int(generator.next() % 12))
                if position < end { text.removeSubrange(position..<end) }
            case 1:  // insert a dictionary word
                let word = dictionary[Int(generator.next() % UInt64(dictionary.count))]
                text.insert(contentsOf: word.unicodeScalars, at: position)
            case 2 where !text.isEmpty:  // duplicate a span
                let end = min(text.count, position + 1 + Int(generator.next() % 40))
                if position < end { text.insert(contentsOf: text[position..<end], at: position) }
            case 3:  // splice in part of another program
                let other = Array(corpus[Int(generator.next() % UInt64(corpus.count))].unicodeScalars)
                if !other.isEmpty {
                    let start = Int(generator.next() % UInt64(other.count))
                    let end = min(other.count, start + Int(generator.next() % 80))
                    text.insert(contentsOf: other[start..<end], at: position)
                }
            case 4 where !text.isEmpty:  // replace a character with a random printable one
                let index = min(position, text.count - 1)
                text[index] = Unicode.Scalar(UInt8(32 + generator.next() % 95))
            case 5:  // replace a digit run with an extreme number
                if let index = text[min(position, text.count)...].firstIndex(where: { $0.properties.numericType != nil }
                ) {
                    var end = index
                    while end < text.count, text[end].properties.numericType != nil || text[end] == "." { end += 1 }
                    let extreme = ["1e308", "0", "-0", "123456789012345678901234567890", "1e-320", "4096", "100000"][
                        Int(generator.next() % 7)]
                    text.replaceSubrange(index..<end, with: extreme.unicodeScalars)
                }
            default:  // swap two lines
                var lines = String(String.UnicodeScalarView(text)).components(separatedBy: "\n")
                if lines.count > 1 {
                    lines.swapAt(
                        Int(generator.next() % UInt64(lines.count)), Int(generator.next() % UInt64(lines.count)))
                    text = Array(lines.joined(separator: "\n").unicodeScalars)
                }
            }
        }
        return String(String.UnicodeScalarView(text))
    }
}
