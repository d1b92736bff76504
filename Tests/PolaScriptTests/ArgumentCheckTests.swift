import PolaScript
import Testing

/// The shared argument checks (`CallArguments.whole(_:in:default:as:)`, `.seed(_:)` and the
/// policy-kind names): every builtin that uses them words its complaint the same way.
@Suite struct ArgumentCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let source: String
        let error: String?
        var testDescription: String { source }
    }

    static let agents = "g = ipd(); a = tabular(g); b = tabular(g, seed: 2); "
    static let model = "lola(inner_lr: 1, outer_lr: 1, "

    @Test(arguments: [
        Case(
            source: "tabular(ipd(), seed: -1)",
            error: "bad argument 'seed' to tabular (a whole number >= 0 expected, got -1)"),
        Case(
            source: "precond(ipd(), seed: -1)",
            error: "bad argument 'seed' to precond (a whole number >= 0 expected, got -1)"),
        Case(
            source: "mlp(ipd(), seed: -2)", error: "bad argument 'seed' to mlp (a whole number >= 0 expected, got -2)"),
        Case(
            source: model + "model: \"tabular\", model_seed: -1)",
            error: "bad argument 'model_seed' to lola (a whole number >= 0 expected, got -1)"),
        Case(
            source: "experiment(naive(lr: 1), ipd(), epochs: 1, seed: -1)",
            error: "bad argument 'seed' to experiment (a whole number >= 0 expected, got -1)"),
        Case(
            source: "experiment(naive(lr: 1), ipd(), epochs: 1, runs: 0)",
            error: "bad argument 'runs' to experiment (a whole number from 1 to 10000 expected, got 0)"),
        Case(
            source: "experiment(naive(lr: 1), ipd(), epochs: 100001)",
            error: "bad argument 'epochs' to experiment (a whole number from 1 to 100000 expected, got 100001)"),
        Case(
            source: "experiment(naive(lr: 1), ipd(), epochs: 1, hidden: 0)",
            error: "bad argument 'hidden' to experiment (a width from 1 to 4096 expected, got 0)"),
        Case(
            source: "experiment(naive(lr: 1), ipd(), epochs: 1, policy: \"gru\")",
            error:
                "bad argument 'policy' to experiment (\"tabular\", \"precond\", \"mlp\" or \"precond-mlp\" expected, got \"gru\")"
        ),
        Case(
            source: model + "model: \"precond-mlp\")",
            error: "bad argument 'model' to lola (\"tabular\", \"precond\" or \"mlp\" expected, got \"precond-mlp\")"),
        Case(
            source: model + "model: \"mlp\", model_hidden: 2000)",
            error: "bad argument 'model_hidden' to lola (a width from 1 to 1024 expected, got 2000)"),
        // The hidden width is read only for network models.
        Case(source: model + "model: \"tabular\", model_hidden: 2000)", error: nil),
        Case(
            source: agents + "train(naive(lr: 1), g, a, b, epochs: 0)",
            error: "bad argument 'epochs' to train (a whole number from 1 to 1000000 expected, got 0)"),
        Case(
            source: agents + "model(a, 8)", error: "bad argument 'seat' to model (a seat from 0 to 1 expected, got 8)"),
        Case(source: "round(1.5, digits: 16)", error: "bad argument 'digits' to round (0 to 15 expected, got 16)"),
        Case(source: "fixed(1.5, digits: -1)", error: "bad argument 'digits' to fixed (0 to 15 expected, got -1)"),
    ])
    func reportsTheArgumentAndItsBounds(_ check: Case) {
        #expect(ScriptTests.run(check.source).error == check.error)
    }

    @Test(arguments: [
        ("experiment", "policy", "\"tabular\", \"precond\", \"mlp\" or \"precond-mlp\""),
        ("lola", "model", "opponent models: \"tabular\", \"precond\" or \"mlp\" (Appendix B.1.6)"),
        ("pola", "model", "opponent models: \"tabular\", \"precond\" or \"mlp\" (Appendix B.1.6)"),
    ])
    func helpListsThePolicyNames(builtin: String, parameter: String, help: String) throws {
        let found = try #require(Builtins.all.first { $0.name == builtin }?.parameters.first { $0.name == parameter })
        #expect(found.help == help)
    }
}
