import TensorLayer

/// The recorded rollout read through parameters: the differentiable quantities the objectives
/// are made of. Pass variables (or tensors computed from variables) as parameters to get
/// gradients; the recorded data stays constant.
extension Rollout {
    /// The log-probabilities of `agent`'s taken actions, `[T, batch]`, under `policy` with
    /// `parameters`, running the policy over the observations acted on from its initial state.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func logProbabilities(
        of agent: Int, policy: any SequencePolicy, parameters: [Tensor<Scalar>]
    ) -> Tensor<Scalar> {
        logits(policy: policy, parameters: parameters).logSoftmax().picking(actions[agent])
    }

    /// The policy's logits on the T observations acted on, `[T, batch, actions]` (the KL
    /// penalty's input).
    public func logits(policy: any SequencePolicy, parameters: [Tensor<Scalar>]) -> Tensor<Scalar> {
        policy.outputs(over: actedOn, parameters: parameters)
    }

    /// A value network read over all T + 1 observations (its state carried through the
    /// rollout): `steps` `[T, batch]` are `v[t]`, `end` `[batch]` is `v_end`, the value of the
    /// final observation.
    public func values(
        network: any SequencePolicy, parameters: [Tensor<Scalar>]
    ) -> (steps: Tensor<Scalar>, end: Tensor<Scalar>) {
        let all = network.outputs(over: observations, parameters: parameters).reshaped([steps + 1, batch])
        return (all.sliced(axis: 0, 0..<steps), all.indexed(axis: 0, steps))
    }
}
