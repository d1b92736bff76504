import PolaScript
import Runtime
import Testing

/// The sampled rules' defaults: what `:help` shows for an absent argument is what the rule
/// uses, and both are the paper's named settings (`PaperSettings.dice`).
@Suite struct SampledRuleDefaultsTests {
    static let builtins: [DiCERule.Kind: String] = [.lolaDiCE: "lola_dice", .polaDiCE: "pola_dice", .polaOM: "pola_om"]

    /// The rule `name(inner_lr: 0.5)` makes, read back from a session.
    static func rule(_ name: String) throws -> SampledRuleValue {
        let interpreter = Interpreter(host: Host(write: { _ in }))
        try interpreter.run(Source(name: "<test>", text: "r = \(name)(inner_lr: 0.5)"))
        guard case .sampledRule(let rule) = interpreter.global("r") else {
            Issue.record("\(name) made no sampled rule")
            throw CancellationError()
        }
        return rule
    }

    /// Every keyword default `:help` shows is the value the rule describes itself with (its
    /// provenance, `lola_dice(inner_lr: 0.5, outer_lr: 0.003, ...)`) when the argument is absent,
    /// and every setting it describes has a default in help.
    @Test(arguments: DiCERule.Kind.allCases)
    func helpShowsTheDefaultsARuleUses(kind: DiCERule.Kind) throws {
        let name = try #require(Self.builtins[kind])
        let builtin = try #require(Builtins.all.first { $0.name == name })
        let shown = Dictionary(
            uniqueKeysWithValues: builtin.parameters.compactMap { p in p.defaultText.map { (p.name, $0) } })
        let description = try Self.rule(name).description
        let inside = description.dropFirst(name.count + 1).dropLast()
        let used = Dictionary(
            uniqueKeysWithValues: inside.components(separatedBy: ", ").map { pair in
                let parts = pair.components(separatedBy: ": ")
                return (parts[0], parts[1])
            })
        #expect(used["inner_lr"] == "0.5")
        #expect(shown == used.filter { $0.key != "inner_lr" }, "\(name)")
    }

    /// A rule made with no argument but its required rate has exactly the paper's named
    /// settings: the README's IPD POLA commands' loops (which LOLA-DiCE fixes to its own).
    @Test(arguments: DiCERule.Kind.allCases)
    func aRuleWithOnlyItsRateHasThePapersSettings(kind: DiCERule.Kind) throws {
        let paper = PaperSettings.dice
        let loops = paper.ipdPOLALoops
        let named = try DiCERule(
            kind, innerRate: 0.5, outerRate: paper.outerRate, valueRate: paper.valueRate,
            innerSteps: loops.innerSteps, outerSteps: loops.outerSteps, innerBeta: loops.innerBeta,
            outerBeta: loops.outerBeta, batch: paper.batch, discount: paper.discount, modelBatches: paper.modelBatches,
            modelStepsPerBatch: paper.modelStepsPerBatch)
        let made = try Self.rule(try #require(Self.builtins[kind]))
        #expect(made.rule == named)
        #expect(made.seed == 1)
    }
}
