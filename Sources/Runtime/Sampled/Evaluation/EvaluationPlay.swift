import TensorLayer

/// One batch of evaluation episodes where each seat holds an agent (sampling from its policy,
/// its GRU state carried) or a fixed strategy. Rollouts for learning record what the objectives
/// need; this records only scores and, in the Coin Game, the coins taken.
struct EvaluationPlay<Environment: FixedStrategyEnvironment> {
    enum Seat {
        case agent(SampledAgent)
        case fixed(Environment.Player)
    }

    let environment: Environment
    let seats: [Seat]
    let batch: Int

    /// Per-agent mean reward per step and episode, and the coins of each colour (Coin Game).
    func run<G: RandomNumberGenerator>(using generator: inout G) -> (scores: [Double], coins: CoinCounts?) {
        var seats = self.seats
        var state = environment.reset(batch: batch, using: &generator)
        var memories: [Tensor<Float>?] = seats.map {
            if case .agent(let agent) = $0 { agent.policy.initialState(batch: batch) } else { nil }
        }
        var totals = [0.0, 0.0]
        var coins = state is CoinGame.State ? CoinCounts(episodes: batch) : nil
        for _ in 0..<environment.episodeLength {
            let observation = Tensor(
                shape: [batch, environment.observationSize], scalars: environment.observations(state))
            var actions: [[Int]] = []
            for seat in 0..<2 {
                switch seats[seat] {
                case .agent(let agent):
                    let (logits, memory) = agent.policy.step(
                        observation, state: memories[seat]!, parameters: agent.policyParameters)
                    memories[seat] = memory
                    actions.append(Rollout<Float>.sampleActions(logits: logits, using: &generator))
                case .fixed(var player):
                    actions.append(player.actions(in: state))
                    seats[seat] = .fixed(player)
                }
            }
            let outcome = environment.step(state, actions: actions, using: &generator)
            state = outcome.state
            for seat in 0..<2 {
                if case .fixed(var player) = seats[seat] {
                    player.observe(rewards: outcome.rewards)
                    seats[seat] = .fixed(player)
                }
                totals[seat] += outcome.rewards[seat].reduce(0.0) { $0 + Double($1) }
            }
            // The one game with coloured coins counts them; elsewhere `coins` is nil.
            if let coinState = state as? CoinGame.State { coins?.record(coinState) }
        }
        let steps = Double(environment.episodeLength * batch)
        return (totals.map { $0 / steps }, coins)
    }
}
