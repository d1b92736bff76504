import TensorLayer

/// Adam on a list of parameter tensors (beta1 0.9, beta2 0.999, eps 1e-8 added outside the
/// square root, bias-corrected; `shared/spec/dice-learning.md`, Learning rules).
///
/// NB: the tensor layer's own `Adam` is being written on another branch; this is the smallest
/// stand-in the rules need until it is merged, and is replaced by it then.
struct SampledAdam: Sendable {
    let rate: Double
    private var first: [[Double]] = []
    private var second: [[Double]] = []
    /// beta1^t and beta2^t after t steps.
    private var powers = (1.0, 1.0)

    init(rate: Double) {
        self.rate = rate
    }

    /// `theta - rate * mhat / (sqrt(vhat) + eps)` with `mhat = m / (1 - beta1^t)` and
    /// `vhat = v / (1 - beta2^t)`. At t = 1 this is `-rate * g / (|g| + eps)`: the sign step of
    /// LOLA-DiCE, whose Adam restarts every epoch.
    mutating func step(_ parameters: [Tensor<Float>], _ gradients: [Tensor<Float>]) -> [Tensor<Float>] {
        let (beta1, beta2, eps) = (0.9, 0.999, 1e-8)
        if first.isEmpty {
            first = parameters.map { [Double](repeating: 0, count: $0.count) }
            second = first
        }
        powers = (powers.0 * beta1, powers.1 * beta2)
        let (correction1, correction2) = (1 - powers.0, 1 - powers.1)
        return parameters.indices.map { k in
            let g = gradients[k].scalars
            var theta = parameters[k].scalars
            for n in theta.indices {
                let gn = Double(g[n])
                first[k][n] = beta1 * first[k][n] + (1 - beta1) * gn
                second[k][n] = beta2 * second[k][n] + (1 - beta2) * gn * gn
                let mhat = first[k][n] / correction1
                let vhat = second[k][n] / correction2
                theta[n] -= Float(rate * mhat / (vhat.squareRoot() + eps))
            }
            return Tensor(shape: parameters[k].shape, scalars: theta)
        }
    }
}
