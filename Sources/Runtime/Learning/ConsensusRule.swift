/// Consensus Optimisation (Mescheder et al. 2017): every agent also descends the Hamiltonian
/// `|xi|^2 / 2`, whose gradient is `H^T xi`, so the joint step heads for points where all
/// gradients vanish: `theta <- theta - alpha (xi + gamma H^T xi)`.
public struct ConsensusRule: AdjustedGradientRule {
    public var rate: Double
    /// The paper's `gamma`.
    public var weight: Double

    public init(rate: Double, weight: Double = 1) throws {
        try Setting.rate.require(rate, .finiteNonNegative)
        try Setting.consensusWeight.require(weight, .finiteNonNegative)
        (self.rate, self.weight) = (rate, weight)
    }

    public var name: String { "co" }
    public var settings: [(Setting, Setting.Value)] {
        [(.rate, .number(rate)), (.consensusWeight, .number(weight))]
    }

    var stepRate: Double { rate }

    func direction(_ derivatives: GameDerivatives) -> JointVector {
        derivatives.xi + weight * derivatives.transposedJacobianProduct(derivatives.xi)
    }
}
