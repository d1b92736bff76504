import TensorLayer

/// `KL(target || current)` between two policies of one agent, per run: the sum over states of
/// `sum_{a in C, D} target(a|x) (log target(a|x) - log current(a|x))`.
///
/// Both are given as logits `[runs, states]`; the target is constant. Logs are taken as
/// `log q = logSigmoid(z)` and `log(1 - q) = logSigmoid(-z)`, which stay finite for saturated
/// policies where the paper's `log(sigmoid(z))` returns -inf and its gradient NaN.
/// - Returns: `[runs]`.
public func klDivergence(target: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
    let t = target.detached()
    let cooperate = t.sigmoid() * (t.logSigmoid() - current.logSigmoid())
    let defect = (-t).sigmoid() * ((-t).logSigmoid() - (-current).logSigmoid())
    return (cooperate + defect).sum(axis: 1)
}
