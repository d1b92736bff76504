import Foundation
import PolaScript
import TestSupport
import Testing

/// Checkpoints of the matrix games, fixed strategies and newer exact rules at the script level:
/// a run resumed from its checkpoint prints and writes what the straight run does, and a run
/// resumed on another matrix game is refused naming both.
@Suite struct CheckpointMatrixScriptTests {
    typealias Scripts = CheckpointScriptTests
    let folders = ScratchFolders("pola-checkpoints")

    /// LOLA against a fixed TFT and SOS between two tables, on the prisoner's dilemma as a matrix
    /// game: 3 epochs saved, resumed to 5 in a new session, against 5 straight.
    @Test(arguments: [
        ("lola(inner_lr: 0.1, outer_lr: 0.05)", "strategy(\"TFT\")"),
        ("sos(inner_lr: 0.1, outer_lr: 0.05, a: 0.4)", "tabular(g, seed: 2)"),
        ("cgd(lr: 0.05)", "memory_one([0.2, 1, 0, 0.9], start: 0.5)"),
    ])
    func aMatrixGameRunResumedIsTheStraightRun(rule: String, opponent: String) throws {
        let dir = try folders.make().path
        let setup = "g = prisoners_dilemma()\na = tabular(g, seed: 1)\nb = \(opponent)\nr = \(rule)\n"
        let report = "csv(t, \"NAME.csv\")\nprint(params(a), a.history, b.history)\n"
        let straight = Scripts.run(
            setup + "t = train(r, g, a, b, epochs: 5)\n" + report.replacingOccurrences(of: "NAME", with: "straight"),
            in: dir)
        _ = Scripts.run(setup + "t = train(r, g, a, b, epochs: 3, checkpoint: \"run.ckpt\")\n", in: dir)
        let resumed = Scripts.run(
            setup + "t = train(r, g, a, b, epochs: 5, resume: \"run.ckpt\")\n"
                + report.replacingOccurrences(of: "NAME", with: "resumed"), in: dir)
        #expect(!straight.contains("error"), "\(straight)")
        #expect(resumed == straight)
        #expect(Scripts.bytes(dir, "resumed.csv") == Scripts.bytes(dir, "straight.csv"))
        #expect(Scripts.bytes(dir, "straight.csv") != nil)
        let otherGame = Scripts.run(
            setup.replacingOccurrences(of: "prisoners_dilemma()", with: "stag_hunt()")
                + "t = train(r, g, a, b, epochs: 5, resume: \"run.ckpt\")\n", in: dir)
        #expect(
            otherGame.hasPrefix("error: 'run.ckpt' was saved from a run on matrix_game(payoffs: [[[3, 0], [5, 1]]")
                && otherGame.contains("not on matrix_game(payoffs: [[[3, 0], [2, 1]]"), "\(otherGame)")
    }

    /// A strategy saved alone, or in a run, loads back playing as it did.
    @Test func aStrategyLoadsBackTheSame() throws {
        let dir = try folders.make().path
        let script = """
            g = prisoners_dilemma()
            s = memory_one([0.2, 1, 0, 0.9], start: 0.5)
            a = tabular(g, seed: 1)
            save("s.agent", s)
            save("run.ckpt", lola(inner_lr: 0.1, outer_lr: 0.05), g, a, strategy("WSLS"))
            t = load("s.agent")
            run = load("run.ckpt")
            print(value(g, a, t) == value(g, a, s), t.history == s.history, str(policy(t)) == str(policy(s)))
            print(value(g, a, run.agents[1]) == value(g, a, strategy("WSLS")), run.epochs_done)

            """
        #expect(Scripts.run(script, in: dir) == "true true true\ntrue 0\n")
    }
}
