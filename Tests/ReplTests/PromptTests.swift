import Foundation
import TestSupport
import Testing

/// The real prompt in a real terminal: pola-repl runs inside tmux, keys are sent with
/// `send-keys` and the screen is read with `capture-pane`.
@Suite(.serialized) struct PromptTests {
    @Test func typingEchoesValues() throws {
        let session = try TmuxSession()
        try session.type("x = 6 * 7")
        try session.type("x")
        try session.waitFor("\n42\n")
    }

    @Test func upArrowRecallsHistory() throws {
        let session = try TmuxSession()
        try session.type("print(12321)")
        try session.waitFor("\n12321\n")
        try session.send("Up")
        try session.send("Enter")
        try session.waitFor("\n12321\n", count: 2)
    }

    @Test func tabCompletesNamesAndKeywordArguments() throws {
        let session = try TmuxSession()
        try session.type("my_variable = 5")
        try session.tmux(["send-keys", "-t", session.name, "-l", "my_v"])
        try session.send("Tab")
        try session.waitFor("pola> my_variable")
        try session.send("C-u")
        try session.tmux(["send-keys", "-t", session.name, "-l", "r = lola(tay"])
        try session.send("Tab")
        try session.waitFor("r = lola(taylor:")
    }

    @Test func aMultiLineFunctionDefinition() throws {
        let session = try TmuxSession()
        try session.type("fn square(x) {")
        try session.waitFor("  ...")
        try session.type("return x * x")
        try session.type("}")
        try session.type("square(12)")
        try session.waitFor("\n144\n")
    }

    /// How long these take is `LatencyTests`' business; here only that they stop, and where.
    @Test func controlCStopsATrainingRunAtAnEpochBoundary() throws {
        let session = try TmuxSession()
        try session.startALongTrainingRun()
        try session.send("C-c")
        let screen = try session.waitFor("the agents hold epoch")
        try session.waitForThePromptAfterAnInterruptedRun()
        // "interrupted (during epoch N; the agents hold epoch N-1)": replay N-1 epochs on the copies.
        let held = try #require(
            screen.range(of: "the agents hold epoch ").map { screen[$0.upperBound...].prefix { $0.isNumber } }.flatMap {
                Int($0)
            })
        #expect(held >= 1)
        try session.type("u = train(r, g, a0, b0, epochs: \(held))")
        try session.type("print(\"same:\", policy(a) == policy(a0), policy(b) == policy(b0))")
        try session.waitFor("same: true true", seconds: 30)
    }

    /// Ctrl-C inside POLA's proximal loop (one step that would run for hours) stops the step and
    /// leaves the agents as they were.
    @Test func controlCInsideTheProximalLoopReturnsThePrompt() throws {
        let session = try TmuxSession()
        try session.startAnEndlessProximalStep()
        try session.send("C-c")
        try session.waitForThePromptAfterAnInterruptedRun()
        try session.type("print(\"unchanged:\", policy(a) == policy(a0))")
        try session.waitFor("unchanged: true")
    }

    /// The signal handler only sets a flag; readline's hooks must then discard the half-typed
    /// line and show a fresh prompt, or the next line would be typed onto the end of it: while
    /// readline waits (its event hook), and when the next keys come at once, before it has
    /// waited its 0.1 s (its key reader).
    @Test(arguments: [true, false])
    func controlCDiscardsTheHalfTypedLine(waitingForTheFreshPrompt: Bool) throws {
        let session = try TmuxSession()
        try session.tmux(["send-keys", "-t", session.name, "-l", "print(\"abandoned\""])
        try session.waitFor("pola> print(\"abandoned\"")
        try session.send("C-c")
        if waitingForTheFreshPrompt {
            let cancelled = try session.waitFor("pola> print(\"abandoned\"^C\npola>")
            #expect(!cancelled.contains("\nabandoned\n"), "the half line ran")
        }
        try session.type("print(\"fresh\")")
        // The fresh line holds only what was typed after Ctrl-C.
        let screen = try session.waitFor("\nfresh\n")
        #expect(screen.contains("pola> print(\"abandoned\"^C\npola> print(\"fresh\")\nfresh\npola>"))
    }

    @Test func controlCAtThePromptCancelsTheLineAndDoesNotExit() throws {
        let session = try TmuxSession()
        try session.tmux(["send-keys", "-t", session.name, "-l", "x = [1,"])
        try session.send("Enter")
        try session.waitFor("  ...")
        try session.send("C-c")
        try session.waitFor("^C")
        try session.send("C-c")
        try session.type("print(\"still here\")")
        try session.waitFor("\nstill here\n")
        #expect(session.alive)
        try session.send("C-d")
        let deadline = Date().addingTimeInterval(5)
        while session.alive, Date() < deadline { usleep(50_000) }
        #expect(!session.alive)
        let history = try String(contentsOf: session.home.appendingPathComponent(".pola_history"), encoding: .utf8)
        #expect(history.contains("print(\"still here\")"))
    }

    @Test func helpComesFromTheBuiltinTable() throws {
        let session = try TmuxSession()
        try session.type(":help pola")
        try session.waitFor("pola(inner_lr:, outer_lr:, beta:, max_iters: 5000")
        try session.type(":help")
        try session.waitFor("experiment")
    }
}
