/// LookAhead (LA; Zhang & Lesser 2010, in the form of Letcher et al. 2019): each agent
/// anticipates the others' naive step but, unlike LOLA, does not shape it.
///
/// `theta <- theta - alpha (I - eta H_o) xi`: agent i descends
/// `grad_i L_i(theta_i, theta_{-i} - eta stop(xi_{-i}))` to first order in `eta`, the others' step
/// held constant. (Letcher et al. use one rate, `alpha = eta`.)
public struct LookAheadRule: AdjustedGradientRule {
    public var innerRate: Double
    public var outerRate: Double

    public init(innerRate: Double, outerRate: Double) throws {
        try Setting.innerRate.require(innerRate, .finiteNonNegative)
        try Setting.outerRate.require(outerRate, .finiteNonNegative)
        (self.innerRate, self.outerRate) = (innerRate, outerRate)
    }

    public var name: String { "lookahead" }
    public var settings: [(Setting, Setting.Value)] {
        [(.innerRate, .number(innerRate)), (.outerRate, .number(outerRate))]
    }

    var stepRate: Double { outerRate }

    func direction(_ derivatives: GameDerivatives) -> JointVector {
        derivatives.xi - innerRate * derivatives.offDiagonalProduct(derivatives.xi)
    }
}
