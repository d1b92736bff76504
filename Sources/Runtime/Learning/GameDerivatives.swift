import TensorLayer

/// The derivatives of a game at the agents' current parameters that the gradient-adjusting
/// rules of Letcher et al. (2019, "Stable Opponent Shaping in Differentiable Games") combine.
/// With losses `L_i = -value_i`:
/// - `xi`, the simultaneous gradient, `xi_i = grad_i L_i`;
/// - products with the game's Jacobian `H = grad xi`, whose block `(i, j)` is `grad_j grad_i L_i`,
///   with its transpose, and with its off-diagonal blocks `H_o`;
/// - `chi = diag(H_o^T grad L)`, the part of LOLA's gradient that shapes the others' learning.
///
/// Every product is a reverse-mode pass through the stored first derivatives (which keep
/// their graph), so no Hessian is formed: `H_o v`, `H v` and `chi` cost one pass per agent,
/// `H^T v` one pass in all. Runs are independent: each loss is summed over runs, and each run's
/// derivatives depend on its own parameters only.
struct GameDerivatives {
    /// Every agent's parameters as fresh variables, `[agent][tensor]`.
    private let parameters: [[Tensor<Double>]]
    /// `[i][j]` is `grad_j L_i`, differentiable.
    private let lossGradients: [[[Tensor<Double>]]]
    /// The simultaneous gradient, as constants.
    let xi: JointVector

    init<Game: DifferentiableGame>(_ state: LearningState<Game>) {
        let parameters = state.agents.map { variables($0.parameters) }
        let game = state.game
        let values = game.values(zip(state.agents, parameters).map { game.behaviour(of: $0.with($1)) })
        let all = Array(parameters.joined())
        let lossGradients = parameters.indices.map { i in
            Self.split(gradients(of: -values.indexed(axis: 1, i).sum(), at: all), like: parameters)
        }
        (self.parameters, self.lossGradients) = (parameters, lossGradients)
        xi = JointVector(parts: parameters.indices.map { lossGradients[$0][$0] }).detached()
    }

    private var agents: Range<Int> { parameters.indices }

    /// `(H_o v)_i = sum_{j != i} (grad_j grad_i L_i) v_j = grad_i sum_{j != i} <grad_j L_i, v_j>`.
    func offDiagonalProduct(_ v: JointVector) -> JointVector { product(v, includingDiagonal: false) }

    /// `(H v)_i = sum_j (grad_j grad_i L_i) v_j = grad_i sum_j <grad_j L_i, v_j>`.
    func jacobianProduct(_ v: JointVector) -> JointVector { product(v, includingDiagonal: true) }

    /// `(H^T v)_i = sum_j (grad_i xi_j)^T v_j = grad_i sum_j <xi_j, v_j>`: one pass for every agent.
    func transposedJacobianProduct(_ v: JointVector) -> JointVector {
        let pairing = agents.reduce(Tensor<Double>(0)) { $0 + inner(lossGradients[$1][$1], v.parts[$1]) }
        let all = Array(parameters.joined())
        return JointVector(parts: Self.split(gradients(of: pairing, at: all, createGraph: false), like: parameters))
    }

    /// `chi_i = sum_{j != i} (grad_i grad_j L_j) grad_j L_i = grad_i sum_{j != i} <grad_j L_j, stop(grad_j L_i)>`:
    /// how agent i's parameters move the others' learning steps, weighted by what those steps do to L_i.
    func shapingTerm() -> JointVector {
        JointVector(
            parts: agents.map { i in
                let pairing = agents.filter { $0 != i }.reduce(Tensor<Double>(0)) { sum, j in
                    sum + inner(lossGradients[j][j], lossGradients[i][j].map { $0.detached() })
                }
                return gradients(of: pairing, at: parameters[i], createGraph: false)
            })
    }

    /// `H_o` of every run, `[runs, d, d]`, built column by column as `H_o e_k`: d passes per
    /// agent, affordable for the small parameter counts of matrix, tabular and formula games.
    func offDiagonalMatrix() -> Tensor<Double> {
        let (runs, d) = (xi.runs, xi.dimension)
        let columns = (0..<d).map { offDiagonalProduct(xi.unit($0)).flattened().reshaped([runs, d, 1]) }
        return Tensor.concatenate(columns, axis: 2)
    }

    private func product(_ v: JointVector, includingDiagonal: Bool) -> JointVector {
        JointVector(
            parts: agents.map { i in
                let pairing = agents.filter { includingDiagonal || $0 != i }.reduce(Tensor<Double>(0)) { sum, j in
                    sum + inner(lossGradients[i][j], v.parts[j])
                }
                return gradients(of: pairing, at: parameters[i], createGraph: false)
            })
    }

    /// `<a, b>` summed over runs as well: differentiated, it gives every run its own part.
    private func inner(_ a: [Tensor<Double>], _ b: [Tensor<Double>]) -> Tensor<Double> {
        zip(a, b).reduce(Tensor<Double>(0)) { $0 + ($1.0 * $1.1).sum() }
    }

    /// A flat list of per-tensor results, regrouped by agent as `template` is.
    private static func split(_ flat: [Tensor<Double>], like template: [[Tensor<Double>]]) -> [[Tensor<Double>]] {
        var start = 0
        return template.map { agent in
            defer { start += agent.count }
            return Array(flat[start..<(start + agent.count)])
        }
    }
}
