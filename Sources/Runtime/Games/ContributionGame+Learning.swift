import TensorLayer

/// The contribution game as the learning rules see it: its players are `Agent`s (policies over
/// its states), an agent's behaviour is its logit of cooperating in every state
/// (`[runs, stateCount]`), its objectives are the exact discounted values, and a policy's
/// movement is the KL divergence summed over the states.
extension ContributionGame: DifferentiableGame {
    public func behaviour(of player: Agent) -> Tensor<Double> { player.logits() }

    public func values(_ behaviours: [Tensor<Double>]) -> Tensor<Double> { values(logits: behaviours) }

    /// The composed form the fused primitive differentiates when the graph is kept: the same
    /// graph, without the fused forward pass.
    public func lookAheadValues(_ behaviours: [Tensor<Double>]) -> Tensor<Double> {
        horizon == nil ? valueChain.composedValues(behaviours) : values(logits: behaviours)
    }

    public func divergence(reference: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
        klDivergence(target: reference, current: current)
    }

    /// The KL reads `current` twice (`log q`, `log(1 - q)`). Read through one node of its own
    /// (`+ 0` keeps every bit), their two cotangents meet there and reach `current` as one sum.
    /// The backward pass visits the fused values first, where it visited their composed form
    /// after the KL; this way the sums into `current` keep their old order, and their bits.
    /// (Only here: a KL differentiated with its graph kept, in the look-ahead, reads `current`
    /// again in its backward rules, and there the extra node would regroup the sums.)
    public func proximalDivergence(reference: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
        klDivergence(target: reference, current: current + 0)
    }

    /// Tabular and neural policies compute their logits from their parameters alone (the
    /// neural policy's inputs, from this game, are part of its identity); a fixed strategy's
    /// logits are numbers of its own, so it is not traced.
    public func traceIdentity(of player: Agent) -> String? { player.policy.traceIdentity }

    /// Both KL divergences from one pass over the two policies' logits (plain numbers, so
    /// whether the logits carry a graph does not matter: the two forms agree bit for bit).
    public func divergenceValuesBothWays(_ a: Tensor<Double>, _ b: Tensor<Double>) -> (
        aToB: [Double], bToA: [Double]
    ) {
        klDivergencesBothWays(a, b)
    }
}
