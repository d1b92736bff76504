import TensorLayer

/// Learner i's outer loss with the others' look-ahead:
/// `L_i(theta_i, theta'_{-i}(theta_i)) + beta KL(q_i(frozen) || q_i(theta_i))`,
/// where the others (or the learner's models of them) are frozen at the epoch's start.
struct OuterObjective<Game: DifferentiableGame> {
    let state: LearningState<Game>
    let learner: Int
    let lookAhead: LookAhead
    let beta: Double
    /// `q_i(frozen)`: constant for the whole outer loop, so computed once.
    private let frozen: Game.Behaviour

    init(state: LearningState<Game>, learner: Int, lookAhead: LookAhead, beta: Double) {
        self.state = state
        self.learner = learner
        self.lookAhead = lookAhead
        self.beta = beta
        frozen = state.game.behaviour(of: state.agents[learner])
    }

    /// The gradient with respect to the learner's parameters `theta_i`.
    func gradient(at parameters: [Tensor<Double>]) -> [Tensor<Double>] {
        let own = state.agents[learner].with(variables(parameters))
        let opponents = state.models?[learner] ?? state.agents
        let behaviours = lookAhead.behaviours(game: state.game, learner: learner, own: own, opponents: opponents)
        var loss = -state.game.values(behaviours).indexed(axis: 1, learner).sum()
        if beta != 0 {
            loss = loss + beta * state.game.proximalDivergence(reference: frozen, current: behaviours[learner]).sum()
        }
        return gradients(of: loss, at: own.parameters, createGraph: false)
    }
}
