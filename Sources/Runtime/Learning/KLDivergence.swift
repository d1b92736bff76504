import TensorLayer

/// `KL(target || current)` between two policies of one agent, per run: the sum over states of
/// `sum_{a in C, D} target(a|x) (log target(a|x) - log current(a|x))`.
///
/// Both are given as logits `[runs, states]`; the target is constant. Logs are taken as
/// `log q = logSigmoid(z)` and `log(1 - q) = logSigmoid(-z)`, which stay finite for saturated
/// policies where the paper's `log(sigmoid(z))` returns -inf and its gradient NaN.
/// - Returns: `[runs]`.
public func klDivergence(target: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
    guard current.isDifferentiable else { return klDivergenceOfConstants(target: target, current: current) }
    // The target's four constants as primitives (not one pass over its numbers, as
    // `klDivergenceOfConstants` takes them) so that a trace records them: the target is computed
    // from a traced function's inputs (`OuterObjective`). The same numbers as `Logistic` gives.
    let t = target.detached()
    let cooperate = t.sigmoid() * (t.logSigmoid() - current.logSigmoid())
    let defect = (-t).sigmoid() * ((-t).logSigmoid() - (-current).logSigmoid())
    return (cooperate + defect).sum(axis: 1)
}

/// The same sums when nothing is differentiated (POLA's stopping test, twice per proximal
/// iteration): one pass over the numbers instead of thirteen tensors and their arrays, which
/// took two thirds of the 13% of a POLA tabular run spent in divergences.
///
/// Each term is the same operations in the same order as the tensor form, and the states are
/// summed from the first, as `sum(axis:)` does, so the bits agree and POLA's iteration counts
/// cannot move. `Logistic` evaluates `Scalar.sigmoid` and `Scalar.logSigmoid` of `z` and `-z`
/// from one `exp(-|z|)` and one `log1p` (each of the four reads exactly that), where calling
/// them took six `exp` and four `log1p` per state.
private func klDivergenceOfConstants(target: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
    precondition(target.rank == 2 && target.shape == current.shape, "KL of \(target.shape) and \(current.shape)")
    let (runs, states) = (target.shape[0], target.shape[1])
    let t = target.scalars
    let c = current.scalars
    let sums = (0..<runs).map { run in
        var sum = 0.0
        for i in (run * states)..<((run + 1) * states) {
            sum += Logistic(t[i]).divergence(to: Logistic(c[i]))
        }
        return sum
    }
    return Tensor(sums)
}

/// `KL(a || b)` and `KL(b || a)` per run, both constants (POLA's stopping test takes both):
/// each policy's `Logistic` once per state rather than once per direction, each direction's
/// terms and sums exactly as `klDivergenceOfConstants` takes them.
func klDivergencesBothWays(_ a: Tensor<Double>, _ b: Tensor<Double>) -> (aToB: [Double], bToA: [Double]) {
    precondition(a.rank == 2 && a.shape == b.shape, "KL of \(a.shape) and \(b.shape)")
    let (runs, states) = (a.shape[0], a.shape[1])
    let (x, y) = (a.scalars, b.scalars)
    var (aToB, bToA) = ([Double](), [Double]())
    aToB.reserveCapacity(runs)
    bToA.reserveCapacity(runs)
    for run in 0..<runs {
        var (forward, backward) = (0.0, 0.0)
        for i in (run * states)..<((run + 1) * states) {
            let (p, q) = (Logistic(x[i]), Logistic(y[i]))
            forward += p.divergence(to: q)
            backward += q.divergence(to: p)
        }
        aToB.append(forward)
        bToA.append(backward)
    }
    return (aToB, bToA)
}

/// `sigmoid` and `logSigmoid` of `z` and of `-z`, bit for bit as `Double.sigmoid` and
/// `Double.logSigmoid` compute them: each branch there takes `exp` of `-|z|` (`exp(-z)` for
/// `z >= 0`, `exp(z)` below), and `logSigmoid(+-z)` is `min(+-z, 0) - log1p(exp(-|z|))`.
private struct Logistic {
    let sigmoid: Double
    let sigmoidOfNegative: Double
    let logSigmoid: Double
    let logSigmoidOfNegative: Double

    init(_ z: Double) {
        let e = Double.exp(-abs(z))
        // sigmoid(z) is 1 / (1 + e) for z >= 0, else e / (1 + e); -z >= 0 exactly when z <= 0
        // (so at z = 0 both sides take the first form, as sigmoid(-0.0) does).
        sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e)
        sigmoidOfNegative = -z >= 0 ? 1 / (1 + e) : e / (1 + e)
        let softplus = Double.log1p(e)
        logSigmoid = min(z, 0) - softplus
        logSigmoidOfNegative = min(-z, 0) - softplus
    }

    /// One state's term of `KL(self || other)`: cooperating, then defecting, as the tensor form
    /// takes them (`p (log p - log q)` for each action, summed in that order).
    func divergence(to other: Logistic) -> Double {
        let cooperate = sigmoid * (logSigmoid - other.logSigmoid)
        let defect = sigmoidOfNegative * (logSigmoidOfNegative - other.logSigmoidOfNegative)
        return cooperate + defect
    }
}
