import Foundation
import TestSupport
import Testing

@Suite struct CommandLineTests {
    let folders = ScratchFolders("pola-cli")

    func scratch() throws -> URL {
        try folders.make()
    }

    @Test(arguments: [
        (["--frobnicate"], "unknown option '--frobnicate'"),
        (["run"], "run takes one notebook"),
        (["check"], "check takes one or more notebooks"),
        (["a.pola", "b.pola"], "one script at a time (got 2 arguments)"),
        (["--timeout", "soon", "a.pola"], "--timeout needs a positive number of seconds, got 'soon'"),
        (["--update", "a.pola"], "--update goes with check"),
        (
            ["--sandbox", "/no/such/folder", "a.pola"],
            "--sandbox needs an existing folder, and '/no/such/folder' is none"
        ),
        (["--write-files", "a.pola"], "--write-files goes with check"),
        (["-i"], "-i (--then-prompt) needs a file"),
    ])
    func usageErrorsExit64(arguments: [String], message: String) throws {
        let outcome = try PolaRepl.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.error.hasPrefix("pola-repl: \(message)\n"))
    }

    @Test func aMissingScriptIsAUsageError() throws {
        let outcome = try PolaRepl.run(["/no/such/file.pola"])
        #expect(outcome.status == 64)
        #expect(outcome.error == "pola-repl: cannot read '/no/such/file.pola': no such file\n")
    }

    /// The binary is the one SwiftPM built beside this test bundle, wherever `--scratch-path`
    /// put them, not a fixed `.build/release`.
    @Test func theBinaryIsTheOneBuiltWithTheTests() throws {
        try #require(ProcessInfo.processInfo.environment["POLA_REPL_BINARY"] == nil)
        let running = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
        #expect(running.path.hasPrefix(PolaRepl.binary.deletingLastPathComponent().path))
        #expect(FileManager.default.isExecutableFile(atPath: PolaRepl.binary.path))
    }

    /// Ctrl-C (SIGINT) stops a script at a safe point: exit 130, saying where.
    @Test func anInterruptedScriptSaysWhere() throws {
        let directory = try scratch()
        try "x = 0\nwhile true { x = x + 1 }\n".write(
            to: directory.appendingPathComponent("loop.pola"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = PolaRepl.binary
        process.arguments = ["loop.pola"]
        process.currentDirectoryURL = directory
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        usleep(500_000)
        process.interrupt()
        let error = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(error.hasPrefix("loop.pola:2:"), "\(error)")
        #expect(error.contains("error: interrupted"))
    }

    @Test func pipedInputRunsAsAScript() throws {
        let outcome = try PolaRepl.run([], input: "x = 2\nprint(x * 21)\n")
        #expect(outcome.status == 0)
        #expect(outcome.output == "42\n")
    }

    /// A proximal loop stopped by `max_iters` warns on standard error, never in the output.
    @Test func anUnconvergedStepWarnsOnStandardError() throws {
        let script = """
            g = ipd(cf: 1.1)
            s = step(pola(inner_lr: 1, outer_lr: 0.3, beta: 0.1, max_iters: 4), g, tabular(g), tabular(g))
            print(s.converged0)
            """
        let outcome = try PolaRepl.run([], input: script)
        #expect(outcome.status == 0)
        #expect(outcome.output == "false\n")
        #expect(
            outcome.error
                == "warning: pola's proximal loop reached max_iters (4) before tol for agents 0, 1; "
                + "raise max_iters or loosen tol\n")
    }

    @Test func versionAndHelp() throws {
        #expect(try PolaRepl.run(["--version"]).output.hasPrefix("pola-repl "))
        #expect(try PolaRepl.run(["--help"]).output.contains("check [--update] [--write-files] [--all] NOTEBOOK.md"))
    }

    /// The acceptance script of the PolaScript issue: 30 LOLA epochs from the golden starting
    /// logits, then train + csv whose last row holds the same numbers.
    @Test func csvWritesNamedColumnsAndExactNumbers() throws {
        let directory = try scratch()
        let golden = try GoldenRun(named: "lola_tabular_cf1.1")
        let logits = golden.start.map { "[" + $0[0].scalars.map { "\($0)" }.joined(separator: ", ") + "]" }
        let script = """
            g = ipd(cf: 1.1, gamma: 0.96)
            a = tabular(g, logits: \(logits[0]))
            b = tabular(g, logits: \(logits[1]))
            r = lola(inner_lr: 3, outer_lr: 25)
            t = train(r, g, a, b, epochs: 30)
            csv(t, "run.csv")
            """
        let outcome = try PolaRepl.run([], in: directory, input: script)
        #expect(outcome.status == 0, "\(outcome.error)")
        let csv = try String(contentsOf: directory.appendingPathComponent("run.csv"), encoding: .utf8)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 31)
        #expect(rows[0].hasPrefix("epoch,V0,V1,q0_DD,q0_DC,q0_CD,q0_CC,q0_start,q1_DD"))
        let last = rows[30].split(separator: ",").map { Double($0)! }
        let expected = golden.epochs[29]
        #expect(maxAbsoluteDifference(Array(last[1...2]), expected.values) < 1e-9)
        #expect(maxAbsoluteDifference(Array(last[3...7]), expected.policies[0]) < 1e-9)
        #expect(maxAbsoluteDifference(Array(last[8...12]), expected.policies[1]) < 1e-9)
        // Settings are fields, numbers as numbers; each agent's history ends with the 30 epochs.
        let data = try Data(contentsOf: directory.appendingPathComponent("run.csv.json"))
        let provenance = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rule = try #require(provenance["rule"] as? [String: Any])
        #expect(rule["name"] as? String == "lola")
        #expect(rule["inner_lr"] as? Double == 3)
        #expect(rule["taylor"] as? Bool == false)
        #expect((provenance["game"] as? [String: Any])?["cf"] as? Double == 1.1)
        let agent = try #require(provenance["agent 0"] as? [[String: Any]])
        #expect(agent.first?["name"] as? String == "tabular")
        #expect(provenance["rows"] as? Int == 30)
        #expect(provenance["pola-repl"] is String)
    }

    @Test func theSandboxConfinesWrites() throws {
        let directory = try scratch()
        let script = "t = table(\"x\", [1])\ncsv(t, \"inside.csv\")\ncsv(t, \"../outside.csv\")\n"
        let outcome = try PolaRepl.run(["--sandbox", directory.path], input: script)
        #expect(outcome.status == 70)
        #expect(outcome.error.contains("error: '../outside.csv' is outside the sandbox"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("inside.csv").path))
        #expect(
            !FileManager.default.fileExists(
                atPath: directory.deletingLastPathComponent().appendingPathComponent("outside.csv").path))
    }

    @Test func aFailedWriteKeepsThePreviousFile() throws {
        let directory = try scratch()
        let target = directory.appendingPathComponent("run.csv")
        try "previous\n".write(to: target, atomically: true, encoding: .utf8)
        chmod(directory.path, 0o500)
        defer { chmod(directory.path, 0o700) }
        let outcome = try PolaRepl.run([], in: directory, input: "csv(table(\"x\", [1]), \"run.csv\")\n")
        // Root may write anyway; then the write must have replaced the file whole.
        let now = try String(contentsOf: target, encoding: .utf8)
        if getuid() != 0 {
            #expect(outcome.status == 70)
            #expect(outcome.error.contains("cannot write 'run.csv': permission denied in ."))
            #expect(now == "previous\n")
        } else {
            #expect(now == "previous\n" || now == "x\r\n1\r\n")
        }
    }

    /// How soon it stops is `LatencyTests`' business; here only that it stops, and says so.
    @Test func timeoutInterruptsARunawayLoop() throws {
        let outcome = try PolaRepl.run(["--timeout", "0.5"], input: "while true { }\n")
        #expect(outcome.status == 130)
        #expect(outcome.error.contains("error: interrupted"))
    }
}

/// Writes that fail leave what was there and say why, even for root (who ignores permissions).
@Suite struct FileSafetyTests {
    let folders = ScratchFolders("pola-files")

    func scratch() throws -> URL {
        try folders.make()
    }

    @Test func writingOverADirectoryFailsAndKeepsIt() throws {
        let directory = try scratch()
        let target = directory.appendingPathComponent("run.csv")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "keep\n".write(to: target.appendingPathComponent("inside.txt"), atomically: true, encoding: .utf8)
        let outcome = try PolaRepl.run([], in: directory, input: "csv(table(\"x\", [1]), \"run.csv\")\n")
        #expect(outcome.status == 70)
        #expect(outcome.error.contains("error: cannot write 'run.csv': it is a directory"))
        #expect(try String(contentsOf: target.appendingPathComponent("inside.txt"), encoding: .utf8) == "keep\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.contains(".tmp-")
        }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    @Test func aFileWhereADirectoryShouldBe() throws {
        let directory = try scratch()
        try "not a directory\n".write(to: directory.appendingPathComponent("out"), atomically: true, encoding: .utf8)
        let outcome = try PolaRepl.run([], in: directory, input: "csv(table(\"x\", [1]), \"out/run.csv\")\n")
        #expect(outcome.status == 70)
        #expect(outcome.error.contains("error: cannot write 'out/run.csv': its directory 'out' does not exist"))
        #expect(try String(contentsOf: directory.appendingPathComponent("out"), encoding: .utf8) == "not a directory\n")
    }

    @Test func aSuccessfulWriteReplacesTheFileWhole() throws {
        let directory = try scratch()
        let target = directory.appendingPathComponent("run.csv")
        try "old contents that are longer than the new ones\n".write(to: target, atomically: true, encoding: .utf8)
        let outcome = try PolaRepl.run([], in: directory, input: "csv(table(\"x\", [0.1, 1e-300]), \"run.csv\")\n")
        #expect(outcome.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8) == "x\r\n0.1\r\n1e-300\r\n")
    }

    @Test func checkUpdateRewritesANotebookInPlace() throws {
        let directory = try scratch()
        let notebook = directory.appendingPathComponent("nb.md")
        try "# T\n\n```pola\nprint(1 + 1)\n```\n\nprose\n\n```pola\nx = 3\nx * 2\n```\n".write(
            to: notebook, atomically: true, encoding: .utf8)
        let update = try PolaRepl.run(["check", "--update", notebook.path])
        #expect(update.status == 0)
        let text = try String(contentsOf: notebook, encoding: .utf8)
        #expect(
            text
                == "# T\n\n```pola\nprint(1 + 1)\n```\n\n```output\n2\n```\n\nprose\n\n```pola\nx = 3\nx * 2\n```\n\n```output\n6\n```\n"
        )
        #expect(try PolaRepl.run(["check", notebook.path]).status == 0)
        try text.replacingOccurrences(of: "```output\n6\n", with: "```output\n7\n").write(
            to: notebook, atomically: true, encoding: .utf8)
        let mismatch = try PolaRepl.run(["check", notebook.path])
        #expect(mismatch.status == 1)
        #expect(mismatch.output.contains("output of cell 2 differs"))
        #expect(mismatch.output.contains("  - 7\n  + 6\n"))
    }
}
