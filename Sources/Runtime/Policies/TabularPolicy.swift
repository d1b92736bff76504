import TensorLayer

/// One logit per state: `q(x) = sigmoid(theta[x])`, optionally preconditioned.
///
/// The preconditioned ("ill-conditioned") form of the paper computes `q = sigmoid(A theta)` where
/// `A` is the identity except that its first column holds -2 below the diagonal: every other
/// state's logit is shifted by `-2 theta[first state]`. Gradient descent on `theta` then moves
/// the policy along a badly scaled direction, which is what makes it a test of how an update
/// depends on the parametrisation.
public struct TabularPolicy: Policy, Equatable {
    public let stateCount: Int
    public let preconditioned: Bool
    /// Standard deviation of the random normal initial logits.
    public let initialStd: Double

    public init(stateCount: Int, preconditioned: Bool = false, initialStd: Double = 0.1) {
        self.stateCount = stateCount
        self.preconditioned = preconditioned
        self.initialStd = initialStd
    }

    public var parameterShapes: [[Int]] { [[stateCount]] }
    public var kind: String { preconditioned ? "precond" : "tabular" }

    /// The logits read the parameters and, preconditioned, a matrix fixed by their size.
    public var traceIdentity: String? { kind }

    public func logits(_ parameters: [Tensor<Double>]) -> Tensor<Double> {
        preconditioned ? parameters[0].matmul(conditioningTransposed) : parameters[0]
    }

    /// `A^T`, so that a row of logits is `theta^T A^T`.
    private var conditioningTransposed: Tensor<Double> {
        var scalars = Tensor<Double>.identity(stateCount).scalars
        for column in 1..<stateCount { scalars[column] = -2 }
        return Tensor(shape: [stateCount, stateCount], scalars: scalars)
    }

    public func randomParameters(using generator: inout SplitMix64) -> [Tensor<Double>] {
        [Tensor((0..<stateCount).map { _ in generator.normal(std: initialStd) })]
    }
}
