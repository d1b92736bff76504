import Foundation
import PolaScript
import Testing

/// The builtin table's typed defaults: how help renders them (pinned for every builtin), that
/// each fits its parameter's type, and that leaving an argument out does what writing its
/// default out does, which catches a body reading another value than the table's.
@Suite struct BuiltinDefaultsTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/builtin_defaults.txt")

    /// Every builtin's signature, then each parameter's default as `:help` shows it. Run with
    /// POLA_RECORD=1 to re-record after a deliberate change, then review the diff.
    @Test func helpRendersEveryDefaultAsBefore() throws {
        let rendered =
            Builtins.all.map { builtin in
                ([builtin.signature]
                    + builtin.parameters.map {
                        "  \($0.name): " + ($0.defaultText.map { "default \($0)" } ?? "required")
                    })
                    .joined(separator: "\n")
            }.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["POLA_RECORD"] == "1" {
            try rendered.write(to: Self.golden, atomically: true, encoding: .utf8)
            return
        }
        #expect(rendered == (try String(contentsOf: Self.golden, encoding: .utf8)))
    }

    @Test func everyDefaultFitsItsParametersType() {
        for builtin in Builtins.all {
            for parameter in builtin.parameters {
                guard let value = parameter.defaultValue else { continue }
                #expect(
                    value.fits(parameter.type),
                    "\(builtin.name)(\(parameter.name):) is a \(parameter.type.name) with default \(value)")
            }
        }
    }

    static let exact = "g = ipd(); a = tabular(g, seed: 1); b = tabular(g, seed: 2); "
    static let sampled = "h = ipd_history(rollout: 5); p = gru(h, hidden: 2, seed: 1); q = gru(h, hidden: 2, seed: 2); "

    /// A cheap call of each builtin with a typed default, its required arguments given (the
    /// defaulted argument is appended after them). A builtin missing here fails the next test.
    static let calls: [String: String] = [
        "round": "round(1.23456", "fixed": "fixed(1.23456",
        "ipd": "ipd(", "contribution": "contribution(", "matrix_game": "matrix_game([[3, 0], [5, 1]]",
        "prisoners_dilemma": "prisoners_dilemma(", "stag_hunt": "stag_hunt(", "chicken": "chicken(",
        "matching_pennies": "matching_pennies(", "battle_of_sexes": "battle_of_sexes(",
        "tabular": exact + "tabular(g, seed: 3", "precond": exact + "precond(g, seed: 3",
        "mlp": exact + "mlp(g, seed: 3", "memory_one": "memory_one([0, 1, 0, 1]",
        "value_gradients": exact + "value_gradients(g, a, b", "shaping": exact + "shaping(g, a, b",
        // With a model, so that the model settings are read (without one they are refused).
        "naive": "naive(lr: 1", "lola": "lola(inner_lr: 1, outer_lr: 1, model: \"mlp\"",
        "pola": "pola(inner_lr: 1, outer_lr: 1, beta: 1, model: \"mlp\"",
        "lookahead": "lookahead(inner_lr: 1, outer_lr: 1", "sos": "sos(inner_lr: 1, outer_lr: 1",
        "sga": "sga(lr: 1", "co": "co(lr: 1", "cgd": "cgd(lr: 1",
        "train": exact + "train(naive(lr: 1), g, a, b, epochs: 2",
        "experiment": exact + "experiment(naive(lr: 1), g, epochs: 1",
        "ipd_history": "ipd_history(", "coin_game": "coin_game(", "gru": sampled + "gru(h",
        "lola_dice": "lola_dice(inner_lr: 0.05", "pola_dice": "pola_dice(inner_lr: 0.05",
        "pola_om": "pola_om(inner_lr: 0.05", "evaluate": sampled + "evaluate(h, p, q",
        "dice_shaping": sampled + "dice_shaping(lola_dice(inner_lr: 0.05, batch: 4), h, p, q",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        let builtin: String
        let parameter: String
        let written: String
        var testDescription: String { "\(builtin)(\(parameter): \(written))" }
    }

    /// Every parameter whose default is a value (not computed, not none), written as a script would.
    static let cases: [Case] = Builtins.all.flatMap { builtin in
        builtin.parameters.compactMap { parameter in
            parameter.defaultValue?.value.map {
                Case(builtin: builtin.name, parameter: parameter.name, written: Render.inline($0))
            }
        }
    }

    @Test func everyBuiltinWithADefaultHasACall() {
        for name in Set(Self.cases.map(\.builtin)) {
            #expect(Self.calls[name] != nil, "no call of \(name) in BuiltinDefaultsTests.calls")
        }
        #expect(Self.cases.count >= 60)
    }

    @Test(arguments: cases)
    func leavingAnArgumentOutIsWritingItsDefault(_ check: Case) throws {
        let entry = try #require(Self.calls[check.builtin])
        // "setup; call(" : the setup runs first, the call is printed.
        let cut = entry.range(of: "; ", options: .backwards)?.upperBound ?? entry.startIndex
        let (setup, call) = (entry[..<cut], entry[cut...])
        let separator = call.hasSuffix("(") ? "" : ", "
        let absent = ScriptTests.run("\(setup)print(\(call)))")
        let written = ScriptTests.run("\(setup)print(\(call)\(separator)\(check.parameter): \(check.written)))")
        #expect(absent.error == nil, "\(absent.error ?? "")")
        #expect(!absent.output.isEmpty)
        #expect(written.error == nil, "\(written.error ?? "")")
        #expect(absent.output == written.output)
    }
}
