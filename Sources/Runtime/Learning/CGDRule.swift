import TensorLayer

/// Competitive Gradient Descent (Schäfer & Anandkumar 2019): each agent's step is its part of
/// the Nash equilibrium of the local game in which agent i minimises
/// `<delta_i, xi_i> + sum_{j != i} delta_i^T (grad_j grad_i L_i) delta_j + |delta_i|^2 / (2 alpha)`.
/// Setting every agent's derivative to zero gives `delta_i + alpha sum_{j != i} H_ij delta_j =
/// -alpha xi_i`, that is `theta <- theta - alpha (I + alpha H_o)^{-1} xi`.
///
/// For two agents this is exactly the paper's update,
/// `delta_x = -alpha (I - alpha^2 D_xy f D_yx g)^{-1} (grad_x f - alpha D_xy f grad_y g)`; for
/// n agents it is the same linear system with every pair's block, the form the SOS paper's
/// reference notebook (Letcher et al. 2019) runs. `H_o` is formed (d reverse passes per agent) and
/// the system solved directly per run, which suits games with few parameters.
public struct CGDRule: AdjustedGradientRule {
    public var rate: Double

    public init(rate: Double) throws {
        try Setting.rate.require(rate, .finiteNonNegative)
        self.rate = rate
    }

    public var name: String { "cgd" }
    public var settings: [(Setting, Setting.Value)] { [(.rate, .number(rate))] }

    var stepRate: Double { rate }

    func direction(_ derivatives: GameDerivatives) -> JointVector {
        let xi = derivatives.xi
        let (runs, d) = (xi.runs, xi.dimension)
        let system = Tensor<Double>.identity(d).reshaped([1, d, d]) + rate * derivatives.offDiagonalMatrix()
        let solution = system.solve(xi.flattened().reshaped([runs, d, 1]))
        return xi.unflattening(solution.reshaped([runs, d]))
    }
}
