import Foundation
import PolaScript
import Runtime
import TestSupport
import Testing

/// `save`, `load` and `train`'s `checkpoint:`/`every:`/`resume:` at the script level: a run
/// continued from its checkpoint prints and writes the same bytes as the straight run, and a
/// refused or interrupted one changes nothing it should not.
@Suite struct CheckpointScriptTests {
    let folders = ScratchFolders("pola-checkpoints")

    /// A fresh directory for one test's files, removed after the test.
    func directory() throws -> String {
        try folders.make().path
    }

    /// Runs `scripts` one after another in a new session whose relative paths are in
    /// `directory`; the output, with each script's first error (if any) after its output.
    static func run(_ scripts: String..., in directory: String, interruptAtPoll poll: Int? = nil) -> String {
        let output = Locked("")
        let polls = Locked(0)
        let host = Host(
            write: { text in output.withLock { $0 += text } },
            isInterrupted: { poll.map { p in polls.increment() == p } ?? false },
            files: FileAccess(base: directory))
        return LargeStack.run {
            let interpreter = Interpreter(host: host)
            for script in scripts {
                do {
                    try interpreter.run(Source(name: "test", text: script))
                } catch let diagnostics as Diagnostics {
                    output.withLock { $0 += "error: " + diagnostics.items[0].message + "\n" }
                } catch {
                    output.withLock { $0 += "error: \(error)\n" }
                }
            }
            return output.withLock { $0 }
        }
    }

    static func bytes(_ directory: String, _ name: String) -> Data? {
        FileManager.default.contents(atPath: directory + "/" + name)
    }

    static let exactSetup = """
        g = ipd(cf: 1.1, gamma: 0.96)
        a = tabular(g, seed: 1)
        b = mlp(g, hidden: 3, seed: 2)

        """

    /// LOLA and POLA with opponent models on a tabular and a network agent: 3 epochs saved, then
    /// resumed to 5 in a new session, against 5 straight; the tables' CSV and provenance, the
    /// parameters and the histories are the same bytes.
    @Test(arguments: [
        "lola(inner_lr: 3, outer_lr: 25, model: \"tabular\", model_lr: 0.2)",
        "pola(inner_lr: 2, outer_lr: 0.3, beta: 0.5, model: \"tabular\", model_lr: 0.2)",
    ])
    func anExactRunResumedIsTheStraightRun(rule: String) throws {
        let dir = try directory()
        let setup = Self.exactSetup + "r = \(rule)\n"
        let report = "csv(t, \"NAME.csv\")\nprint(params(a), params(b), a.history, b.history, model(a, 1) != none)\n"
        let straight = Self.run(
            setup + "t = train(r, g, a, b, epochs: 5, start_row: true)\n"
                + report.replacingOccurrences(of: "NAME", with: "straight"), in: dir)
        _ = Self.run(setup + "t = train(r, g, a, b, epochs: 3, checkpoint: \"run.ckpt\", start_row: true)\n", in: dir)
        let resumed = Self.run(
            setup + "t = train(r, g, a, b, epochs: 5, resume: \"run.ckpt\", start_row: true)\n"
                + report.replacingOccurrences(of: "NAME", with: "resumed"), in: dir)
        #expect(!straight.contains("error"), "\(straight)")
        #expect(resumed == straight)
        #expect(Self.bytes(dir, "resumed.csv") == Self.bytes(dir, "straight.csv"))
        #expect(Self.bytes(dir, "resumed.csv.json") == Self.bytes(dir, "straight.csv.json"))
        #expect(Self.bytes(dir, "straight.csv") != nil)
    }

    static func sampledSetup(_ rule: String) -> String {
        """
        g = ipd_history(rollout: 5)
        a = gru(g, hidden: 4, seed: 1)
        b = gru(g, hidden: 4, seed: 2)
        r = \(rule)

        """
    }

    /// LOLA-DiCE and POLA-OM on the IPD with history (tiny GRUs, batches of 8): checkpoints every
    /// 2 epochs, the run cut after 2 and resumed to 3 in a new session, against 3 straight; the
    /// tables and a later evaluation (which reads the agents) are the same bytes, and so is the
    /// rule's random stream (a further step sees the same rollouts).
    @Test(arguments: [
        "lola_dice(inner_lr: 0.05, batch: 8, seed: 3)",
        "pola_om(inner_lr: 0.05, outer_steps: 2, batch: 8, model_batches: 2, seed: 3)",
    ])
    func aSampledRunResumedIsTheStraightRun(rule: String) throws {
        let dir = try directory()
        let setup = Self.sampledSetup(rule)
        let report =
            "csv(t, \"NAME.csv\")\nprint(evaluate(g, a, b, batch: 8))\nstep(r, g, a, b)\nprint(evaluate(g, a, b, batch: 8))\n"
        let straight = Self.run(
            setup + "t = train(r, g, a, b, epochs: 3, checkpoint: \"every2.ckpt\", every: 2)\n"
                + report.replacingOccurrences(of: "NAME", with: "straight"), in: dir)
        _ = Self.run(setup + "t = train(r, g, a, b, epochs: 2, checkpoint: \"run.ckpt\")\n", in: dir)
        let resumed = Self.run(
            setup + "t = train(r, g, a, b, epochs: 3, resume: \"run.ckpt\")\n"
                + report.replacingOccurrences(of: "NAME", with: "resumed"), in: dir)
        #expect(!straight.contains("error"), "\(straight)")
        #expect(resumed == straight)
        #expect(Self.bytes(dir, "resumed.csv") == Self.bytes(dir, "straight.csv"))
        #expect(Self.bytes(dir, "resumed.csv.json") == Self.bytes(dir, "straight.csv.json"))
        // The straight run's checkpoint after its last epoch holds its whole table.
        let saved = Self.run(setup + "l = load(\"every2.ckpt\")\nprint(l.epochs_done, len(l.table))\n", in: dir)
        #expect(saved == "3 4\n")
    }

    /// A run saved by hand (`save(path, r, g, a, b)`) and trained from is the run trained from
    /// the agents directly.
    @Test func aRunSavedByHandResumesAsTheStraightRun() throws {
        let dir = try directory()
        let setup = Self.sampledSetup("lola_dice(inner_lr: 0.05, batch: 8, seed: 3)")
        let straight = Self.run(setup + "t = train(r, g, a, b, epochs: 2)\nprint(t)\n", in: dir)
        _ = Self.run(setup + "save(\"start.ckpt\", r, g, a, b)\n", in: dir)
        let resumed = Self.run(setup + "t = train(r, g, a, b, epochs: 2, resume: \"start.ckpt\")\nprint(t)\n", in: dir)
        #expect(resumed == straight)
        #expect(!straight.contains("error"))
    }

    /// Agents of every kind come back from their files with the same parameters and history.
    @Test func savedAgentsLoadBackTheSame() throws {
        let dir = try directory()
        let script =
            Self.exactSetup + """
                c = precond(g, seed: 3)
                step(lola(inner_lr: 1, outer_lr: 1), g, a, c)
                s = gru(ipd_history(rollout: 5), hidden: 4, seed: 1)
                save("a.agent", a); save("b.agent", b); save("c.agent", c); save("s.agent", s)
                for x in [[a, load("a.agent")], [b, load("b.agent")], [c, load("c.agent")]] {
                    print(params(x[0]) == params(x[1]), x[0].history == x[1].history, str(policy(x[0])) == str(policy(x[1])))
                }
                s2 = load("s.agent")
                other = gru(ipd_history(rollout: 5), hidden: 4, seed: 2)
                e = evaluate(ipd_history(rollout: 5), s, other, batch: 8)
                print(s2.kind, evaluate(ipd_history(rollout: 5), s2, other, batch: 8) == e)

                """
        #expect(Self.run(script, in: dir) == "true true true\ntrue true true\ntrue true true\ngru true\n")
    }

    /// A refused resume (another game, rule, agents, or a damaged file) leaves the agents, the
    /// rule's stream and every name as they were.
    @Test func aRefusedResumeChangesNothing() throws {
        let dir = try directory()
        let rule = "lola_dice(inner_lr: 0.05, batch: 8, seed: 3)"
        _ = Self.run(Self.sampledSetup(rule) + "t = train(r, g, a, b, epochs: 2, checkpoint: \"run.ckpt\")\n", in: dir)
        let bytes = try #require(Self.bytes(dir, "run.ckpt"))
        try bytes.prefix(bytes.count - 3).write(to: URL(fileURLWithPath: dir + "/cut.ckpt"))
        let check = """
            t = 7
            before = evaluate(g, a, b, batch: 8)
            step(r2, g, c, d)
            after = evaluate(g, c, d, batch: 8)

            """
        let tail =
            "print(t, evaluate(g, a, b, batch: 8) == before)\nstep(r, g, a, b)\nprint(evaluate(g, a, b, batch: 8) == after)\n"
        let setup = Self.sampledSetup(rule) + "c = gru(g, hidden: 4, seed: 1)\nd = gru(g, hidden: 4, seed: 2)\n"
        for bad in [
            "t = train(lola_dice(inner_lr: 0.06, batch: 8, seed: 3), g, a, b, epochs: 3, resume: \"run.ckpt\")",
            "t = train(r, g, a, b, epochs: 3, resume: \"cut.ckpt\")",
            "t = train(r, g, a, b, epochs: 1, resume: \"run.ckpt\")",
            "t = load(\"cut.ckpt\")",
        ] {
            // c and d take the step a and b would take next: the rule's stream must not move.
            let output = Self.run(setup + "r2 = \(rule)\n" + check, bad, tail, in: dir)
            let lines = output.split(separator: "\n")
            #expect(lines.count == 3 && lines[0].hasPrefix("error: "), "\(bad): \(output)")
            #expect(lines.dropFirst() == ["7 true", "true"], "\(bad): \(output)")
        }
    }

    /// Ctrl-C during a checkpointed train leaves the last checkpoint whole: it loads, and holds
    /// the epochs of the last save before the interruption.
    @Test(arguments: [3, 6])
    func anInterruptedTrainLeavesTheLastCheckpoint(interruptAtPoll poll: Int) throws {
        let dir = try directory()
        let setup = "g = ipd(cf: 1.1); r = naive(lr: 2); a = tabular(g, seed: 1); b = tabular(g, seed: 2)\n"
        let output = Self.run(
            setup + "t = train(r, g, a, b, epochs: 30, checkpoint: \"run.ckpt\", every: 2)\n", in: dir,
            interruptAtPoll: poll)
        #expect(output.contains("interrupted (during epoch \(poll)"), "\(output)")
        let saved = (poll - 1) / 2 * 2
        let loaded = Self.run(setup + "l = load(\"run.ckpt\")\nprint(l.epochs_done, len(l.table))\n", in: dir)
        #expect(loaded == "\(saved) \(saved)\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "run.ckpt" }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    /// The same for a sampled rule, whose two agents' updates poll from two threads: the last
    /// checkpoint loads, at the last multiple of `every` before the epoch interrupted, with the
    /// evaluation rows of those epochs (and of epoch 0).
    /// A LOLA-DiCE epoch on one chunk polls six times per agent (the outer step, then before
    /// each chunk of its five chunked passes), so poll 50 falls past epoch 3.
    @Test func anInterruptedSampledTrainLeavesTheLastCheckpoint() throws {
        let dir = try directory()
        let setup = Self.sampledSetup("lola_dice(inner_lr: 0.05, batch: 8, seed: 3)")
        let output = Self.run(
            setup + "t = train(r, g, a, b, epochs: 30, checkpoint: \"run.ckpt\", every: 2)\n", in: dir,
            interruptAtPoll: 50)
        let interrupted = try #require(
            output.range(of: "interrupted (during epoch ").flatMap {
                Int(output[$0.upperBound...].prefix(while: \.isNumber))
            },
            "\(output)")
        #expect(interrupted > 3)
        let saved = (interrupted - 1) / 2 * 2
        let loaded = Self.run(setup + "l = load(\"run.ckpt\")\nprint(l.epochs_done, len(l.table))\n", in: dir)
        #expect(loaded == "\(saved) \(saved + 1)\n")
    }
}
