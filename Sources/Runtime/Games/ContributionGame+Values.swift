import Glibc
import TensorLayer

/// Exact discounted values as a differentiable function of every agent's logits.
extension ContributionGame {
    /// Every agent's exact value.
    ///
    /// - Parameter logits: one tensor per agent, `[batch, stateCount]`, the logit of cooperating
    ///   in each state.
    /// - Returns: `[batch, agents]`.
    ///
    /// With `Pr(s | x) = prod_i q_i(x)^bit_i(s) (1 - q_i(x))^(1 - bit_i(s))`, the first joint
    /// action is distributed as `p0 = Pr(. | start)`, later ones follow `P[x][s] = Pr(s | x)`,
    /// and the discounted visitation `m = p0^T (I - gamma P)^-1` gives `V_a = m . r_a`. `m` comes
    /// from solving `(I - gamma P)^T m = p0`; no inverse is formed.
    ///
    /// `q` and `1 - q` are both read as `sigmoid(+-z)` of the logit, so a probability that
    /// rounds to 1 still leaves its complement exact.
    ///
    /// The infinite discounted sum is one fused primitive: the values of a Markov chain on the
    /// joint outcomes of binary variables (`Tensor.bernoulliChainValues`, see `valueChain`); a
    /// finite horizon is summed step by step in tensor operations.
    public func values(logits: [Tensor<Double>]) -> Tensor<Double> {
        precondition(logits.count == agents, "values of \(agents) agents given \(logits.count) logits")
        if horizon == nil { return Tensor.bernoulliChainValues(logits: logits, chain: valueChain) }
        let batch = logits[0].shape[0]
        let joint = jointActions
        var transition: Tensor<Double>?
        for (agent, z) in logits.enumerated() {
            // sign[s] = +1 where this agent cooperates in s: sigmoid(sign * z) is Pr(its action).
            let signs = Tensor(shape: [1, joint], scalars: (0..<joint).map { cooperated(agent, in: $0) ? 1 : -1 })
            let own = (z.reshaped([batch, stateCount, 1]) * signs).sigmoid()
            transition = transition.map { $0 * own } ?? own
        }
        let probabilities = transition!
        let p = probabilities.sliced(axis: 1, 0..<joint)
        let firstRow = start == .separate ? joint : joint - 1
        let p0 = probabilities.sliced(axis: 1, firstRow..<(firstRow + 1))
        return discountedVisits(p0: p0, p: p, steps: horizon!).matmul(rewardMatrix).reshaped([batch, agents])
    }

    /// `sum_{t < steps} gamma^t p0^T P^t`, the finite-horizon visitation (`[batch, 1, joint]`).
    ///
    /// NB: the paper's code gets this rarely used branch wrong; see docs/exact-learning.md, The exact discounted value.
    private func discountedVisits(p0: Tensor<Double>, p: Tensor<Double>, steps: Int) -> Tensor<Double> {
        var visits = p0
        var current = p0
        var weight = 1.0
        for _ in 1..<steps {
            current = current.matmul(p)
            weight *= gamma
            visits = visits + weight * current
        }
        return visits
    }

    /// This game as the chain whose discounted values are its values: one binary variable per
    /// agent (1: it cooperates, in the joint actions' bit order), the chain's outcomes its joint
    /// actions, one reward column per agent, and the start state's row.
    var valueChain: BernoulliChain {
        BernoulliChain(
            variables: agents, gamma: gamma, startRow: start == .separate ? jointActions : jointActions - 1,
            rewards: rewardMatrix.scalars)
    }

    /// `r[s][a]`, `[joint, agents]`.
    var rewardMatrix: Tensor<Double> {
        Tensor(
            shape: [jointActions, agents],
            scalars: (0..<jointActions).flatMap { s in
                (0..<agents).map { reward(agent: $0, jointAction: s) }
            })
    }

    /// The exact values of a single profile of cooperation probabilities (no batch), for
    /// checks and display. Probabilities of exactly 0 or 1 are allowed.
    public func values(probabilities: [[Double]]) -> [Double] {
        let logits = probabilities.map { q in
            Tensor(shape: [1, q.count], scalars: q.map { Glibc.log($0) - Glibc.log1p(-$0) })
        }
        return values(logits: logits).scalars
    }
}
