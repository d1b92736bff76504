import Foundation
import TestSupport
import Testing

/// The `<!-- check: long -->` and `<!-- check: cluster -->` marks: `check` skips such cells
/// (long ones unless `--all`), counts them as skipped rather than passed, and `--update` keeps
/// their recordings; `run` replays every cell.
@Suite struct NotebookSkipMarkTests {
    /// A short cell, a long one and a cluster-scale one (with no recorded output).
    static let marked = """
        # Marks

        ```pola
        print(1 + 1)
        ```

        ```output
        2
        ```

        <!-- check: long -->
        ```pola
        print("long")
        ```

        ```output
        long
        ```

        <!-- check: cluster -->
        ```pola
        print("cluster")
        ```

        """

    let folders = ScratchFolders("pola-marks")

    func notebook(_ text: String) throws -> URL {
        let url = try folders.make().appendingPathComponent("nb.md")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func checkSkipsMarkedCellsAndCountsThem() throws {
        let url = try notebook(Self.marked)
        let outcome = try PolaRepl.run(["check", url.path])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(
            outcome.output
                == "\(url.path): 1 of 1 cells match, 2 skipped "
                + "(1 long: check --all replays it; 1 cluster-scale: run replays it)\n")
    }

    @Test func allReplaysLongCellsAndCatchesTheirMismatches() throws {
        let url = try notebook(Self.marked)
        let all = try PolaRepl.run(["check", "--all", url.path])
        #expect(all.status == 0, "\(all.error)")
        #expect(all.output == "\(url.path): 2 of 2 cells match, 1 skipped (1 cluster-scale: run replays it)\n")
        // A skipped cell's recording is not checked; with --all a wrong one fails.
        let edited = try notebook(Self.marked.replacingOccurrences(of: "```output\nlong\n", with: "```output\nshort\n"))
        #expect(try PolaRepl.run(["check", edited.path]).status == 0)
        let failing = try PolaRepl.run(["check", "--all", edited.path])
        #expect(failing.status == 1)
        #expect(failing.output.contains("output of cell 2 differs"), "\(failing.output)")
    }

    @Test func updateKeepsSkippedCellsAsTheyWere() throws {
        let stale = Self.marked.replacingOccurrences(of: "```output\n2\n", with: "```output\n3\n")
            .replacingOccurrences(of: "```output\nlong\n", with: "```output\nold\n")
        let url = try notebook(stale)
        let outcome = try PolaRepl.run(["check", "--update", url.path])
        #expect(outcome.output == "\(url.path): 1 outputs recorded, 2 skipped cells kept as they were\n")
        let expected = stale.replacingOccurrences(of: "```output\n3\n", with: "```output\n2\n")
        #expect(try String(contentsOf: url, encoding: .utf8) == expected)
        #expect(try PolaRepl.run(["check", "--update", "--all", url.path]).status == 0)
        #expect(try String(contentsOf: url, encoding: .utf8) == Self.marked)
    }

    @Test func runReplaysEveryCell() throws {
        let url = try notebook(Self.marked)
        let outcome = try PolaRepl.run(["run", url.path])
        #expect(outcome.status == 0)
        #expect(outcome.output.hasSuffix("pola> print(\"long\")\nlong\n\npola> print(\"cluster\")\ncluster\n\n"))
    }

    @Test(arguments: [
        ("<!-- check: long -->\n<!-- check: long -->\n```pola\n1\n```\n", 1, "'long' marks the next pola cell"),
        ("```pola\n1\n```\n<!-- check: cluster -->\n", 4, "'cluster' marks the next pola cell"),
        ("<!-- check: long 5 -->\n```pola\n1\n```\n", 1, "'long' takes nothing, as in <!-- check: long -->"),
    ])
    func aMisplacedOrMalformedMarkIsAPositionedError(text: String, line: Int, message: String) throws {
        let url = try notebook(text)
        let outcome = try PolaRepl.run(["check", url.path])
        #expect(outcome.status == 65)
        #expect(outcome.error.hasPrefix("\(url.path):\(line): error: \(message)"), "\(outcome.error)")
    }

    @Test func allGoesWithCheckOnly() throws {
        let url = try notebook(Self.marked)
        let outcome = try PolaRepl.run(["run", "--all", url.path])
        #expect(outcome.status == 64)
        #expect(outcome.error.contains("--all goes with check"))
    }
}
