/// Adam (Kingma and Ba, 2015) as a value: its moments live in the value and advance with each
/// `step`.
///
/// With beta1 0.9, beta2 0.999 and eps 1e-8 added outside the square root, bias-corrected, as
/// optax's `adam`:
/// `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g^2`, `m^ = m / (1 - b1^t)`,
/// `v^ = v / (1 - b2^t)`, `theta -= lr m^ / (sqrt(v^) + eps)`. At t = 1, `m^ = g` and
/// `v^ = g^2`, so the first step is `-lr g / (|g| + eps)`: a sign step of size lr (a caller
/// that makes a new Adam for every update takes only such steps).
///
/// The outer steps it takes are never differentiated, so it works on values: the new
/// parameters are constants (callers make them variables again for the next gradient).
public struct Adam<Scalar: TensorScalar>: Sendable {
    public var learningRate: Scalar
    public let beta1: Scalar
    public let beta2: Scalar
    public let epsilon: Scalar
    /// Steps taken so far (t in the bias corrections).
    public private(set) var steps = 0
    /// First and second moment estimates, one array per parameter; empty before the first step.
    private var firstMoments: [[Scalar]] = []
    private var secondMoments: [[Scalar]] = []

    public init(learningRate: Scalar, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// The parameters after one Adam step along `gradients` (one per parameter, of its shape;
    /// the same parameter list at every step).
    // Specialised like `Tensor.apply`: a caller in another module runs the Float or Double copy.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public mutating func step(_ parameters: [Tensor<Scalar>], _ gradients: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        checkMatching(parameters, gradients)
        if steps == 0 {
            firstMoments = parameters.map { Scalar.array(repeating: 0, count: $0.count) }
            secondMoments = firstMoments
        }
        precondition(firstMoments.count == parameters.count, "Adam stepped with another parameter list")
        steps += 1
        let correction1 = 1 - power(beta1, steps)
        let correction2 = 1 - power(beta2, steps)
        return parameters.indices.map { k in
            let g = gradients[k].scalars
            var theta = parameters[k].scalars
            for i in theta.indices {
                firstMoments[k][i] = beta1 * firstMoments[k][i] + (1 - beta1) * g[i]
                secondMoments[k][i] = beta2 * secondMoments[k][i] + (1 - beta2) * g[i] * g[i]
                let m = firstMoments[k][i] / correction1
                let v = secondMoments[k][i] / correction2
                theta[i] -= learningRate * m / (v.squareRoot() + epsilon)
            }
            return Tensor(shape: parameters[k].shape, scalars: theta)
        }
    }

    private func power(_ base: Scalar, _ exponent: Int) -> Scalar {
        (0..<exponent).reduce(1) { product, _ in product * base }
    }
}
