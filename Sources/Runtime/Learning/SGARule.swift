/// Symplectic Gradient Adjustment with alignment (Balduzzi et al. 2018; Letcher et al. 2019,
/// "Differentiable Game Mechanics"), as the SOS paper runs it.
///
/// The game's Jacobian splits as `H = S + A`, with `A = (H - H^T) / 2` its antisymmetric
/// (rotational) part. SGA follows `xi + lambda A^T xi`, where `A^T xi = (H^T xi - H xi) / 2` and
/// the sign is chosen by alignment with the Hamiltonian's gradient `H^T xi`:
/// `lambda = sign(<xi, H^T xi> <A^T xi, H^T xi> / d + eps)`, `d` the number of parameters, so the
/// adjustment pulls towards stable fixed points and away from unstable ones.
/// `theta <- theta - alpha (xi + lambda A^T xi)`, `lambda` per run.
public struct SGARule: AdjustedGradientRule {
    public var rate: Double
    public var epsilon: Double

    public init(rate: Double, epsilon: Double = 0.1) throws {
        try Setting.rate.require(rate, .finiteNonNegative)
        try Setting.alignmentEpsilon.require(epsilon, .finitePositive)
        (self.rate, self.epsilon) = (rate, epsilon)
    }

    public var name: String { "sga" }
    public var settings: [(Setting, Setting.Value)] {
        [(.rate, .number(rate)), (.alignmentEpsilon, .number(epsilon))]
    }

    var stepRate: Double { rate }

    func direction(_ derivatives: GameDerivatives) -> JointVector {
        let xi = derivatives.xi
        let hamiltonianGradient = derivatives.transposedJacobianProduct(xi)
        let adjustment = 0.5 * (hamiltonianGradient - derivatives.jacobianProduct(xi))
        let d = Double(xi.dimension)
        let signs = zip(xi.dot(hamiltonianGradient), adjustment.dot(hamiltonianGradient)).map { along, adjusted in
            let x = along * adjusted / d + epsilon
            return x > 0 ? 1.0 : x < 0 ? -1 : 0
        }
        return xi + adjustment.scaled(perRun: signs)
    }
}
