import Foundation

/// A Markdown notebook: prose, fenced `pola` cells, each followed by a fenced `output` block
/// holding what the cell printed.
///
/// A notebook may state how `check` compares it, in HTML comments that Markdown viewers hide:
/// `<!-- check: tolerance 1e-6 -->` (relative, for numbers; default 1e-9) and
/// `<!-- check: ignore seconds -->` (lines containing the word are not compared, for timings).
struct Notebook {
    struct Cell {
        let code: String
        /// 1-based line of the cell's first line of code.
        let codeLine: Int
        let output: String?
        /// Lines (0-based, fences included) of the recorded output block.
        let outputLines: Range<Int>?
        /// 0-based index of the code block's closing fence.
        let closingFence: Int
    }

    let path: String
    let lines: [String]
    let cells: [Cell]
    let tolerance: Double
    let ignored: [String]

    static let defaultTolerance = 1e-9

    init(path: String, text: String) {
        self.path = path
        lines = text.components(separatedBy: "\n")
        var cells = [Cell]()
        var tolerance = Self.defaultTolerance
        var ignored = [String]()
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("<!-- check:"), line.hasSuffix("-->") {
                let words = line.dropFirst(11).dropLast(3).split(separator: " ").map(String.init)
                if words.first == "tolerance", words.count == 2, let value = Double(words[1]) { tolerance = value }
                if words.first == "ignore", words.count >= 2 {
                    ignored.append(words.dropFirst().joined(separator: " "))
                }
            }
            guard line == "```pola" else {
                index += 1
                continue
            }
            let start = index + 1
            var end = start
            while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces) != "```" { end += 1 }
            let code = lines[start..<min(end, lines.count)].joined(separator: "\n")
            var next = end + 1
            while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
            var output: String?
            var outputLines: Range<Int>?
            if next < lines.count, lines[next].trimmingCharacters(in: .whitespaces) == "```output" {
                var close = next + 1
                while close < lines.count, lines[close].trimmingCharacters(in: .whitespaces) != "```" { close += 1 }
                output = lines[(next + 1)..<min(close, lines.count)].joined(separator: "\n")
                outputLines = next..<min(close + 1, lines.count)
                index = close + 1
            } else {
                index = end + 1
            }
            cells.append(
                Cell(code: code, codeLine: start + 1, output: output, outputLines: outputLines, closingFence: end))
        }
        self.cells = cells
        self.tolerance = tolerance
        self.ignored = ignored
    }

    /// The notebook's text with every cell's output block replaced by (or given) `outputs`.
    func updated(with outputs: [String]) -> String {
        var result = [String]()
        var index = 0
        for (cell, output) in zip(cells, outputs) {
            let keepUntil = cell.outputLines?.lowerBound ?? (cell.closingFence + 1)
            result += lines[index..<keepUntil]
            if cell.outputLines == nil { result.append("") }
            result.append("```output")
            if !output.isEmpty { result += output.components(separatedBy: "\n") }
            result.append("```")
            index = cell.outputLines?.upperBound ?? (cell.closingFence + 1)
        }
        result += lines[index...]
        return result.joined(separator: "\n")
    }
}
