/// Plain gradient descent, `theta - lr * g`, as a value.
///
/// The step is written in tensor operations, so it stays differentiable: an inner loop may take
/// SGD steps on parameters whose gradients depend on other, outer parameters, and the outer
/// gradient then flows back through those steps.
///
///     var sgd = SGD<Float>(learningRate: 0.05)
///     let lookedAhead = sgd.step(parameters, gradients(of: loss, at: parameters))
public struct SGD<Scalar: TensorScalar>: Sendable {
    public var learningRate: Scalar

    public init(learningRate: Scalar) {
        self.learningRate = learningRate
    }

    /// The parameters after one step down `gradients` (one per parameter, of its shape).
    /// `mutating` like every optimiser's step, though plain descent keeps no state.
    // Specialised like `Tensor.apply`: a caller in another module runs the Float or Double copy.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public mutating func step(_ parameters: [Tensor<Scalar>], _ gradients: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        checkMatching(parameters, gradients)
        return zip(parameters, gradients).map { $0 - learningRate * $1 }
    }
}

/// Every optimiser's precondition: one gradient per parameter, of the same shape.
func checkMatching<Scalar>(_ parameters: [Tensor<Scalar>], _ gradients: [Tensor<Scalar>]) {
    precondition(parameters.count == gradients.count, "\(gradients.count) gradients for \(parameters.count) parameters")
    for (parameter, gradient) in zip(parameters, gradients) {
        precondition(parameter.shape == gradient.shape, "a gradient of shape \(gradient.shape) for \(parameter.shape)")
    }
}
