import TensorLayer

/// The gradients the learning rules are built from, on their own, for display and teaching
/// (`docs/exact-learning.md`, "Learning rules"). Losses are `L_a = -V_a`.
extension DifferentiableGame {
    /// `dV_a / d theta_j` for every agent a, at the players' current parameters:
    /// `[agents][parameters of j, flattened in order]`.
    public func valueGradients(_ players: [Player], withRespectTo j: Int) -> [[Double]] {
        let own = variables(players[j].parameters)
        var behaviours = players.map { behaviour(of: $0) }
        behaviours[j] = behaviour(of: players[j].with(own))
        let values = self.values(behaviours)
        return (0..<agents).map { a in
            gradients(of: values.indexed(axis: 1, a).sum(), at: own, createGraph: false).flatMap(\.scalars)
        }
    }

    /// LOLA's Taylor-form update direction for learner i, split in two (rule 2):
    /// - `naive`: `grad_i L_i`, what naive learning descends;
    /// - `shaping`: `-eta grad_i sum_{j != i} (grad_j L_i . grad_j L_j)`, the second-order term by
    ///   which i accounts for the others' naive step of size eta (it shapes their learning).
    ///
    /// Their sum is what LOLA's Taylor form descends: `theta_i <- theta_i - alpha (naive + shaping)`.
    /// Both flattened over i's parameters in order.
    public func lolaTerms(_ players: [Player], learner i: Int, innerRate eta: Double) -> (
        naive: [Double], shaping: [Double]
    ) {
        let parameters = players.map { variables($0.parameters) }
        let values = self.values(zip(players, parameters).map { behaviour(of: $0.with($1)) })
        let losses = (0..<agents).map { -values.indexed(axis: 1, $0).sum() }
        var products = Tensor<Double>(0)
        for j in 0..<agents where j != i {
            let mine = gradients(of: losses[i], at: parameters[j])
            let theirs = gradients(of: losses[j], at: parameters[j])
            for (a, b) in zip(mine, theirs) { products = products + (a * b).sum() }
        }
        let naive = gradients(of: losses[i], at: parameters[i], createGraph: false).flatMap(\.scalars)
        let shaping = gradients(of: -eta * products, at: parameters[i], createGraph: false).flatMap(\.scalars)
        return (naive, shaping)
    }
}
