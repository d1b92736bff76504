import Foundation
import PolaScript
import Runtime
import Testing

/// What the exact, sampled and formula halves share since they run through one session shape
/// and one epoch loop: a sampled `train` keeps the rows it finished when stopped and numbers
/// its epochs on from the agents', a GRU agent copies and keeps its history like any agent, a
/// sampled run's provenance records that history as an exact run's does, and a Coin Game table
/// has the proportion of own coins as a column.
@Suite struct OneLearningPathTests {
    static let sampled = """
        g = ipd_history(rollout: 3); r = lola_dice(inner_lr: 1, batch: 4, seed: 3)
        a = gru(g, hidden: 2, seed: 1); b = gru(g, hidden: 2, seed: 2)

        """

    /// Runs `text` on a fresh interpreter whose host asks to stop at its `poll`-th poll (never
    /// with nil), with files in a scratch folder; returns the output, the first error's message
    /// and notes, and the folder (removed when `scratch` goes).
    static func run(_ text: String, interruptingAtPoll poll: Int? = nil, in scratch: String? = nil) -> (
        output: [String], message: String?, notes: [String]
    ) {
        let buffer = Locked("")
        let polls = Locked(0)
        let failure: (String, [String])? = LargeStack.run {
            let host = Host(
                write: { text in buffer.withLock { $0 += text } },
                isInterrupted: { poll.map { polls.increment() == $0 } ?? false },
                files: scratch.map { FileAccess(sandbox: $0) } ?? FileAccess())
            do {
                try Interpreter(host: host).run(Source(name: "path.pola", text: text))
            } catch let diagnostics as Diagnostics {
                return (diagnostics.items[0].message, diagnostics.items[0].notes)
            } catch {
                return ("\(error)", [])
            }
            return nil
        }
        var output = buffer.withLock { $0 }.components(separatedBy: "\n")
        if output.last == "" { output.removeLast() }
        return (output, failure?.0, failure?.1 ?? [])
    }

    /// Ctrl-C during a sampled `train` binds the rows finished (the start's evaluation and one
    /// per completed epoch), says where the run stopped, and leaves the agents at the last
    /// completed epoch; with the agents one step on, the epochs are numbered on from theirs.
    @Test(arguments: [(0, 40), (0, 90), (1, 40), (1, 90)])
    func anInterruptedSampledTrainBindsTheRowsItFinished(stepsBefore: Int, poll: Int) throws {
        let before = stepsBefore == 0 ? "" : "step(r, g, a, b)\n"
        // The steps before `train` poll too; count from the first poll of the train.
        let polls = stepsBefore == 0 ? 0 : Self.polls(of: Self.sampled + "step(r, g, a, b)")
        let (output, message, notes) = Self.run(
            Self.sampled + before + "t = table(\"epoch\", [-1])\nt = train(r, g, a, b, epochs: 50)",
            interruptingAtPoll: polls + poll)
        let text = try #require(message)
        let held = try #require(TrainTests.heldEpoch(text))
        #expect(text == "interrupted (during epoch \(held + 1); the agents hold epoch \(held))")
        #expect(held > stepsBefore, "the run finished an epoch before the interrupt")
        let rows = held - stepsBefore + 1
        #expect(notes == ["'t' holds the \(rows) rows finished"])
        // Replayed without the interrupt up to the same epoch, the rows are the same.
        let straight = Self.run(
            Self.sampled + before
                + "t = train(r, g, a, b, epochs: \(held - stepsBefore))\nprint(t.epoch)\nprint(a.epochs)")
        let epochs = "[" + (stepsBefore...held).map(String.init).joined(separator: ", ") + "]"
        #expect(straight.output == [epochs, "\(held)"])
        #expect(output.isEmpty)
    }

    /// Polls the host sees while `text` runs (a host that never asks to stop).
    static func polls(of text: String) -> Int {
        let count = Locked(0)
        LargeStack.run {
            let host = Host(
                write: { _ in },
                isInterrupted: {
                    _ = count.increment()
                    return false
                })
            try? Interpreter(host: host).run(Source(name: "polls.pola", text: text))
        }
        return count.withLock { $0 }
    }

    /// The bound table and the agents after the interrupt, read by a script run in the same
    /// session: the rows are the finished epochs, the table says where it stopped.
    @Test func theBoundTableSaysWhereItStopped() throws {
        let buffer = Locked("")
        let polls = Locked(0)
        LargeStack.run {
            let host = Host(
                write: { text in buffer.withLock { $0 += text } }, isInterrupted: { polls.increment() == 60 })
            let interpreter = Interpreter(host: host)
            try? interpreter.run(Source(name: "train", text: Self.sampled + "t = train(r, g, a, b, epochs: 50)"))
            try? interpreter.run(Source(name: "after", text: "print(t.epoch, a.epochs, b.epochs)\nshow(t)"))
        }
        let lines = buffer.withLock { $0 }.split(separator: "\n").map(String.init)
        let first = try #require(lines.first)
        let held = try #require(Int(first.split(separator: " ").last ?? ""))
        #expect(first == "[" + (0...held).map(String.init).joined(separator: ", ") + "] \(held) \(held)")
        #expect(lines.contains("# stopped: interrupted during epoch \(held + 1)"))
    }

    /// A second sampled `train` numbers its rows on from the agents' epochs, as an exact one
    /// does: its first row (the evaluation of the agents as they start) is the first's last.
    @Test func sampledTrainingNumbersItsEpochsOn() {
        let (output, message, _) = Self.run(
            Self.sampled + """
                t = train(r, g, a, b, epochs: 2)
                step(r, g, a, b)
                u = train(r, g, a, b, epochs: 2)
                print(t.epoch, u.epoch, a.epochs)
                """)
        #expect(message == nil)
        #expect(output == ["[0, 1, 2] [3, 4, 5] 5"])
    }

    /// `copy` makes an independent GRU agent with the same networks and history.
    @Test func aGRUAgentCopies() {
        let (output, message, _) = Self.run(
            Self.sampled + """
                step(r, g, a, b)
                c = copy(a)
                print(c.history == a.history, c.epochs, c.kind)
                s0 = evaluate(g, a, b, seed: 5)
                s1 = evaluate(g, c, b, seed: 5)
                print(s0.score == s1.score)
                step(r, g, c, b)
                print(a.epochs, c.epochs)
                """)
        #expect(message == nil)
        #expect(output == ["true 1 gru", "true", "1 2"])
    }

    /// A GRU agent's history lists what trained it, as an exact agent's does.
    @Test func aGRUAgentsHistoryListsWhatTrainedIt() {
        let (output, message, _) = Self.run(
            Self.sampled + """
                train(r, g, a, b, epochs: 2)
                step(r, g, a, b)
                print(a.history)
                """)
        #expect(message == nil)
        #expect(
            output == [
                "gru(hidden: 2, layers: 1, seed: 1) then lola_dice(inner_lr: 1, outer_lr: 0.003, value_lr: 0.0005, "
                    + "batch: 4, gamma: 0.96, gae_lambda: 1, seed: 3) on ipd_history(cf: 1.33, start: \"separate\", "
                    + "rollout: 3) for epochs 1-3"
            ])
    }

    /// The `.csv.json` beside a sampled run's table records each agent as an exact run's does:
    /// its origin, then every learning step with its rule, game and epochs.
    @Test func aSampledRunsProvenanceHasTheAgentsHistory() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pola-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (_, message, _) = Self.run(
            Self.sampled + """
                step(r, g, a, b)
                csv(train(r, g, a, b, epochs: 1), "sampled.csv")
                e = ipd(); x = tabular(e, seed: 1); y = tabular(e, seed: 2)
                step(naive(lr: 1), e, x, y)
                csv(train(naive(lr: 1), e, x, y, epochs: 1), "exact.csv")
                """, in: scratch.path)
        #expect(message == nil)
        func agent0(_ file: String) throws -> [[String: Any]] {
            let data = try Data(contentsOf: scratch.appendingPathComponent(file))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require(json["agent 0"] as? [[String: Any]])
        }
        for history in [try agent0("sampled.csv.json"), try agent0("exact.csv.json")] {
            #expect(history.count == 2)
            #expect(history.first?["name"] != nil)
            #expect(Set(history.last?.keys.map { $0 } ?? []) == ["rule", "game", "epochs"])
            #expect(history.last?["epochs"] as? [Int] == [1, 1])
        }
        #expect(try agent0("sampled.csv.json").first?["name"] as? String == "gru")
    }

    /// A Coin Game table has `proportion_same` beside `same` and `different`: the share of the
    /// coins taken by the agent of their colour, as `evaluate` and the progress line give it.
    @Test func aCoinGameTableHasTheProportionOfOwnCoins() throws {
        let (output, message, _) = Self.run(
            """
            g = coin_game(rollout: 4); r = lola_dice(inner_lr: 1, batch: 6, seed: 2)
            a = gru(g, hidden: 2, seed: 1); b = gru(g, hidden: 2, seed: 2)
            t = train(r, g, a, b, epochs: 1)
            print(t.columns[-3..-1])
            for k in 0..1 { print(t.same[k], t.different[k], t.proportion_same[k]) }
            """)
        #expect(message == nil)
        #expect(output.first == "[\"same\", \"different\", \"proportion_same\"]")
        for line in output.dropFirst() {
            let numbers = line.split(separator: " ").compactMap { Double($0) }
            try #require(numbers.count == 3)
            #expect(abs(numbers[2] - numbers[0] / (numbers[0] + numbers[1])) < 1e-12)
        }
    }

    /// A sampled run saved before GRU agents kept their history (their notes: `origin` text and
    /// an `epochs` count, no first epoch) still loads and resumes: the agents keep their origin
    /// and that many epochs, and the run's epochs are numbered from 1 as they were then.
    @Test func aSampledRunSavedBeforeHistoriesResumes() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pola-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let game = try IPDWithHistory(episodeLength: 3)
        let agents = (1...2).map { SampledAgent.gru(for: game, hidden: 2, seed: UInt64($0)) }
        let rule = try DiCERule(.lolaDiCE, innerRate: 1, batch: 4)
        var state = SampledLearningState(environment: game, agents: agents, seed: 3)
        var rows = [[Double]]()
        try EpochLoop(SampledTrainer<IPDWithHistory>(rule: rule, evaluates: true)).run(
            &state, through: 1, recordStart: true
        ) { _, evaluation in
            rows.append([Double(rows.count)] + evaluation!.mutual + [0, 0, 0, 0, 0, 0])
            return true
        }
        let origin = { (seed: Int) in Annotation.string("gru(hidden: 2, layers: 1, seed: \(seed))") }
        let notes = Annotation.record([
            .init("game", .string("ipd_history(rollout: 3)")),
            .init(
                "rule",
                .string(
                    "lola_dice(inner_lr: 1, outer_lr: 0.003, value_lr: 0.0005, batch: 4, gamma: 0.96, gae_lambda: 1, "
                        + "seed: 3)")),
            .init(
                "agents",
                .list((1...2).map { .record([.init("origin", origin($0)), .init("epochs", .number(1))]) })),
            .init("table", .none),
        ])
        let columns = ["epoch", "score0", "score1", "alld0", "alld1", "allc0", "allc1", "tft0", "tft1"]
        let run = SampledTrainingRun(
            state: state, rule: rule, scores: ScoreTable(columns: columns, rows: rows), notes: notes)
        try Data(run.snapshot().encoded()).write(to: scratch.appendingPathComponent("old.ckpt"))
        let (output, message, _) = Self.run(
            """
            r = load("old.ckpt")
            print(r.epochs_done, r.agents[0].epochs, r.agents[0].history)
            g = ipd_history(rollout: 3); p = lola_dice(inner_lr: 1, batch: 4, seed: 3)
            a = gru(g, hidden: 2, seed: 1); b = gru(g, hidden: 2, seed: 2)
            t = train(p, g, a, b, epochs: 2, resume: "old.ckpt")
            print(t.epoch, a.epochs)
            """, in: scratch.path)
        #expect(message == nil)
        #expect(
            output == [
                "1 1 gru(hidden: 2, layers: 1, seed: 1) then rule(recorded: false) on game(recorded: false) for epoch 1",
                "[0, 1, 2] 2",
            ])
    }
}
