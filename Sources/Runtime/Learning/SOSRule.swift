/// Stable Opponent Shaping (Letcher et al. 2019, Algorithm 1): LOLA's shaping term, scaled
/// down wherever it would point against LookAhead or keep the agents from a fixed point.
///
/// With `xi_0 = (I - eta H_o) xi` (LookAhead) and `chi = diag(H_o^T grad L)` (LOLA's shaping,
/// so LOLA is `xi_0 - eta chi`):
/// - `p1 = 1` if `<-eta chi, xi_0> >= 0`, else `min(1, -a |xi_0|^2 / <-eta chi, xi_0>)`: the
///   shaping never turns the step more than `a` against LookAhead;
/// - `p2 = |xi|^2` if `|xi| < b`, else 1: near a fixed point the shaping fades, so SOS keeps
///   LookAhead's stable fixed points (which LOLA can leave);
/// - `theta <- theta - alpha (xi_0 - p eta chi)` with `p = min(p1, p2)`, per run.
///
/// The paper uses one rate, `alpha = eta`, and `a, b` in (0, 1) (0.5 and 0.1 in its experiments).
public struct SOSRule: AdjustedGradientRule {
    public var innerRate: Double
    public var outerRate: Double
    public var a: Double
    public var b: Double

    public init(innerRate: Double, outerRate: Double, a: Double = 0.5, b: Double = 0.1) throws {
        try Setting.innerRate.require(innerRate, .finiteNonNegative)
        try Setting.outerRate.require(outerRate, .finiteNonNegative)
        try Setting.alignmentBound.require(a, .betweenZeroAndOne)
        try Setting.fixedPointRadius.require(b, .betweenZeroAndOne)
        (self.innerRate, self.outerRate, self.a, self.b) = (innerRate, outerRate, a, b)
    }

    public var name: String { "sos" }
    public var settings: [(Setting, Setting.Value)] {
        [
            (.innerRate, .number(innerRate)), (.outerRate, .number(outerRate)),
            (.alignmentBound, .number(a)), (.fixedPointRadius, .number(b)),
        ]
    }

    var stepRate: Double { outerRate }

    func direction(_ derivatives: GameDerivatives) -> JointVector {
        let xi = derivatives.xi
        let lookAhead = xi - innerRate * derivatives.offDiagonalProduct(xi)
        let shaping = innerRate * derivatives.shapingTerm()
        return lookAhead - shaping.scaled(perRun: shapingWeights(xi: xi, lookAhead: lookAhead, shaping: shaping))
    }

    /// `p = min(p1, p2)` of every run; `shaping` is `eta chi`.
    private func shapingWeights(xi: JointVector, lookAhead: JointVector, shaping: JointVector) -> [Double] {
        let alignments = shaping.dot(lookAhead)
        let lookAheadNorms = lookAhead.squaredNorms
        return zip(zip(alignments, lookAheadNorms), xi.squaredNorms).map { pair, squaredNorm in
            let (alignment, lookAheadNorm) = pair
            // <-eta chi, xi_0> = -alignment.
            let p1 = -alignment >= 0 ? 1 : min(1, a * lookAheadNorm / alignment)
            let p2 = squaredNorm < b * b ? squaredNorm : 1
            return min(p1, p2)
        }
    }
}
