/// LOLA-DiCE, POLA-DiCE and POLA-OM (`docs/dice-learning.md`, Learning rules): one rule
/// with the paper's settings, whose kind says which of the three it is.
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

    /// The rule of `kind` with the paper's defaults for what is not given; LOLA-DiCE ignores
    /// steps and betas (one each, betas 0), and only POLA-OM reads the model settings.
    /// Throws `invalidSetting` for a value outside its domain.
    public init(
        _ kind: Kind, innerRate: Double, outerRate: Double = 0.003, valueRate: Double = 0.0005, innerSteps: Int = 1,
        outerSteps: Int = 1, innerBeta: Double = 0, outerBeta: Double = 0, batch: Int = 2000,
        discount: DiscountSettings = DiscountSettings(), modelBatches: Int = 200, modelStepsPerBatch: Int = 1
    ) throws {
        let lola = kind == .lolaDiCE
        self.kind = kind
        self.innerRate = innerRate
        self.outerRate = outerRate
        self.valueRate = valueRate
        self.innerSteps = lola ? 1 : innerSteps
        self.outerSteps = lola ? 1 : outerSteps
        self.innerBeta = lola ? 0 : innerBeta
        self.outerBeta = lola ? 0 : outerBeta
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

    /// Every hyperparameter with its value, in a fixed order, for provenance.
    public var settings: [(Setting, Setting.Value)] {
        var all: [(Setting, Setting.Value)] = [
            (.innerRate, .number(innerRate)), (.outerRate, .number(outerRate)), (.valueRate, .number(valueRate)),
        ]
        if kind != .lolaDiCE {
            all += [
                (.innerSteps, .whole(innerSteps)), (.outerSteps, .whole(outerSteps)),
                (.innerBeta, .number(innerBeta)), (.outerBeta, .number(outerBeta)),
            ]
        }
        all += [(.batch, .whole(batch)), (.gamma, .number(discount.gamma)), (.gaeLambda, .number(discount.lambda))]
        if kind == .polaOM {
            all += [(.modelBatches, .whole(modelBatches)), (.modelStepsPerBatch, .whole(modelStepsPerBatch))]
        }
        return all
    }
}
