/// Every setting of every learning rule and game, named by what it means. The Runtime refuses
/// a bad one as `RuntimeError.invalidSetting`; how a language spells a setting is its own
/// business (PolaScript keeps that table).
public enum Setting: CaseIterable, Sendable {
    /// The naive rule's learning rate.
    case rate
    /// LOLA's and POLA's look-ahead rate (eta) and their own rate (alpha).
    case innerRate, outerRate
    /// LOLA's first-order (Taylor) form.
    case taylor
    case innerSteps, outerSteps
    /// KL penalties in the look-ahead steps and on the own step.
    case innerBeta, outerBeta
    /// POLA's proximal weight, iteration cap and stopping tolerance.
    case beta, maxIterations, tolerance
    /// SOS's `a` (how far its shaping may turn against LookAhead) and `b` (the gradient norm
    /// under which its shaping fades), SGA's alignment margin `eps`, and the weight (`gamma`)
    /// of consensus optimisation's Hamiltonian term.
    case alignmentBound, fixedPointRadius, alignmentEpsilon, consensusWeight
    /// Opponent modelling: the models' policy, fitting rate, stopping tolerance and step cap.
    case modelPolicy, modelRate, modelTolerance, modelMaxSteps
    /// The contribution game.
    case agents, contributionFactor, gamma, horizon
    /// A matrix game's payoff.
    case payoff
    /// The sampled rules (`DiCERule`): the value networks' rate, episodes per batch, GAE's
    /// lambda, and POLA-OM's batches of observed play per epoch and model steps per batch.
    case valueRate, batch, gaeLambda, modelBatches, modelStepsPerBatch

    /// A setting's value as a rule holds it, for provenance.
    public enum Value: Equatable, Sendable {
        case number(Double)
        case whole(Int)
        case flag(Bool)
        /// A policy's kind: "tabular", "mlp(16)", ...
        case policy(String)
    }

    /// A bound a setting's value must keep.
    public enum Constraint: Equatable, Sendable {
        case finite
        case finiteNonNegative
        case finitePositive
        /// A whole number >= 1.
        case countAtLeastOne
        /// A whole number in the range.
        case wholeIn(ClosedRange<Int>)
        /// Strictly between 0 and 1.
        case betweenZeroAndOne
        /// From 0 to 1, both included.
        case unitInterval
        /// At most `1 - gap`.
        case belowOneBy(gap: Double)
        /// Finite, with absolute value at most the bound.
        case magnitudeAtMost(Double)

        public func admits(_ x: Double) -> Bool {
            switch self {
            case .finite: x.isFinite
            case .finiteNonNegative: x.isFinite && x >= 0
            case .finitePositive: x.isFinite && x > 0
            case .countAtLeastOne: x >= 1
            case .wholeIn(let range): x >= Double(range.lowerBound) && x <= Double(range.upperBound)
            case .betweenZeroAndOne: x > 0 && x < 1
            case .unitInterval: x >= 0 && x <= 1
            case .belowOneBy(let gap): 1 - x >= gap
            case .magnitudeAtMost(let bound): x.isFinite && abs(x) <= bound
            }
        }
    }

    /// Throws `invalidSetting` unless `constraint` admits `value`.
    func require(_ value: Double, _ constraint: Constraint) throws {
        guard constraint.admits(value) else {
            throw RuntimeError.invalidSetting(self, value: value, expected: constraint)
        }
    }

    func require(_ value: Int, _ constraint: Constraint) throws {
        try require(Double(value), constraint)
    }
}
