import PolaScript
import Runtime
import Testing

/// `train` runs on the Runtime's epoch loop: stopped part-way, the agents hold the last
/// completed epoch, exactly as that many `step`s would leave them. The naive rule polls once
/// per epoch (and nothing before `train` polls), so poll N falls in epoch N.
@Suite struct TrainTests {
    @Test(arguments: [1, 2, 6, 30])
    func anInterruptedTrainKeepsTheLastCompletedEpoch(interruptAtPoll poll: Int) throws {
        let output = Locked("")
        let host = Self.host(interruptingAtPoll: poll, writingTo: output)
        let message: String? = LargeStack.run {
            let interpreter = Interpreter(host: host)
            let setup = "g = ipd(cf: 1.1); r = naive(lr: 2); a = tabular(g, seed: 1); b = tabular(g, seed: 2)\n"
            do {
                try interpreter.run(Source(name: "train", text: setup + "t = train(r, g, a, b, epochs: 30)"))
                return nil
            } catch let diagnostics as Diagnostics {
                let message = diagnostics.items[0].message
                guard let held = Self.heldEpoch(message) else { return message }
                let replay =
                    "c = tabular(g, seed: 1); d = tabular(g, seed: 2)\nfor i in 1..\(held) { step(r, g, c, d) }\n"
                    + "print(params(a) == params(c) and params(b) == params(d))"
                try? interpreter.run(
                    Source(name: "replay", text: held > 0 ? replay : "print(params(a) == params(tabular(g, seed: 1)))"))
                return message
            } catch {
                return "\(error)"
            }
        }
        let text = try #require(message)
        #expect(text == "interrupted (during epoch \(poll); the agents hold epoch \(poll - 1))")
        #expect(output.withLock { $0 } == "true\n")
    }

    /// The rows finished before Ctrl-C are bound to the name, the error says so, and the table
    /// says where it stopped; the epochs are those the agents hold. With no row finished, the
    /// name keeps what it held.
    @Test(arguments: [1, 2, 4, 30])
    func anInterruptedTrainBindsTheRowsItFinished(interruptAtPoll poll: Int) throws {
        let output = Locked("")
        let host = Self.host(interruptingAtPoll: poll, writingTo: output)
        let notes: [String]? = LargeStack.run {
            let interpreter = Interpreter(host: host)
            let setup =
                "g = ipd(cf: 1.1); r = naive(lr: 2); a = tabular(g, seed: 1); b = tabular(g, seed: 2)\n"
                + "t = table(\"epoch\", [0])\n"
            do {
                try interpreter.run(Source(name: "train", text: setup + "t = train(r, g, a, b, epochs: 30)"))
                return nil
            } catch let diagnostics as Diagnostics {
                try? interpreter.run(Source(name: "after", text: "print(t.rows, t.epoch)\nshow(t)"))
                return diagnostics.items[0].notes
            } catch {
                return ["\(error)"]
            }
        }
        let finished = poll - 1
        let lines = output.withLock { $0 }.split(separator: "\n")
        guard finished > 0 else {
            #expect(notes == [])
            #expect(lines.first == "1 [0]")
            return
        }
        #expect(notes == ["'t' holds the \(finished) row\(finished == 1 ? "" : "s") finished"])
        let epochs = "[" + (1...finished).map(String.init).joined(separator: ", ") + "]"
        #expect(lines.first == "\(finished) \(epochs)")
        #expect(lines.contains("# stopped: interrupted during epoch \(poll)"))
    }

    /// `start_row: true` begins the table with the agents as they were; a second `train`
    /// numbers its epochs on from the first, and its start row is the first's last.
    @Test func continuedTrainingNumbersItsEpochsOn() {
        let output = Locked("")
        LargeStack.run {
            let interpreter = Interpreter(host: Host(write: { text in output.withLock { $0 += text } }))
            try? interpreter.run(
                Source(
                    name: "continued",
                    text: """
                        g = ipd(cf: 1.1); r = naive(lr: 2); a = tabular(g, seed: 1); b = tabular(g, seed: 2)
                        v = value(g, a, b)
                        t = train(r, g, a, b, epochs: 3, start_row: true)
                        u = train(r, g, a, b, epochs: 2, start_row: true)
                        print(t.epoch, u.epoch, t.V0[0] == v[0], t[3].V0 == u[0].V0, u.q1_DD[0] == t.q1_DD[3])
                        """))
        }
        #expect(output.withLock { $0 } == "[0, 1, 2, 3] [3, 4, 5] true true true\n")
    }

    /// When `max_iters` stops POLA's proximal loop, a warning goes to the host (not to the
    /// output), once per call; a loop that meets `tol` warns nothing.
    @Test func anUnconvergedProximalLoopWarnsThroughTheHost() {
        let output = Locked("")
        let warnings = Locked([String]())
        LargeStack.run {
            let host = Host(
                write: { text in output.withLock { $0 += text } },
                warn: { line in warnings.withLock { $0.append(line) } })
            try? Interpreter(host: host).run(
                Source(
                    name: "capped",
                    text: """
                        g = ipd(cf: 1.1); a = tabular(g, seed: 1); b = tabular(g, seed: 2)
                        step(pola(inner_lr: 1, outer_lr: 0.3, beta: 0.1), g, a, b)
                        s = step(pola(inner_lr: 1, outer_lr: 0.3, beta: 0.1, max_iters: 4), g, a, b)
                        t = train(pola(inner_lr: 1, outer_lr: 0.3, beta: 0.1, max_iters: 4), g, a, b, epochs: 2)
                        print(s.converged0, t.converged1)
                        """))
        }
        #expect(output.withLock { $0 } == "false [0, 0]\n")
        let advice = "; raise max_iters or loosen tol"
        #expect(
            warnings.withLock { $0 } == [
                "pola's proximal loop reached max_iters (4) before tol for agents 0, 1" + advice,
                "pola's proximal loop reached max_iters (4) before tol in 2 of 2 epochs (see the converged columns)"
                    + advice,
            ])
    }

    /// A host that collects the output and asks to stop at its `poll`-th poll.
    static func host(interruptingAtPoll poll: Int, writingTo output: Locked<String>) -> Host {
        let polls = Locked(0)
        return Host(
            write: { text in output.withLock { $0 += text } },
            isInterrupted: { polls.increment() == poll })
    }

    /// N in "interrupted (during epoch N+1; the agents hold epoch N)".
    static func heldEpoch(_ message: String) -> Int? {
        message.range(of: "the agents hold epoch ").flatMap { Int(message[$0.upperBound...].prefix { $0.isNumber }) }
    }
}
