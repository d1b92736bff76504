import Foundation
import TestSupport
import Testing

/// How fast an interruption takes effect, measured on the wall clock. A loaded machine makes
/// these fail without any fault in the code, so they run only when asked:
/// `POLA_LATENCY_TESTS=1 swift test -c release --filter LatencyTests`. The default suite
/// checks the same interruptions for what they do (`PromptTests`, `CommandLineTests`).
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["POLA_LATENCY_TESTS"] != nil,
        "wall-clock limits; set POLA_LATENCY_TESTS=1 to run them"))
struct LatencyTests {
    @Test func controlCStopsATrainingRunWithinASecond() throws {
        let session = try TmuxSession()
        try session.startALongTrainingRun()
        let took = try secondsFromControlCToThePrompt(session)
        #expect(took < 1.0, "the prompt came back after \(took) s")
    }

    /// Ctrl-C inside POLA's proximal loop (one step that would run for hours) gives the prompt
    /// back within 200 ms.
    @Test func controlCInsideTheProximalLoopReturnsWithin200ms() throws {
        let session = try TmuxSession()
        try session.startAnEndlessProximalStep()
        let took = try secondsFromControlCToThePrompt(session)
        #expect(took < 0.2, "the prompt came back after \(took) s")
    }

    /// From the key press to the new prompt on screen (tmux polling included).
    private func secondsFromControlCToThePrompt(_ session: TmuxSession) throws -> Double {
        let sent = Date()
        try session.send("C-c")
        try session.waitForThePromptAfterAnInterruptedRun(seconds: 5)
        return Date().timeIntervalSince(sent)
    }

    @Test func timeoutStopsARunawayLoopWithin20Seconds() throws {
        let start = Date()
        let outcome = try PolaRepl.run(["--timeout", "0.5"], input: "while true { }\n")
        #expect(outcome.status == 130)
        let took = Date().timeIntervalSince(start)
        #expect(took < 20, "a timeout of 0.5 s stopped the run after \(took) s")
    }
}
