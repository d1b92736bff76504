import TensorLayer

/// The DiCE objectives of `docs/dice-learning.md` (Objectives), on `[T, batch]` tensors
/// of one agent's quantities, time-major. Objectives are *maximised*; `Rollout.loss` turns them
/// into the rules' minimised losses.
///
/// Rewards are constants; gradients flow through the log-probabilities `own` (agent i's) and
/// `other` (agent j's), which may depend on any parameters, to any order.
public enum DiCE {
    /// `magic(x) = exp(x - stop_gradient(x))`: value 1, derivative that of `x`, and every
    /// higher derivative that of `exp(x)` at `x`'s value multiplied through, which is what makes
    /// `E[grad^k objective] = grad^k E[return]` (Foerster et al., 2018).
    public static func magicBox<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        (x - x.detached()).exp()
    }

    /// DiCE without a baseline:
    /// `mean_b sum_t magic(sum_{u <= t} (own[u] + other[u])) gamma^t r[t]`.
    ///
    /// Reward t depends on both agents' actions up to t, hence both agents' log-probabilities
    /// in its dependencies: that is what lets j's gradient depend on i's parameters in LOLA.
    public static func objective<Scalar>(
        own: Tensor<Scalar>, other: Tensor<Scalar>, rewards: Tensor<Scalar>, gamma: Double
    ) -> Tensor<Scalar> {
        let dependencies = (own + other).cumulativeSum(axis: 0)
        return (magicBox(dependencies) * (rewards * discounts(steps: own.shape[0], gamma: gamma))).sum()
            / Scalar(own.shape[1])
    }

    /// Loaded DiCE with a baseline:
    /// `mean_b sum_t (magic(deps[t]) - magic(deps[t] - own[t] - other[t])) gamma^t A[t]`,
    /// with GAE advantages `A` (see `advantages`). The difference of the two boxes has value 0
    /// and the derivative of the step's own log-probabilities (first order), so each advantage
    /// multiplies only the log-probabilities of the step it judges; higher orders keep the
    /// dependence on earlier steps.
    public static func loadedObjective<Scalar>(
        own: Tensor<Scalar>, other: Tensor<Scalar>, rewards: Tensor<Scalar>, values: Tensor<Scalar>,
        valueEnd: Tensor<Scalar>, gamma: Double, lambda: Double
    ) -> Tensor<Scalar> {
        let step = own + other
        let dependencies = step.cumulativeSum(axis: 0)
        let advantage = advantages(rewards: rewards, values: values, valueEnd: valueEnd, gamma: gamma, lambda: lambda)
        let boxes = magicBox(dependencies) - magicBox(dependencies - step)
        return (boxes * (advantage * discounts(steps: own.shape[0], gamma: gamma))).sum() / Scalar(own.shape[1])
    }

    /// Generalised advantage estimates, constants (values read without gradient):
    /// `delta[t] = r[t] + gamma v[t+1] - v[t]` with `v[T] = v_end`, `A[T-1] = delta[T-1]`,
    /// `A[t] = delta[t] + gamma lambda A[t+1]`. `[T, batch]`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func advantages<Scalar>(
        rewards: Tensor<Scalar>, values: Tensor<Scalar>, valueEnd: Tensor<Scalar>, gamma: Double, lambda: Double
    ) -> Tensor<Scalar> {
        let (steps, batch) = (rewards.shape[0], rewards.shape[1])
        let r = rewards.scalars
        let v = values.scalars + valueEnd.scalars
        let g = Scalar(gamma)
        let decay = Scalar(gamma * lambda)
        var advantage = [Scalar](repeating: 0, count: steps * batch)
        for b in 0..<batch {
            var next: Scalar = 0
            for t in (0..<steps).reversed() {
                let i = t * batch + b
                let delta = r[i] + g * v[i + batch] - v[i]
                next = delta + (t == steps - 1 ? 0 : decay * next)
                advantage[i] = next
            }
        }
        return Tensor(shape: [steps, batch], scalars: advantage)
    }

    /// The value network's loss: `mean_b sum_t (R[t] + gamma^(T-t) v_end - v[t])^2` with `R[t]`
    /// the discounted return from t to the end, `v_end` without gradient.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func valueLoss<Scalar>(
        values: Tensor<Scalar>, valueEnd: Tensor<Scalar>, rewards: Tensor<Scalar>, gamma: Double
    ) -> Tensor<Scalar> {
        let (steps, batch) = (rewards.shape[0], rewards.shape[1])
        let r = rewards.scalars
        let end = valueEnd.scalars
        var target = [Scalar](repeating: 0, count: steps * batch)
        for b in 0..<batch {
            // Backwards: target[t] = r[t] + gamma target[t+1], starting from v_end after step T-1.
            var next = end[b]
            for t in (0..<steps).reversed() {
                next = r[t * batch + b] + Scalar(gamma) * next
                target[t * batch + b] = next
            }
        }
        let error = Tensor(shape: [steps, batch], scalars: target) - values
        return (error * error).sum() / Scalar(batch)
    }

    /// Forward KL from a reference policy to the current one on the same observations:
    /// `mean over batch and time of sum_a ref(a) (log ref(a) - log cur(a))`, for logits
    /// `[T, batch, actions]`. The reference is a constant.
    public static func klDivergence<Scalar>(current: Tensor<Scalar>, reference: Tensor<Scalar>) -> Tensor<Scalar> {
        let logReference = reference.detached().logSoftmax()
        let logCurrent = current.logSoftmax()
        let rows = current.count / current.shape[current.rank - 1]
        return (logReference.exp() * (logReference - logCurrent)).sum() / Scalar(rows)
    }

    /// `gamma^t`, `[T, 1]` (broadcast over the batch).
    static func discounts<Scalar: TensorScalar>(steps: Int, gamma: Double) -> Tensor<Scalar> {
        var weight = 1.0
        let powers = (0..<steps).map { _ in
            defer { weight *= gamma }
            return Scalar(weight)
        }
        return Tensor(shape: [steps, 1], scalars: powers)
    }
}
