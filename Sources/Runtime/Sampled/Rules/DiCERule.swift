/// LOLA-DiCE, POLA-DiCE and POLA-OM (`docs/dice-learning.md`, Learning rules): one rule
/// with the paper's settings, whose kind says which of the three it is. What the kinds do
/// differently is the kind's behaviour (`DiCERule+Kind.swift`), which the step, the look-ahead
/// and the checkpoints call.
///
/// Every agent is updated from the same start by looking ahead through the other's
/// differentiable inner loop; the two new agents are installed together (`step`).
public struct DiCERule: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// One outer step, one inner step, both betas 0.
        case lolaDiCE = "LOLA-DiCE"
        /// Many outer steps with KL penalties (the proximal form).
        case polaDiCE = "POLA-DiCE"
        /// POLA-DiCE against fitted models of the opponent instead of its parameters.
        case polaOM = "POLA-OM"
    }

    public let kind: Kind
    /// `lr_in`: the opponent's plain SGD rate in the look-ahead.
    public let innerRate: Double
    /// `lr_out`: Adam's rate for the learner's policy (and the opponent models' policies).
    public let outerRate: Double
    /// `lr_v`: the value networks' rate, in the inner SGD and in Adam.
    public let valueRate: Double
    public let innerSteps: Int
    public let outerSteps: Int
    public let innerBeta: Double
    public let outerBeta: Double
    /// Episodes per batch of rollouts (`batch_size`).
    public let batch: Int
    public let discount: DiscountSettings
    /// POLA-OM: batches of play observed per epoch, and Adam steps per batch.
    public let modelBatches: Int
    public let modelStepsPerBatch: Int

    /// The rule of `kind` with the paper's settings (`PaperSettings.dice`) for what is not given;
    /// steps and betas default to LOLA-DiCE's (`PaperSettings.dice.lolaLoops`), and the kind
    /// decides which of the given settings it reads (`Kind.loops`, `Kind.settings`).
    /// Throws `invalidSetting` for a value outside its domain.
    public init(
        _ kind: Kind, innerRate: Double, outerRate: Double = PaperSettings.dice.outerRate,
        valueRate: Double = PaperSettings.dice.valueRate, innerSteps: Int = PaperSettings.dice.lolaLoops.innerSteps,
        outerSteps: Int = PaperSettings.dice.lolaLoops.outerSteps,
        innerBeta: Double = PaperSettings.dice.lolaLoops.innerBeta,
        outerBeta: Double = PaperSettings.dice.lolaLoops.outerBeta, batch: Int = PaperSettings.dice.batch,
        discount: DiscountSettings = PaperSettings.dice.discount, modelBatches: Int = PaperSettings.dice.modelBatches,
        modelStepsPerBatch: Int = PaperSettings.dice.modelStepsPerBatch
    ) throws {
        let loops = kind.loops(
            Loops(innerSteps: innerSteps, outerSteps: outerSteps, innerBeta: innerBeta, outerBeta: outerBeta))
        self.kind = kind
        self.innerRate = innerRate
        self.outerRate = outerRate
        self.valueRate = valueRate
        self.innerSteps = loops.innerSteps
        self.outerSteps = loops.outerSteps
        self.innerBeta = loops.innerBeta
        self.outerBeta = loops.outerBeta
        self.batch = batch
        self.discount = discount
        self.modelBatches = modelBatches
        self.modelStepsPerBatch = modelStepsPerBatch
        try validate()
    }

    private func validate() throws {
        try Setting.innerRate.require(innerRate, .finiteNonNegative)
        try Setting.outerRate.require(outerRate, .finitePositive)
        try Setting.valueRate.require(valueRate, .finiteNonNegative)
        try Setting.innerSteps.require(innerSteps, .wholeIn(1...Self.mostSteps))
        try Setting.outerSteps.require(outerSteps, .wholeIn(1...Self.mostSteps))
        try Setting.innerBeta.require(innerBeta, .finiteNonNegative)
        try Setting.outerBeta.require(outerBeta, .finiteNonNegative)
        try Setting.batch.require(batch, .wholeIn(1...Self.largestBatch))
        try Setting.gamma.require(discount.gamma, .betweenZeroAndOne)
        try Setting.gaeLambda.require(discount.lambda, .unitInterval)
        try Setting.modelBatches.require(modelBatches, .wholeIn(1...Self.mostSteps))
        try Setting.modelStepsPerBatch.require(modelStepsPerBatch, .wholeIn(1...Self.mostSteps))
    }

    /// Caps that keep one epoch finite and one batch within memory (2000 episodes of a
    /// 64-unit GRU take a few hundred MB through a second-order graph).
    public static let mostSteps = 100_000
    public static let largestBatch = 100_000

    public var name: String { kind.rawValue }

    /// Every hyperparameter the rule reads with its value, in a fixed order, for provenance.
    public var settings: [(Setting, Setting.Value)] { kind.settings(of: self) }

    /// The rates, first in provenance.
    var rateSettings: [(Setting, Setting.Value)] {
        [(.innerRate, .number(innerRate)), (.outerRate, .number(outerRate)), (.valueRate, .number(valueRate))]
    }

    /// The loops' steps and betas.
    var loopSettings: [(Setting, Setting.Value)] {
        [
            (.innerSteps, .whole(innerSteps)), (.outerSteps, .whole(outerSteps)), (.innerBeta, .number(innerBeta)),
            (.outerBeta, .number(outerBeta)),
        ]
    }

    /// The batch and the discounting.
    var samplingSettings: [(Setting, Setting.Value)] {
        [(.batch, .whole(batch)), (.gamma, .number(discount.gamma)), (.gaeLambda, .number(discount.lambda))]
    }

    /// The opponent models' fit.
    var modelSettings: [(Setting, Setting.Value)] {
        [(.modelBatches, .whole(modelBatches)), (.modelStepsPerBatch, .whole(modelStepsPerBatch))]
    }
}

extension DiCERule {
    /// How many steps each loop of an epoch takes and how hard its KL penalty holds it: the
    /// opponent's look-ahead (inner) and the learner's own Adam steps (outer).
    public struct Loops: Sendable, Equatable {
        public let innerSteps: Int
        public let outerSteps: Int
        public let innerBeta: Double
        public let outerBeta: Double

        public init(innerSteps: Int, outerSteps: Int, innerBeta: Double, outerBeta: Double) {
            self.innerSteps = innerSteps
            self.outerSteps = outerSteps
            self.innerBeta = innerBeta
            self.outerBeta = outerBeta
        }
    }
}
