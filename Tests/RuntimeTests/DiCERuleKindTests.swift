import Runtime
import Testing

/// What the three DiCE kinds do differently with the same settings, and the paper's settings a
/// rule takes for what it is not given.
@Suite struct DiCERuleKindTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: DiCERule.Kind
        /// The loops it runs when given `DiCERuleKindTests.given`.
        let runs: DiCERule.Loops
        /// The settings provenance lists, in order.
        let lists: [Setting]
        var testDescription: String { kind.rawValue }
    }

    static let given = DiCERule.Loops(innerSteps: 3, outerSteps: 4, innerBeta: 0.5, outerBeta: 2)
    static let rates: [Setting] = [.innerRate, .outerRate, .valueRate]
    static let loops: [Setting] = [.innerSteps, .outerSteps, .innerBeta, .outerBeta]
    static let sampling: [Setting] = [.batch, .gamma, .gaeLambda]

    @Test(arguments: [
        Case(
            kind: .lolaDiCE, runs: DiCERule.Loops(innerSteps: 1, outerSteps: 1, innerBeta: 0, outerBeta: 0),
            lists: rates + sampling),
        Case(kind: .polaDiCE, runs: given, lists: rates + loops + sampling),
        Case(kind: .polaOM, runs: given, lists: rates + loops + sampling + [.modelBatches, .modelStepsPerBatch]),
    ])
    func eachKindRunsAndListsItsOwnSettings(_ test: Case) throws {
        let rule = try DiCERule(
            test.kind, innerRate: 0.1, innerSteps: Self.given.innerSteps, outerSteps: Self.given.outerSteps,
            innerBeta: Self.given.innerBeta, outerBeta: Self.given.outerBeta)
        let runs = DiCERule.Loops(
            innerSteps: rule.innerSteps, outerSteps: rule.outerSteps, innerBeta: rule.innerBeta,
            outerBeta: rule.outerBeta)
        #expect(runs == test.runs)
        #expect(rule.settings.map(\.0) == test.lists)
        #expect(rule.name == test.kind.rawValue)
    }

    /// The paper's numbers as its README commands give them (`docs/dice-learning.md`, The paper's
    /// settings), written out here so that a changed name or number fails.
    @Test func thePapersSettingsAreTheREADMEs() {
        let paper = PaperSettings.dice
        #expect(PaperSettings.gamma == 0.96 && PaperSettings.contributionFactor == 1.33)
        #expect(PaperSettings.episodeLength == 50)
        #expect(paper.outerRate == 0.003 && paper.valueRate == 0.0005 && paper.batch == 2000)
        #expect(paper.discount == DiscountSettings(gamma: 0.96, lambda: 1))
        #expect(paper.modelBatches == 200 && paper.modelStepsPerBatch == 1)
        #expect(paper.ipdPOLAInnerRate == 0.005)
        #expect(paper.ipdPOLALoops == DiCERule.Loops(innerSteps: 2, outerSteps: 200, innerBeta: 10, outerBeta: 100))
        #expect(paper.lolaLoops == DiCERule.Loops(innerSteps: 1, outerSteps: 1, innerBeta: 0, outerBeta: 0))
    }

    /// A rule given only its inner rate has the paper's settings, with LOLA-DiCE's loops.
    @Test(arguments: DiCERule.Kind.allCases)
    func aRuleTakesThePapersSettingsForWhatItIsNotGiven(kind: DiCERule.Kind) throws {
        let paper = PaperSettings.dice
        let named = try DiCERule(
            kind, innerRate: 0.1, outerRate: paper.outerRate, valueRate: paper.valueRate,
            innerSteps: paper.lolaLoops.innerSteps, outerSteps: paper.lolaLoops.outerSteps,
            innerBeta: paper.lolaLoops.innerBeta, outerBeta: paper.lolaLoops.outerBeta, batch: paper.batch,
            discount: paper.discount, modelBatches: paper.modelBatches, modelStepsPerBatch: paper.modelStepsPerBatch)
        #expect(try DiCERule(kind, innerRate: 0.1) == named)
    }
}
