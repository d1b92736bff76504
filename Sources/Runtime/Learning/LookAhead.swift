import TensorLayer

/// The opponents' anticipated learning, kept differentiable with respect to the learner.
///
/// For learner `i` with parameters `own`, every other agent `j` takes `steps` gradient steps
/// on its own loss plus `beta` times `KL(q_j at the start of the look-ahead || q_j)`:
/// `theta'_j <- theta'_j - eta * grad_j [L_j(theta') + beta KL]`. These gradients keep their
/// graph, so the learner's loss at `theta'` can be differentiated through them (second-order
/// derivatives); that is LOLA's and POLA's look-ahead.
struct LookAhead: Sendable {
    var rate: Double
    var steps: Int
    var beta: Double

    /// Logits of every agent after the look-ahead, `[runs, states]` each.
    /// - Parameters:
    ///   - opponents: the agents the learner looks ahead through (the frozen others, or its
    ///     models of them); entry `i` is ignored.
    func logits(game: ContributionGame, learner i: Int, own: Agent, opponents: [Agent]) -> [Tensor<Double>] {
        var agents = opponents
        agents[i] = own
        var logits = agents.map { $0.logits() }
        guard rate != 0, steps > 0 else { return logits }
        let startLogits = logits
        for _ in 0..<steps {
            var next = agents
            // Opponent parameters must be graph nodes to be differentiated; the first step's
            // are constants, so they become fresh variables (which do not depend on `own`).
            for j in agents.indices where j != i && !agents[j].parameters[0].isDifferentiable {
                agents[j] = agents[j].with(variables(agents[j].parameters))
                logits[j] = agents[j].logits()
            }
            let values = game.values(logits: logits)
            for j in agents.indices where j != i {
                var loss = -values.indexed(axis: 1, j).sum()
                if beta != 0 {
                    loss = loss + beta * klDivergence(target: startLogits[j], current: logits[j]).sum()
                }
                let gradient = gradients(of: loss, at: agents[j].parameters)
                next[j] = agents[j].with(descend(agents[j].parameters, gradient, rate: rate))
            }
            agents = next
            for j in agents.indices where j != i { logits[j] = agents[j].logits() }
        }
        return logits
    }
}
