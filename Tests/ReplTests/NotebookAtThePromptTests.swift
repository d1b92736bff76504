import Foundation
import TestSupport
import Testing

/// The acceptance test of the teaching notebook: every cell retyped at a real prompt started
/// from the repository root, line by line, prints what the notebook records (its plot cell,
/// which writes `notebooks/figures/...`, included: paths resolve alike everywhere).
@Suite(.serialized) struct NotebookAtThePromptTests {
    static let notebook = PolaRepl.packageRoot.appendingPathComponent("notebooks/lola-vs-pola.md")

    /// The notebook's cells as (code lines, recorded output), read with the plain fences it uses.
    static func cells() throws -> [(code: [String], output: String)] {
        let lines = try String(contentsOf: notebook, encoding: .utf8).components(separatedBy: "\n")
        var cells = [(code: [String], output: String)]()
        var index = 0
        while index < lines.count {
            guard lines[index] == "```pola" else {
                index += 1
                continue
            }
            let close = lines[(index + 1)...].firstIndex(of: "```")!
            let code = Array(lines[(index + 1)..<close])
            let open = lines[(close + 1)...].firstIndex(of: "```output")!
            let end = lines[(open + 1)...].firstIndex(of: "```")!
            cells.append((code, lines[(open + 1)..<end].joined(separator: "\n")))
            index = end + 1
        }
        return cells
    }

    static func isPrompt(_ line: String) -> Bool {
        line == "pola>" || line.hasPrefix("pola> ") || line == "  ..." || line.hasPrefix("  ... ")
    }

    /// The whole scrollback, wrapped lines joined, trailing blank lines dropped.
    func transcript(_ session: TmuxSession) throws -> [String] {
        var lines = try session.tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", session.name])
            .components(separatedBy: "\n").map {
                $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Waits until `count` prompts are on screen and the last line is one (the line ran).
    func waitForPrompts(_ count: Int, in session: TmuxSession, seconds: Double = 60) throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let lines = try transcript(session)
            if lines.filter(Self.isPrompt).count >= count, let last = lines.last, Self.isPrompt(last) { return lines }
            usleep(20_000)
        }
        Issue.record("timed out waiting for \(count) prompts; screen:\n\(session.screen)")
        throw CancellationError()
    }

    /// Waits until the visible screen holds nothing but an empty prompt.
    func waitForACleanScreen(_ session: TmuxSession) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let visible = try session.tmux(["capture-pane", "-p", "-t", session.name])
            if visible.components(separatedBy: "\n").filter({ !$0.isEmpty }) == ["pola>"] { return }
            usleep(20_000)
        }
        Issue.record("the screen did not clear:\n\(session.screen)")
        throw CancellationError()
    }

    @Test func theTeachingNotebookRetypedCellByCell() throws {
        let cells = try Self.cells()
        #expect(cells.count >= 15, "the plot cell is the fifteenth")
        let session = try TmuxSession(directory: PolaRepl.packageRoot)
        for (number, cell) in cells.enumerated() {
            // A clean slate per cell: clear the screen and the scrollback.
            try session.send("C-l")
            try waitForACleanScreen(session)
            try session.tmux(["clear-history", "-t", session.name])
            for (typed, line) in cell.code.enumerated() {
                try session.type(line)
                _ = try waitForPrompts(typed + 2, in: session)
            }
            let lines = try transcript(session)
            let start = lines.firstIndex { $0.hasPrefix("pola> ") } ?? 0
            let printed = lines[start...].filter { !Self.isPrompt($0) }.joined(separator: "\n")
            let recorded = cell.output.components(separatedBy: "\n")
                .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
                .joined(separator: "\n")
            #expect(printed == recorded, "cell \(number + 1):\n\(cell.code.joined(separator: "\n"))")
        }
    }
}
