import Foundation
import TestSupport
import Testing

/// `run` and `check` on notebooks written for the purpose: failing cells, every fence
/// CommonMark allows, directives, files with no cell, and files the cells write.
@Suite struct NotebookCommandTests {
    let folders = ScratchFolders("pola-nb")

    func scratch() throws -> URL {
        try folders.make()
    }

    /// Writes `text` as `name` in a fresh folder and returns its URL.
    func notebook(_ text: String, named name: String = "nb.md") throws -> URL {
        let url = try scratch().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static let failing = "# F\n\n```pola\nprint(1)\n```\n\n```pola\ny = 2\nprint(undefined_name)\nprint(3)\n```\n"

    @Test func updateRefusesWhileACellFailsAndNamesIt() throws {
        let url = try notebook(Self.failing)
        let outcome = try PolaRepl.run(["check", "--update", url.path])
        #expect(outcome.status == 70)
        #expect(outcome.error.hasPrefix("pola-repl: not recording \(url.path): cell 2 (line 8) fails\n"))
        #expect(outcome.error.contains("nb.md:9:7: error: "))
        #expect(try String(contentsOf: url, encoding: .utf8) == Self.failing, "nothing may be recorded")
    }

    @Test func runExits70WithTheErrorOnStandardError() throws {
        let url = try notebook(Self.failing)
        let outcome = try PolaRepl.run(["run", url.path])
        #expect(outcome.status == 70)
        #expect(outcome.output == "pola> print(1)\n1\n\npola> y = 2\n  ... print(undefined_name)\n  ... print(3)\n")
        #expect(outcome.error.hasPrefix("\(url.path):9:7: error: "))
    }

    /// A recorded error names the notebook by its file name, whatever path `check` was given.
    @Test func recordedOutputsHoldNoInvocationPath() throws {
        let url = try notebook("# E\n\n```pola\n1 / 0\n```\n\n```output\n```\n")
        let check = try PolaRepl.run(["check", url.path])
        #expect(check.output.contains("  + nb.md:4:"), "\(check.output)")
        let fresh = check.output.components(separatedBy: "\n").filter { $0.hasPrefix("  + ") }
        #expect(!fresh.isEmpty && !fresh.contains { $0.contains(url.deletingLastPathComponent().path) })
    }

    @Test(arguments: [
        "```Pola\nprint(7)\n```\n\n```Output\n7\n```\n",
        "``` pola\nprint(7)\n```\n\n``` output\n7\n```\n",
        "~~~pola\nprint(7)\n~~~\n\n~~~output\n7\n~~~\n",
        "````pola\nprint(7)\n````\n\n~~~~~output extra words\n7\n~~~~~~\n",
        "   ```pola {title=\"x\"}\n   print(7)\n   ```\n\n```output\n7\n```\n",
    ])
    func everyCommonMarkFenceIsACell(fences: String) throws {
        let url = try notebook("# Fences\n\n" + fences)
        let outcome = try PolaRepl.run(["check", url.path])
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.error)")
        #expect(outcome.output == "\(url.path): 1 of 1 cells match\n")
    }

    @Test func fencesInsideOtherBlocksAreProse() throws {
        let url = try notebook("```markdown\n```pola\nprint(1)\n```\n\n```pola\nprint(2)\n```\n\n```output\n2\n```\n")
        let outcome = try PolaRepl.run(["check", url.path])
        #expect(outcome.output == "\(url.path): 1 of 1 cells match\n", "\(outcome.error)")
    }

    @Test(arguments: [["run"], ["check"], ["check", "--update"]])
    func aFileWithNoCellIsAnError(command: [String]) throws {
        let url = try notebook("# Nothing\n\n```python\nprint(1)\n```\n")
        let outcome = try PolaRepl.run(command + [url.path])
        #expect(outcome.status == 65)
        #expect(
            outcome.error
                == "\(url.path): error: no pola cell (a fenced code block whose info string starts with pola)\n")
    }

    @Test func anUnknownDirectiveIsAPositionedError() throws {
        let url = try notebook("# D\n\n<!-- check: tolerence 1e-3 -->\n\n```pola\nprint(1)\n```\n")
        let outcome = try PolaRepl.run(["check", url.path])
        #expect(outcome.status == 65)
        #expect(
            outcome.error
                == "\(url.path):3: error: unknown check directive 'tolerence' "
                + "(known: tolerance, ignore, long, cluster)\n")
    }

    @Test func runRunsAScriptAsAScript() throws {
        let url = try notebook("x = 6\nprint(x * 7)\n", named: "s.pola")
        let outcome = try PolaRepl.run(["run", url.path])
        #expect(outcome.status == 0)
        #expect(outcome.output == "42\n")
    }

    /// `check` checks the files cells write (a missing folder fails as in `run`) but writes
    /// none unless `--write-files`; `run` writes them. Paths are relative to the current
    /// directory, not to the notebook's folder.
    @Test func checkWritesNoFileUnlessAsked() throws {
        let folder = try scratch()
        let url = try notebook("```pola\ncsv(table(\"x\", [1]), \"out/t.csv\")\n```\n\n```output\n```\n")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        let written = folder.appendingPathComponent("out/t.csv")
        #expect(try PolaRepl.run(["check", url.path], in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: written.path))
        #expect(try PolaRepl.run(["check", "--write-files", url.path], in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: written.path))
        try FileManager.default.removeItem(at: written)
        #expect(try PolaRepl.run(["run", url.path], in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: written.path))
        let elsewhere = try PolaRepl.run(["check", url.path], in: url.deletingLastPathComponent())
        #expect(elsewhere.status == 1)
        #expect(elsewhere.output.contains("its directory 'out' does not exist"))
    }
}
