import PolaScript
import Runtime
import Testing

/// `train` runs on the Runtime's epoch loop: stopped part-way, the agents hold the last
/// completed epoch, exactly as that many `step`s would leave them. The naive rule polls once
/// per epoch (and nothing before `train` polls), so poll N falls in epoch N.
@Suite struct TrainTests {
    @Test(arguments: [1, 2, 6, 30])
    func anInterruptedTrainKeepsTheLastCompletedEpoch(interruptAtPoll poll: Int) throws {
        let polls = Locked(0)
        let output = Locked("")
        let host = Host(
            write: { text in output.withLock { $0 += text } },
            isInterrupted: { polls.increment() == poll })
        let message: String? = LargeStack.run {
            let interpreter = Interpreter(host: host)
            let setup = "g = ipd(cf: 1.1); r = naive(lr: 2); a = tabular(g); b = tabular(g, seed: 2)\n"
            do {
                try interpreter.run(Source(name: "train", text: setup + "t = train(r, g, a, b, epochs: 30)"))
                return nil
            } catch let diagnostics as Diagnostics {
                let message = diagnostics.items[0].message
                guard let held = Self.heldEpoch(message) else { return message }
                let replay =
                    "c = tabular(g); d = tabular(g, seed: 2)\nfor i in 1..\(held) { step(r, g, c, d) }\n"
                    + "print(params(a) == params(c) and params(b) == params(d))"
                try? interpreter.run(
                    Source(name: "replay", text: held > 0 ? replay : "print(params(a) == params(tabular(g)))"))
                return message
            } catch {
                return "\(error)"
            }
        }
        let text = try #require(message)
        #expect(text == "interrupted (during epoch \(poll); the agents hold epoch \(poll - 1))")
        #expect(output.withLock { $0 } == "true\n")
    }

    /// N in "interrupted (during epoch N+1; the agents hold epoch N)".
    static func heldEpoch(_ message: String) -> Int? {
        message.range(of: "the agents hold epoch ").flatMap { Int(message[$0.upperBound...].prefix { $0.isNumber }) }
    }
}
