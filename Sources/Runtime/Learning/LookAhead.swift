import TensorLayer

/// The opponents' anticipated learning, kept differentiable with respect to the learner.
///
/// For learner `i` with parameters `own`, every other agent `j` takes `steps` gradient steps
/// on its own loss plus `beta` times the divergence of its policy from the start of the
/// look-ahead (`KL(q_j at the start || q_j)` in the exact game):
/// `theta'_j <- theta'_j - eta * grad_j [L_j(theta') + beta KL]`. These gradients keep their
/// graph, so the learner's loss at `theta'` can be differentiated through them (second-order
/// derivatives); that is LOLA's and POLA's look-ahead.
struct LookAhead: Sendable {
    var rate: Double
    var steps: Int
    var beta: Double

    /// Every agent's behaviour after the look-ahead (the exact game: logits, `[runs, states]`).
    /// - Parameters:
    ///   - opponents: the agents the learner looks ahead through (the frozen others, or its
    ///     models of them); entry `i` is ignored.
    func behaviours<Game: DifferentiableGame>(
        game: Game, learner i: Int, own: Game.Player, opponents: [Game.Player]
    ) -> [Game.Behaviour] {
        var agents = opponents
        agents[i] = own
        guard rate != 0, steps > 0 else { return agents.map { game.behaviour(of: $0) } }
        // Opponent parameters must be graph nodes to be differentiated; constants become fresh
        // variables (which do not depend on `own`) before their behaviour is computed, once.
        for j in agents.indices where j != i && !agents[j].parameters[0].isDifferentiable {
            agents[j] = agents[j].with(variables(agents[j].parameters))
        }
        var behaviours = agents.map { game.behaviour(of: $0) }
        // The divergences' references: the same numbers (a reference is read as a constant).
        let start = behaviours
        for _ in 0..<steps {
            var next = agents
            let values = game.lookAheadValues(behaviours)
            for j in agents.indices where j != i {
                var loss = -values.indexed(axis: 1, j).sum()
                if beta != 0 {
                    loss = loss + beta * game.divergence(reference: start[j], current: behaviours[j]).sum()
                }
                let gradient = gradients(of: loss, at: agents[j].parameters)
                next[j] = agents[j].with(descend(agents[j].parameters, gradient, rate: rate))
            }
            agents = next
            for j in agents.indices where j != i { behaviours[j] = game.behaviour(of: agents[j]) }
        }
        return behaviours
    }
}
