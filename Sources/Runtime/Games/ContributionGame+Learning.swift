import TensorLayer

/// The contribution game as the learning rules see it: its players are `Agent`s (policies over
/// its states), an agent's behaviour is its logit of cooperating in every state
/// (`[runs, stateCount]`), its objectives are the exact discounted values, and a policy's
/// movement is the KL divergence summed over the states.
extension ContributionGame: DifferentiableGame {
    public func behaviour(of player: Agent) -> Tensor<Double> { player.logits() }

    public func values(_ behaviours: [Tensor<Double>]) -> Tensor<Double> { values(logits: behaviours) }

    public func divergence(reference: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
        klDivergence(target: reference, current: current)
    }
}
