import TensorLayer

/// Learner i's outer loss with the others' look-ahead:
/// `L_i(theta_i, theta'_{-i}(theta_i)) + beta KL(q_i(frozen) || q_i(theta_i))`,
/// where the others (or the learner's models of them) are frozen at the epoch's start.
///
/// Its gradient has the same primitives in the same order at every call for given shapes (LOLA
/// takes it once per step, POLA once per proximal iteration), so when the game and players
/// allow (`DifferentiableGame.traceIdentity(of:)`) it is a `Trace` kept in the state's cache and
/// replayed from the second epoch on. The traced function reads everything that varies as an
/// input: the learner's parameters, every opponent's (or model's), and the learner's frozen ones.
struct OuterObjective<Game: DifferentiableGame> {
    let state: LearningState<Game>
    let learner: Int
    /// The gradient as a function of `inputs(at:)`, and its trace when there is one.
    private let function: @Sendable ([Tensor<Double>]) -> [Tensor<Double>]
    private let trace: Trace<Double>?

    init(state: LearningState<Game>, learner: Int, lookAhead: LookAhead, beta: Double) {
        self.state = state
        self.learner = learner
        let opponents = state.models?[learner] ?? state.agents
        function = Self.gradient(
            game: state.game, learner: learner, own: state.agents[learner], opponents: opponents,
            lookAhead: lookAhead, beta: beta)
        let players = ([state.agents[learner]] + opponents).map { state.game.traceIdentity(of: $0) }
        guard players.allSatisfy({ $0 != nil }) else {
            trace = nil
            return
        }
        let key = TraceKey(
            purpose: state.models == nil ? .outerGradient : .outerGradientThroughModels, learner: learner,
            settings: [lookAhead.rate, Double(lookAhead.steps), lookAhead.beta, beta], players: players.map { $0! })
        trace = state.traces.trace(key, function)
    }

    /// The gradient with respect to the learner's parameters `theta_i`.
    func gradient(at parameters: [Tensor<Double>]) -> [Tensor<Double>] {
        let opponents = state.models?[learner] ?? state.agents
        var inputs = parameters
        for j in opponents.indices where j != learner { inputs += opponents[j].parameters }
        inputs += state.agents[learner].parameters
        guard let trace, !inputs.contains(where: \.isDifferentiable) else { return function(inputs) }
        return trace(inputs)
    }

    /// The gradient of `learner`'s outer loss from `[own parameters] + [every opponent's, in
    /// seat order, skipping the learner] + [the learner's frozen parameters]`. Players are read
    /// for their policies only (`with` replaces their parameters).
    private static func gradient(
        game: Game, learner: Int, own: Game.Player, opponents: [Game.Player], lookAhead: LookAhead, beta: Double
    ) -> @Sendable ([Tensor<Double>]) -> [Tensor<Double>] {
        { inputs in
            var rest = inputs[...]
            func take(_ player: Game.Player) -> Game.Player {
                defer { rest = rest.dropFirst(player.parameters.count) }
                return player.with(Array(rest.prefix(player.parameters.count)))
            }
            let current = take(own)
            var others = opponents
            for j in others.indices where j != learner { others[j] = take(opponents[j]) }
            // `q_i(frozen)`: the reference of the proximal term, constant over an outer loop.
            let frozen = game.behaviour(of: take(own))
            let learning = current.with(variables(current.parameters))
            let behaviours = lookAhead.behaviours(game: game, learner: learner, own: learning, opponents: others)
            var loss = -game.values(behaviours).indexed(axis: 1, learner).sum()
            if beta != 0 {
                loss = loss + beta * game.proximalDivergence(reference: frozen, current: behaviours[learner]).sum()
            }
            return gradients(of: loss, at: learning.parameters, createGraph: false)
        }
    }
}
