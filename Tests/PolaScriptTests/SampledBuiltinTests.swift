import PolaScript
import Runtime
import Testing

/// The sampled half's builtins refuse what they cannot use, with the message pointing at the
/// argument and saying what was expected.
@Suite struct SampledBuiltinTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: String
        let error: String
        var testDescription: String { source }
    }

    static let agents = "g = ipd_history(rollout: 3); a = gru(g, hidden: 2); b = gru(g, hidden: 2, seed: 2); "

    @Test(arguments: [
        Case(
            source: "ipd_history(start: \"dd\")",
            error: "bad argument 'start' to ipd_history (\"separate\" or \"cc\" expected, got \"dd\")"),
        Case(
            source: "ipd_history(rollout: 0)",
            error: "bad argument 'rollout' to ipd_history (a number of steps from 1 to 10000 expected, got 0)"),
        Case(
            source: "coin_game(rollout: 1.5)",
            error: "bad argument 'rollout' to coin_game (whole number expected, got 1.5)"),
        Case(source: "gru(ipd())", error: "bad argument 'game' to gru (sampled game expected, got game)"),
        Case(
            source: "gru(coin_game(), layers: 3)", error: "bad argument 'layers' to gru (0 to 2 expected, got 3)"),
        Case(
            source: "lola_dice(inner_lr: -1)",
            error: "bad argument 'inner_lr' to lola_dice (a finite number >= 0 expected, got -1)"),
        Case(
            source: "pola_dice(inner_lr: 0.1, batch: 0)",
            error: "bad argument 'batch' to pola_dice (1 to 100000 number of episodes expected, got 0)"),
        Case(
            source: "pola_om(inner_lr: 0.1, gae_lambda: 2)",
            error: "bad argument 'gae_lambda' to pola_om (a number from 0 to 1 expected, got 2)"),
        Case(source: "lola_dice(outer_lr: 1)", error: "missing argument 'inner_lr' to lola_dice"),
        Case(
            source: "lola_dice(inner_lr: 1, outer_steps: 3)",
            error: "unknown argument 'outer_steps' to lola_dice"),
        Case(
            source: agents + "step(lola_dice(inner_lr: 1), ipd(), a, b)",
            error: "bad argument 'game' to step (a sampled game expected for lola_dice, got game)"),
        Case(
            source: agents + "step(naive(lr: 1), g, a, b)",
            error:
                "bad argument 'game' to step (a game of the exact half (ipd, contribution) expected for this rule, got sampled game)"
        ),
        Case(
            source: agents + "step(lola_dice(inner_lr: 1), g, a, tabular(ipd()))",
            error: "bad argument to step (a GRU agent expected, got an agent of an exact game)"),
        Case(source: agents + "step(lola_dice(inner_lr: 1), g, a)", error: "step needs 2 agents for this game, got 1"),
        Case(source: agents + "evaluate(g, a, a)", error: "the same agent sits in seats 0 and 1"),
        Case(
            source: agents + "evaluate(coin_game(), a, b)",
            error: "agent in seat 0 was made for a game with 6 observations and 2 actions; this game has 36 and 4"),
        Case(
            source: agents + "evaluate(g, a, b, batch: 0)",
            error: "bad argument 'batch' to evaluate (a number of episodes from 1 to 100000 expected, got 0)"),
        Case(
            source: agents + "dice_shaping(lola_dice(inner_lr: 1, batch: 4), g, a, b, batches: 1)",
            error: "bad argument 'batches' to dice_shaping (a number of batches from 2 to 10000 expected, got 1)"),
        Case(
            source: agents + "dice_shaping(naive(lr: 1), g, a, b)",
            error: "bad argument 'rule' to dice_shaping (sampled rule expected, got rule)"),
        Case(
            source: agents + "dice_shaping(lola_dice(inner_lr: 1), g, b, b)",
            error: "the same agent sits in seats 0 and 1"),
    ])
    func refusesWithAMessage(_ test: Case) {
        let (_, error) = ScriptTests.run(test.source)
        #expect(error == test.error)
    }

    /// `dice_shaping` gives one row per agent, reads the agents without changing them, and does not
    /// advance the rule's random stream: the step after it is the step without it.
    @Test func shapingMeasuresWithoutTouchingTheRun() {
        let run = Self.agents + "r = pola_dice(inner_lr: 2, outer_lr: 0.01, inner_steps: 2, outer_steps: 2, batch: 8); "
        let (output, error) = ScriptTests.run(
            run + "t = dice_shaping(r, g, a, b, batches: 3); print(t.columns); print(len(t)); "
                + "print(t[0].shaping > 0 and t[1].shaping > 0); step(r, g, a, b); print(evaluate(g, a, b, batch: 5).score)"
        )
        let (plain, plainError) = ScriptTests.run(run + "step(r, g, a, b); print(evaluate(g, a, b, batch: 5).score)")
        #expect(error == nil && plainError == nil)
        #expect(
            output.prefix(3) == [
                "[\"agent\", \"direct\", \"direct_se\", \"shaping\", \"shaping_se\", \"ratio\", \"cosine\", \"flips\"]",
                "2", "true",
            ])
        #expect(output.last == plain.last)
    }

    /// A failed step installs nothing: the agents keep their parameters, epochs and the rule
    /// its random stream, in a session that goes on after the error.
    @Test func aDivergedStepLeavesTheAgents() throws {
        let buffer = Locked("")
        let interpreter = Interpreter(host: Host(write: { text in buffer.withLock { $0 += text } }))
        func run(_ text: String) -> String? {
            do {
                try interpreter.run(Source(name: "<repl>", text: text))
            } catch let diagnostics as Diagnostics {
                return diagnostics.items.map(\.message).joined(separator: " | ")
            } catch {}
            return nil
        }
        #expect(
            run(
                Self.agents
                    + "before = evaluate(g, a, b, batch: 5); r = lola_dice(inner_lr: 1, outer_lr: 1e39, batch: 5)")
                == nil)
        #expect(run("step(r, g, a, b)") == "step stopped: agent 0's parameters stopped being finite")
        #expect(run("print(a); print(evaluate(g, a, b, batch: 5).score == before.score)") == nil)
        #expect(buffer.withLock { $0 } == "agent gru(hidden: 2, layers: 1, seed: 1)\ntrue\n")
    }
}
