import Foundation

/// A Markdown notebook: prose, fenced `pola` cells, each followed by a fenced `output` block
/// holding what the cell printed.
///
/// Any fence CommonMark allows opens a cell: three or more backticks or tildes, indented at most
/// three spaces, whose info string's first word is `pola` in any case (```` ```Pola ````,
/// ```` ``` pola ````, `~~~pola {numbered}`); the same holds for `output`. Other fenced blocks
/// are prose, even when they hold a `pola` fence.
///
/// A notebook may state how `check` compares it, in HTML comments that Markdown viewers hide:
/// `<!-- check: tolerance 1e-6 -->` (relative, for numbers; default 1e-9) and
/// `<!-- check: ignore seconds -->` (lines containing the word are not compared, for timings).
/// Any other directive is an error, so a misspelling cannot silently loosen the check.
/// `<!-- check: long -->` and `<!-- check: cluster -->` mark the cell that follows (see `Cell.Length`).
struct Notebook {
    struct Cell {
        /// How long a cell runs, as its mark says: what `check` replays.
        enum Length: Equatable {
            /// Unmarked: `check` replays it (it fits CI's budget).
            case short
            /// `<!-- check: long -->`: minutes to hours; `check` skips it unless `--all`.
            case long
            /// `<!-- check: cluster -->`: the paper's full settings, CPU-days; `check` never replays
            /// it (it has no recorded output), `run` does.
            case cluster
        }

        let code: String
        /// 1-based line of the cell's first line of code.
        let codeLine: Int
        let output: String?
        /// Lines (0-based) of the recorded output's content, between its fences.
        let outputContent: Range<Int>?
        /// 0-based index of the code block's closing fence.
        let closingFence: Int
        var length = Length.short
    }

    /// What makes a file unusable as a notebook, at a line (1-based) when there is one.
    struct Problem: Error, Equatable {
        let line: Int?
        let message: String
    }

    let path: String
    let lines: [String]
    let cells: [Cell]
    let tolerance: Double
    let ignored: [String]

    static let defaultTolerance = 1e-9

    init(path: String, text: String) throws {
        self.path = path
        lines = text.components(separatedBy: "\n")
        var cells = [Cell]()
        var tolerance = Self.defaultTolerance
        var ignored = [String]()
        var mark: (length: Cell.Length, line: Int)?
        var index = 0
        while index < lines.count {
            switch try Directive(lines[index], line: index + 1) {
            case .tolerance(let value): tolerance = value
            case .ignore(let word): ignored.append(word)
            case .length(let length):
                if let mark { throw Self.unattached(mark) }
                mark = (length, index + 1)
            case nil: break
            }
            guard let fence = Fence(opening: lines[index]) else {
                index += 1
                continue
            }
            let end = try Self.closing(of: fence, from: index, in: lines)
            guard fence.language == "pola" else {
                index = end + 1
                continue
            }
            var cell = try Self.cell(in: lines, code: fence, from: index, to: end)
            cell.length = mark?.length ?? .short
            mark = nil
            cells.append(cell)
            index = (cell.outputContent?.upperBound).map { $0 + 1 } ?? end + 1
        }
        if let mark { throw Self.unattached(mark) }
        guard !cells.isEmpty else {
            throw Problem(
                line: nil, message: "no pola cell (a fenced code block whose info string starts with pola)")
        }
        self.cells = cells
        self.tolerance = tolerance
        self.ignored = ignored
    }

    /// A length mark with no cell of its own after it: a misplaced mark would skip the wrong cell.
    private static func unattached(_ mark: (length: Cell.Length, line: Int)) -> Problem {
        Problem(
            line: mark.line,
            message: "'\(Directive.name(of: mark.length))' marks the next pola cell, and another mark or the end "
                + "of the notebook comes first")
    }

    /// The 0-based line of the fence that closes `fence`, opened at line `start` (0-based).
    private static func closing(of fence: Fence, from start: Int, in lines: [String]) throws -> Int {
        guard let end = lines[(start + 1)...].firstIndex(where: fence.isClosed(by:)) else {
            throw Problem(line: start + 1, message: "the fence opened here is never closed")
        }
        return end
    }

    /// The cell whose code fence spans `start...end`, with the output block that follows it.
    private static func cell(in lines: [String], code fence: Fence, from start: Int, to end: Int) throws -> Cell {
        let code = lines[(start + 1)..<end].map(fence.content).joined(separator: "\n")
        var next = end + 1
        while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
        guard next < lines.count, let outputFence = Fence(opening: lines[next]), outputFence.language == "output" else {
            return Cell(code: code, codeLine: start + 2, output: nil, outputContent: nil, closingFence: end)
        }
        let close = try closing(of: outputFence, from: next, in: lines)
        return Cell(
            code: code, codeLine: start + 2,
            output: lines[(next + 1)..<close].map(outputFence.content).joined(separator: "\n"),
            outputContent: (next + 1)..<close, closingFence: end)
    }

    /// The notebook's text with every cell's recorded output replaced by (or given) `outputs`;
    /// a nil output (a skipped cell) leaves its cell as it was.
    func updated(with outputs: [String?]) -> String {
        var result = [String]()
        var index = 0
        for (cell, output) in zip(cells, outputs) {
            guard let output else { continue }
            let outputLines = output.isEmpty ? [] : output.components(separatedBy: "\n")
            if let content = cell.outputContent {
                result += lines[index..<content.lowerBound] + outputLines
                index = content.upperBound
            } else {
                let fence = Fence.backticks(around: outputLines)
                result += lines[index...cell.closingFence] + ["", fence + "output"] + outputLines + [fence]
                index = cell.closingFence + 1
            }
        }
        result += lines[index...]
        return result.joined(separator: "\n")
    }
}

/// A `<!-- check: ... -->` line, read.
enum Directive: Equatable {
    case tolerance(Double)
    case ignore(String)
    /// Marks the next cell `long` or `cluster`.
    case length(Notebook.Cell.Length)

    static let names = ["tolerance", "ignore", "long", "cluster"]

    static func name(of length: Notebook.Cell.Length) -> String {
        switch length {
        case .short: "short"
        case .long: "long"
        case .cluster: "cluster"
        }
    }

    /// nil for a line that is no directive; an error for an unknown or malformed one.
    init?(_ text: String, line: Int) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("<!-- check:"), trimmed.hasSuffix("-->") else { return nil }
        let words = trimmed.dropFirst(11).dropLast(3).split(separator: " ").map(String.init)
        switch words.first {
        case "tolerance":
            guard words.count == 2, let value = Double(words[1]), value >= 0, value.isFinite else {
                throw Notebook.Problem(
                    line: line, message: "'tolerance' takes one number, as in <!-- check: tolerance 1e-6 -->")
            }
            self = .tolerance(value)
        case "ignore":
            guard words.count >= 2 else {
                throw Notebook.Problem(
                    line: line, message: "'ignore' takes a word, as in <!-- check: ignore seconds -->")
            }
            self = .ignore(words.dropFirst().joined(separator: " "))
        case "long", "cluster":
            guard words.count == 1 else {
                throw Notebook.Problem(
                    line: line, message: "'\(words[0])' takes nothing, as in <!-- check: \(words[0]) -->")
            }
            self = .length(words[0] == "long" ? .long : .cluster)
        default:
            let known = Self.names.joined(separator: ", ")
            throw Notebook.Problem(
                line: line, message: "unknown check directive '\(words.first ?? "")' (known: \(known))")
        }
    }
}
