import Foundation
import TestSupport
import Testing

/// The prompt as a workbench, in a real terminal: blocks in history, broken blocks, `else` on
/// the next line, `:load`/`:reload`, `-i`, `exit`, completion, `:names`, `:help` on keywords.
@Suite(.serialized) struct PromptWorkbenchTests {
    let folders = ScratchFolders("pola-wb")

    func scratch() throws -> URL {
        try folders.make()
    }

    func waitUntilGone(_ session: TmuxSession) {
        let deadline = Date().addingTimeInterval(5)
        while session.alive, Date() < deadline { usleep(50_000) }
    }

    /// A folder holding `text` as `name`.
    func folder(holding text: String, as name: String) throws -> URL {
        let folder = try scratch()
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return folder
    }

    /// Types `word` and expects the prompt to end.
    func leave(_ session: TmuxSession, by word: String) throws {
        try session.type(word)
        waitUntilGone(session)
        #expect(!session.alive, "'\(word)' should leave")
    }

    @Test func aMultiLineBlockIsOneHistoryEntryAfterARestart() throws {
        let first = try TmuxSession()
        for line in ["fn twice(v) {", "return 2 * v", "}", "print(\"between\")"] { try first.type(line) }
        try first.waitFor("\nbetween\n")
        try first.send("C-d")
        waitUntilGone(first)
        let second = try TmuxSession(home: first.home)
        defer { try? FileManager.default.removeItem(at: first.home) }
        try second.send("Up", "Up", "Enter")
        try second.type("twice(21)")
        try second.waitFor("\n42\n")
    }

    @Test func aSyntaxErrorInsideAnOpenBlockDiscardsTheRestOfIt() throws {
        let session = try TmuxSession()
        for line in ["if true {", "y = = 1", "print(\"inside\")", "} else {", "print(\"else ran\")", "}"] {
            try session.type(line)
        }
        try session.type("print(\"after\")")
        let screen = try session.waitFor("\nafter\n")
        #expect(screen.contains("error: expected an expression, got '='"))
        #expect(screen.contains("(the rest of this block is skipped, up to its closing bracket)"))
        #expect(!screen.contains("\ninside\n") && !screen.contains("\nelse ran\n"), "\(screen)")
        #expect(!screen.contains("end of input"))
    }

    @Test func elseOnTheLineAfterTheClosingBrace() throws {
        let session = try TmuxSession()
        for line in ["x = 3", "if x > 5 {", "print(\"big\")", "}", "else {", "print(\"small\")", "}"] {
            try session.type(line)
        }
        try session.waitFor("\nsmall\n")
        // Without an `else`, the next line runs after the `if` it followed.
        for line in ["if x < 5 {", "print(\"first\")", "}", "print(\"second\")"] { try session.type(line) }
        let screen = try session.waitFor("\nsecond\n")
        #expect(screen.contains("\nfirst\npola> print(\"second\")\nsecond\n") || screen.contains("first\nsecond"))
    }

    @Test func loadReloadNamesAndExit() throws {
        let folder = try folder(holding: "g = ipd(cf: 1.1)\nn = 7\n", as: "setup.pola")
        let script = folder.appendingPathComponent("setup.pola")
        let session = try TmuxSession(directory: folder)
        try session.type(":load setup.pola")
        try session.type(":names")
        try session.waitFor("g  game\nn  number\n")
        try "n = 8\n".write(to: script, atomically: true, encoding: .utf8)
        try session.type(":reload")
        try session.type("n")
        try session.waitFor("\n8\n")
        try leave(session, by: "exit")
    }

    @Test func thenPromptKeepsANotebooksSession() throws {
        let folder = try folder(holding: "# N\n\n```pola\nk = 40 + 2\n```\n", as: "nb.md")
        let session = try TmuxSession(directory: folder, arguments: ["-i", "nb.md"])
        try session.type("k")
        try session.waitFor("\n42\n")
        try leave(session, by: "quit")
    }

    @Test func completionOfCommandsAndPathsInStrings() throws {
        let folder = try scratch()
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("figures"), withIntermediateDirectories: true)
        let session = try TmuxSession(directory: folder)
        try session.tmux(["send-keys", "-t", session.name, "-l", ":rel"])
        try session.send("Tab")
        try session.waitFor("pola> :reload")
        try session.send("C-u")
        try session.tmux(["send-keys", "-t", session.name, "-l", "csv(t, \"fig"])
        try session.send("Tab")
        try session.waitFor("pola> csv(t, \"figures/")
    }

    @Test func helpOnKeywords() throws {
        let session = try TmuxSession()
        try session.type(":help while")
        try session.waitFor("while: runs a block while a condition holds")
        try session.type(":help fn")
        try session.waitFor("example: fn square(x) { return x * x }")
    }

    /// The terminal echoes ^C where the cursor is; the interruption starts a line of its own.
    @Test func controlCsMessageIsOnItsOwnLine() throws {
        let session = try TmuxSession()
        try session.type("while true { }")
        usleep(300_000)
        try session.send("C-c")
        let screen = try session.waitFor("error: interrupted")
        #expect(screen.contains("\n<repl>:1:1: error: interrupted"), "\(screen)")
    }
}
