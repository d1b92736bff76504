import Foundation
import TestSupport
import Testing

/// `--shard k/n` runs one share of a script's sweep; `merge` lays the shares end to end into
/// the table one unsharded run writes, and refuses shares that do not belong together.
@Suite struct ShardCommandTests {
    static let sweep = """
        seeds = share([1, 2, 3, 4, 5])
        xs = []
        ys = []
        for s in seeds {
          xs = append(xs, s)
          ys = append(ys, s * s + 0.5)
        }
        csv(table("seed", xs, "y", ys), "sq.csv")
        t = table("n", [len(seeds)])
        print(len(seeds))

        """

    let folders = ScratchFolders("pola-shard")

    func scratch(_ script: String = sweep) throws -> URL {
        let url = try folders.make()
        try script.write(to: url.appendingPathComponent("sweep.pola"), atomically: true, encoding: .utf8)
        return url
    }

    func text(_ directory: URL, _ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func mergedSharesEqualTheUnshardedTable() throws {
        let directory = try scratch()
        #expect(try PolaRepl.run(["sweep.pola"], in: directory).status == 0)
        var sizes = [String]()
        for k in 1...3 {
            let outcome = try PolaRepl.run(["--shard", "\(k)/3", "sweep.pola"], in: directory)
            #expect(outcome.status == 0)
            sizes.append(outcome.output)
        }
        #expect(sizes == ["1\n", "2\n", "2\n"])
        let merge = try PolaRepl.run(
            ["merge", "all.csv"] + (1...3).map { "sq.shard-\($0)-of-3.csv" }, in: directory)
        #expect(merge.status == 0)
        #expect(try text(directory, "all.csv") == (try text(directory, "sq.csv")))
        let provenance = try text(directory, "all.csv.json")
        #expect(provenance.contains("\"shards\": {\n    \"count\": 3,\n    \"program\": \"sweep.pola\""))
        #expect(provenance.contains("\"rows\": 5"))
    }

    /// The same share from a Slurm array task's variables, with no --shard.
    @Test func aSlurmArrayTaskRunsItsShare() throws {
        let directory = try scratch()
        let outcome = try PolaRepl.run(
            ["sweep.pola"], in: directory,
            environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "0"])
        #expect(outcome.status == 0)
        #expect(outcome.output == "2\n")
        #expect(try text(directory, "sq.shard-1-of-2.csv") == "seed,y\r\n1,1.5\r\n2,4.5\r\n")
    }

    @Test(arguments: [
        (
            "5/4",
            """
            pola-repl: bad --shard '5/4' (a share from 1 to 4 expected, got 5)
              pola-repl --shard 5/4 sweep.pola
                                ^~~
              note: shares count from 1: --shard 1/4 to --shard 4/4

            """
        ),
        (
            "0/4",
            """
            pola-repl: bad --shard '0/4' (a share from 1 to 4 expected, got 0)
              pola-repl --shard 0/4 sweep.pola
                                ^~~
              note: shares count from 1: --shard 1/4 to --shard 4/4

            """
        ),
        (
            "a/b",
            """
            pola-repl: bad --shard 'a/b' (K/N expected: share K of N, two whole numbers)
              pola-repl --shard a/b sweep.pola
                                ^~~
              note: --shard 2/4 runs the second of four shares

            """
        ),
    ])
    func badSharesArePositionedAndRunNothing(shard: String, expected: String) throws {
        let directory = try scratch()
        let outcome = try PolaRepl.run(["--shard", shard, "sweep.pola"], in: directory)
        #expect(outcome.status == 64)
        #expect(outcome.error == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["sweep.pola"])
    }

    /// Every refusal leaves the shares as they were and writes no merged file; an existing
    /// merged file is not replaced.
    @Test func mismatchedMissingAndDuplicateSharesAreRefused() throws {
        let directory = try scratch()
        for k in 1...3 { _ = try PolaRepl.run(["--shard", "\(k)/3", "sweep.pola"], in: directory) }
        try "kept\r\n".write(to: directory.appendingPathComponent("all.csv"), atomically: true, encoding: .utf8)
        // Share 2 again, from an edited program.
        let other = try scratch(Self.sweep + "z = 1\n")
        _ = try PolaRepl.run(["--shard", "2/3", "sweep.pola"], in: other)
        try FileManager.default.copyItem(
            at: other.appendingPathComponent("sq.shard-2-of-3.csv"),
            to: directory.appendingPathComponent("edited.shard-2-of-3.csv"))
        try FileManager.default.copyItem(
            at: other.appendingPathComponent("sq.shard-2-of-3.csv.json"),
            to: directory.appendingPathComponent("edited.shard-2-of-3.csv.json"))
        let cases: [([String], String)] = [
            (["sq.shard-1-of-3.csv", "sq.shard-3-of-3.csv"], "pola-repl: share 2 of 3 missing\n"),
            (
                ["sq.shard-1-of-3.csv", "sq.shard-2-of-3.csv", "sq.shard-2-of-3.csv", "sq.shard-3-of-3.csv"],
                "pola-repl: share 2 is given twice: 'sq.shard-2-of-3.csv' and 'sq.shard-2-of-3.csv'\n"
            ),
            (
                ["sq.shard-1-of-3.csv", "edited.shard-2-of-3.csv", "sq.shard-3-of-3.csv"],
                "pola-repl: 'sq.shard-1-of-3.csv' and 'edited.shard-2-of-3.csv' were made with different programs: "
                    + "their shares cannot be one table\n"
            ),
            (["sweep.pola"], "pola-repl: cannot read 'sweep.pola.json'\n"),
        ]
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for (shares, message) in cases {
            let outcome = try PolaRepl.run(["merge", "all.csv"] + shares, in: directory)
            #expect(outcome.status == 64)
            #expect(outcome.error.hasPrefix(message), "\(shares)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == before)
            #expect(try text(directory, "all.csv") == "kept\r\n")
        }
    }

    /// `merge_shards` gives a notebook the merged table to chart.
    @Test func mergeShardsBuildsTheTableInAScript() throws {
        let directory = try scratch()
        for k in 1...2 { _ = try PolaRepl.run(["--shard", "\(k)/2", "sweep.pola"], in: directory) }
        let outcome = try PolaRepl.run([], in: directory, input: "t = merge_shards(\"sq.csv\")\nprint(t.y)\n")
        #expect(outcome.error == "")
        #expect(outcome.output == "[1.5, 4.5, 9.5, 16.5, 25.5]\n")
    }

    /// A notebook's share: the digest covers its cells' code, not their recorded outputs.
    @Test func aNotebookRunsItsShare() throws {
        let directory = try scratch()
        let notebook = "# sweep\n\n```pola\n" + Self.sweep + "```\n"
        try notebook.write(to: directory.appendingPathComponent("sweep.md"), atomically: true, encoding: .utf8)
        let outcome = try PolaRepl.run(["--shard", "2/2", "run", "sweep.md"], in: directory)
        #expect(outcome.status == 0)
        #expect(try text(directory, "sq.shard-2-of-2.csv") == "seed,y\r\n3,9.5\r\n4,16.5\r\n5,25.5\r\n")
        #expect(try text(directory, "sq.shard-2-of-2.csv.json").contains("\"program\": \"sweep.md\""))
    }

    @Test func checkTakesNoShard() throws {
        let outcome = try PolaRepl.run(["--shard", "1/2", "check", "a.md"])
        #expect(outcome.status == 64)
        #expect(outcome.error.hasPrefix("pola-repl: --shard goes with run, a script or paper\n"))
    }

    /// `scripts/sweep-parallel`: the shares of `scripts/tiny-sweep.sbatch` run side by side by GNU
    /// parallel (which `scripts/setup` installs), merged, give the unsharded run's table.
    @Test func aSweepRunByGNUParallelMergesIntoTheUnshardedTable() throws {
        let directory = try scratch()
        let script = PolaRepl.packageRoot.appendingPathComponent("scripts/sweep-parallel")
        let outcome = try PolaRepl.run(
            [script.path, "3", directory.path], executable: URL(fileURLWithPath: "/bin/bash"),
            environment: ["POLA_REPL": PolaRepl.binary.path])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.hasSuffix("the same bytes as the unsharded run (\(directory.path)/whole.csv)\n"))
        let merged = try text(directory, "tiny.csv")
        #expect(merged == (try text(directory, "whole.csv")))
        // 6 seeds of 3 evaluations (epochs 0 to 2) and the header.
        #expect(merged.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 19)
        #expect(try text(directory, "tiny.csv.json").contains("\"count\": 3"))
    }
}
