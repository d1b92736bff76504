import Foundation
import PolaScript
import Runtime
import Testing

/// The table from Runtime settings to argument names, and Runtime refusals rendered at the
/// argument they name.
@Suite struct SettingNamesTests {
    /// Shown in `describe(rule)` for provenance, but fixed by the builtins rather than taken.
    static let provenanceOnly: Set = ["model_tol", "model_steps"]

    static func parameters(of builtin: String) -> Set<String> {
        Set(Builtins.all.first { $0.name == builtin }!.parameters.map(\.name))
    }

    @Test func everySettingHasItsOwnArgumentName() {
        let names = Setting.allCases.map(SettingNames.argument)
        #expect(Set(names).count == names.count)
        let builtins = [
            "naive", "lola", "pola", "lookahead", "sos", "sga", "co", "cgd", "ipd", "contribution", "matrix_game",
            "lola_dice", "pola_dice", "pola_om",
        ]
        let declared = builtins.map(Self.parameters).reduce(Self.provenanceOnly) { $0.union($1) }
        for (setting, name) in zip(Setting.allCases, names) {
            #expect(declared.contains(name), "\(setting) is called '\(name)', which no builtin takes")
        }
    }

    @Test func everySettingARuleReportsIsAnArgumentOfItsBuiltin() throws {
        let modelling = try OpponentModelling(policy: TabularPolicy(stateCount: 5), rate: 0.2)
        let rules: [any LearningRule] = [
            try NaiveRule(rate: 1), try LOLARule(innerRate: 1, outerRate: 1, opponentModelling: modelling),
            try POLARule(innerRate: 1, outerRate: 1, beta: 1, opponentModelling: modelling),
            try LookAheadRule(innerRate: 1, outerRate: 1), try SOSRule(innerRate: 1, outerRate: 1),
            try SGARule(rate: 1), try ConsensusRule(rate: 1), try CGDRule(rate: 1),
        ]
        for rule in rules {
            let accepted = Self.parameters(of: rule.name).union(Self.provenanceOnly)
            for (setting, _) in rule.settings {
                #expect(accepted.contains(SettingNames.argument(setting)), "\(rule.name) reports \(setting)")
            }
        }
        for kind in DiCERule.Kind.allCases {
            let rule = try DiCERule(kind, innerRate: 1)
            let builtin = ["LOLA-DiCE": "lola_dice", "POLA-DiCE": "pola_dice", "POLA-OM": "pola_om"][rule.name]!
            for (setting, _) in rule.settings {
                #expect(
                    Self.parameters(of: builtin).contains(SettingNames.argument(setting)),
                    "\(builtin) reports \(setting)")
            }
        }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let script: String
        let message: String
        /// The source text the error points at.
        let at: String
        var notes: [String] = []
        var testDescription: String { script }
    }

    static let agentsNote = "exact values solve a 2^n x 2^n linear system; n = 8 (256 joint actions) is the limit"
    static let gammaNote =
        "I - gamma P has a condition number near 1 / (1 - gamma); closer to 1 its solve loses the values' digits"

    static let refusals: [Refusal] = [
        Refusal(
            script: "naive(lr: -1)",
            message: "bad argument 'lr' to naive (a finite number >= 0 expected, got -1)",
            at: "-1"),
        Refusal(
            script: "lola(inner_lr: -1, outer_lr: 1)",
            message: "bad argument 'inner_lr' to lola (a finite number >= 0 expected, got -1)",
            at: "-1"),
        Refusal(
            script: "lola(inner_lr: 1, outer_lr: 1, outer_steps: 0)",
            message: "bad argument 'outer_steps' to lola (a whole number >= 1 expected, got 0)",
            at: "0"),
        Refusal(
            script: "lola(inner_lr: 1, outer_lr: 1, outer_beta: -2)",
            message: "bad argument 'outer_beta' to lola (a finite number >= 0 expected, got -2)",
            at: "-2"),
        Refusal(
            script: "pola(inner_lr: 1, outer_lr: 1, beta: 1, max_iters: 0)",
            message: "bad argument 'max_iters' to pola (a whole number >= 1 expected, got 0)",
            at: "0"),
        Refusal(
            script: "pola(inner_lr: 1, outer_lr: 1, beta: 1, tol: -1e-9)",
            message: "bad argument 'tol' to pola (a finite tolerance > 0 expected, got -1e-9)",
            at: "-1e-9"),
        Refusal(
            script: "pola(inner_lr: 1, outer_lr: 1, beta: 1, inner_beta: -1)",
            message: "bad argument 'inner_beta' to pola (a finite number >= 0 expected, got -1)",
            at: "-1"),
        Refusal(
            script: "pola(inner_lr: 1, outer_lr: 1, beta: 1, model: \"tabular\", model_lr: -0.5)",
            message: "bad argument 'model_lr' to pola (a finite number >= 0 expected, got -0.5)",
            at: "-0.5"),
        Refusal(
            script: "lola(inner_lr: 1, outer_lr: 1, taylor: true, model: \"tabular\")",
            message: "taylor: true cannot go with model: the Taylor form expands the others' true losses",
            at: "true", notes: ["drop taylor, or drop model"]),
        Refusal(
            script: "sos(inner_lr: 1, outer_lr: 1, a: 1)",
            message: "bad argument 'a' to sos (a number strictly between 0 and 1 expected, got 1)",
            at: "1"),
        Refusal(
            script: "sos(inner_lr: 1, outer_lr: -0.5)",
            message: "bad argument 'outer_lr' to sos (a finite number >= 0 expected, got -0.5)",
            at: "-0.5"),
        Refusal(
            script: "sos(inner_lr: 1, outer_lr: 1, b: 0)",
            message: "bad argument 'b' to sos (a number strictly between 0 and 1 expected, got 0)",
            at: "0"),
        Refusal(
            script: "sga(lr: 1, eps: 0)",
            message: "bad argument 'eps' to sga (a finite number > 0 expected, got 0)",
            at: "0"),
        Refusal(
            script: "co(lr: 1, weight: -1)",
            message: "bad argument 'weight' to co (a finite number >= 0 expected, got -1)",
            at: "-1"),
        Refusal(
            script: "lookahead(inner_lr: -1, outer_lr: 1)",
            message: "bad argument 'inner_lr' to lookahead (a finite number >= 0 expected, got -1)",
            at: "-1"),
        Refusal(
            script: "cgd(lr: -2)",
            message: "bad argument 'lr' to cgd (a finite number >= 0 expected, got -2)",
            at: "-2"),
        Refusal(
            script: "contribution(n: 1)",
            message: "bad argument 'n' to contribution (2 to 8 agents expected, got 1)",
            at: "1", notes: [agentsNote]),
        Refusal(
            script: "ipd(gamma: 0)",
            message: "bad argument 'gamma' to ipd (a discount strictly between 0 and 1 expected, got 0)",
            at: "0"),
        Refusal(
            script: "contribution(gamma: 0.99999999999)",
            message: "bad argument 'gamma' to contribution (a discount at most 1 - 1e-10 expected, got 0.99999999999)",
            at: "0.99999999999", notes: [gammaNote]),
        Refusal(
            script: "ipd(horizon: 10001)",
            message: "bad argument 'horizon' to ipd (1 to 10000 steps expected, got 10001)",
            at: "10001"),
    ]

    @Test(arguments: refusals)
    func aRefusedSettingIsReportedAtItsArgument(_ refusal: Refusal) throws {
        let diagnostic = try #require(Self.firstError(refusal.script))
        #expect(diagnostic.message == refusal.message)
        let characters = Array(refusal.script)
        #expect(String(characters[diagnostic.span.start..<diagnostic.span.end]) == refusal.at)
        #expect(diagnostic.notes == refusal.notes)
    }

    @Test func describeAndFieldsReadTheTypedSettings() {
        let (output, error) = ScriptTests.run(
            """
            r = pola(inner_lr: 5, outer_lr: 0.3, beta: 0.1, model: "precond")
            print(r)
            print([r.max_iters, r.tol, r.model, r.model_steps])
            print(lola(inner_lr: 3, outer_lr: 25).taylor)
            """)
        #expect(error == nil)
        #expect(
            output == [
                "pola(inner_lr: 5, outer_lr: 0.3, beta: 0.1, max_iters: 5000, tol: 1e-8, inner_steps: 1, inner_beta: 0, "
                    + "model: \"precond\", model_lr: 0.2, model_tol: 1e-7, model_steps: 10000)",
                "[5000, 1e-8, \"precond\", 10000]",
                "false",
            ])
    }

    static func firstError(_ text: String) -> Diagnostic? {
        LargeStack.run {
            let interpreter = Interpreter(host: Host(write: { _ in }))
            do {
                try interpreter.run(Source(name: "test.pola", text: text))
            } catch let diagnostics as Diagnostics {
                return diagnostics.items.first
            } catch {}
            return nil
        }
    }
}
