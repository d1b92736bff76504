/// Learner i's outer loss with the others' look-ahead:
/// `L_i(theta_i, theta'_{-i}(theta_i)) + beta KL(q_i(frozen) || q_i(theta_i))`,
/// where the others (or the learner's models of them) are frozen at the epoch's start.
struct OuterObjective {
    let state: LearningState
    let learner: Int
    let lookAhead: LookAhead
    let beta: Double

    /// The gradient with respect to the learner's parameters `theta_i`.
    func gradient(at parameters: [Tensor]) -> [Tensor] {
        let own = state.agents[learner].with(variables(parameters))
        let opponents = state.models?[learner] ?? state.agents
        let logits = lookAhead.logits(game: state.game, learner: learner, own: own, opponents: opponents)
        var loss = -state.game.values(logits: logits).indexed(axis: 1, learner).sum()
        if beta != 0 {
            let frozen = state.agents[learner].logits().detached()
            loss = loss + beta * klDivergence(target: frozen, current: logits[learner]).sum()
        }
        return gradients(of: loss, at: own.parameters, createGraph: false)
    }
}
