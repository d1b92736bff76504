import TensorLayer
import TestSupport
import Testing

/// Every differentiable operation against central finite differences, first and second order.
///
/// Each case is squared after the operation (`f(x) = op(x)^2`, contracted with a random
/// cotangent) so that the second-order check also exercises the operation's backward rule with
/// a non-constant cotangent, not only its (possibly zero) second derivative.
///
/// The table is written once, generically, and instantiated for both element types.
struct OperationCase<Scalar: TensorScalar>: CustomTestStringConvertible, Sendable {
    let name: String
    let inputs: [Tensor<Scalar>]
    let apply: @Sendable ([Tensor<Scalar>]) -> Tensor<Scalar>
    var testDescription: String { "\(name) (\(Scalar.self))" }
}

private func random<Scalar>(
    _ shape: [Int], seed: UInt64, offset: Double = 0, scale: Double = 1
) -> Tensor<Scalar> {
    var generator = SplitMix64(seed: seed)
    return Tensor(
        shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Scalar(offset + scale * generator.normal()) })
}

/// A well-conditioned batch of matrices: the identity plus a small perturbation.
private func nearIdentity<Scalar>(batch: Int, n: Int, seed: UInt64) -> Tensor<Scalar> {
    Tensor.identity(n) + 0.3 * random([batch, n, n], seed: seed)
}

func operationCases<Scalar: TensorScalar>(_: Scalar.Type) -> [OperationCase<Scalar>] {
    [
        OperationCase(name: "add", inputs: [random([2, 3], seed: 1), random([2, 3], seed: 2)]) { $0[0] + $0[1] },
        OperationCase(name: "add broadcast", inputs: [random([2, 3, 4], seed: 1), random([3, 1], seed: 2)]) {
            $0[0] + $0[1]
        },
        OperationCase(name: "subtract broadcast", inputs: [random([4], seed: 3), random([2, 4], seed: 4)]) {
            $0[0] - $0[1]
        },
        OperationCase(name: "multiply broadcast", inputs: [random([2, 3, 1], seed: 5), random([1, 4], seed: 6)]) {
            $0[0] * $0[1]
        },
        OperationCase(name: "multiply by scalar", inputs: [random([3], seed: 5), random([], seed: 6)]) {
            $0[0] * $0[1]
        },
        OperationCase(
            name: "divide", inputs: [random([2, 3], seed: 7), random([2, 3], seed: 8, offset: 3, scale: 0.5)]
        ) { $0[0] / $0[1] },
        OperationCase(
            name: "divide broadcast", inputs: [random([2, 3], seed: 7), random([3], seed: 8, offset: 3, scale: 0.5)]
        ) { $0[0] / $0[1] },
        OperationCase(name: "negate", inputs: [random([5], seed: 9)]) { -$0[0] },
        OperationCase(name: "exp", inputs: [random([5], seed: 10)]) { $0[0].exp() },
        OperationCase(name: "log", inputs: [random([5], seed: 11, offset: 2, scale: 0.3)]) { $0[0].log() },
        OperationCase(name: "sigmoid", inputs: [random([6], seed: 12, scale: 3)]) { $0[0].sigmoid() },
        OperationCase(name: "logSigmoid", inputs: [random([6], seed: 13, scale: 3)]) { $0[0].logSigmoid() },
        OperationCase(name: "tanh", inputs: [random([6], seed: 14)]) { $0[0].tanh() },
        OperationCase(name: "matmul", inputs: [random([3, 4], seed: 15), random([4, 2], seed: 16)]) {
            $0[0].matmul($0[1])
        },
        OperationCase(name: "matmul A^T B", inputs: [random([4, 3], seed: 15), random([4, 2], seed: 16)]) {
            $0[0].matmul($0[1], transposing: (true, false))
        },
        OperationCase(name: "matmul A B^T", inputs: [random([3, 4], seed: 15), random([2, 4], seed: 16)]) {
            $0[0].matmul($0[1], transposing: (false, true))
        },
        OperationCase(name: "matmul A^T B^T", inputs: [random([4, 3], seed: 15), random([2, 4], seed: 16)]) {
            $0[0].matmul($0[1], transposing: (true, true))
        },
        OperationCase(name: "matmul A B, flags off", inputs: [random([3, 4], seed: 15), random([4, 2], seed: 16)]) {
            $0[0].matmul($0[1], transposing: (false, false))
        },
        OperationCase(name: "matmul batched", inputs: [random([2, 3, 4], seed: 17), random([2, 4, 2], seed: 18)]) {
            $0[0].matmul($0[1])
        },
        OperationCase(
            name: "matmul matrix by batch", inputs: [random([3, 4], seed: 19), random([2, 4, 2], seed: 20)]
        ) { $0[0].matmul($0[1]) },
        OperationCase(
            name: "matmul batch by matrix", inputs: [random([2, 3, 4], seed: 21), random([4, 2], seed: 22)]
        ) { $0[0].matmul($0[1]) },
        OperationCase(name: "sum", inputs: [random([2, 3], seed: 23)]) { $0[0].sum() },
        OperationCase(name: "sum over axis", inputs: [random([2, 3, 4], seed: 24)]) { $0[0].sum(axis: 1) },
        OperationCase(name: "sum over last axis", inputs: [random([2, 3, 4], seed: 124)]) { $0[0].sum(axis: 2) },
        OperationCase(name: "mean", inputs: [random([2, 3], seed: 25)]) { $0[0].mean() },
        OperationCase(name: "mean over axis", inputs: [random([2, 3], seed: 26)]) { $0[0].mean(axis: 0) },
        OperationCase(name: "summed to shape", inputs: [random([2, 3, 4], seed: 27)]) { $0[0].summed(to: [3, 1]) },
        OperationCase(name: "broadcast", inputs: [random([3, 1], seed: 28)]) { $0[0].broadcast(to: [2, 3, 4]) },
        OperationCase(name: "reshape", inputs: [random([2, 6], seed: 29)]) { $0[0].reshaped([3, 4]) },
        OperationCase(name: "transpose", inputs: [random([2, 3, 4], seed: 30)]) { $0[0].transposed() },
        // A row or a column keeps its order when transposed, so that case is a reshape.
        OperationCase(name: "transpose of rows", inputs: [random([2, 1, 4], seed: 130)]) { $0[0].transposed() },
        OperationCase(name: "transpose of columns", inputs: [random([2, 4, 1], seed: 131)]) {
            $0[0].transposed() * $0[0].transposed()
        },
        OperationCase(name: "slice", inputs: [random([3, 5, 2], seed: 31)]) { $0[0].sliced(axis: 1, 1..<4) },
        OperationCase(name: "index", inputs: [random([3, 4], seed: 32)]) { $0[0].indexed(axis: 1, 2) },
        OperationCase(name: "concatenate", inputs: [random([2, 3], seed: 33), random([2, 1], seed: 34)]) {
            Tensor.concatenate($0, axis: 1)
        },
        OperationCase(name: "solve", inputs: [nearIdentity(batch: 2, n: 3, seed: 35), random([2, 3, 2], seed: 36)]) {
            $0[0].solve($0[1])
        },
        // Entries kept well away from relu's kink at 0, where finite differences straddle it.
        OperationCase(name: "relu", inputs: [Tensor(shape: [2, 3], scalars: [-1.3, 0.4, 2.1, -0.7, 1.6, -2.2])]) {
            $0[0].relu()
        },
        OperationCase(name: "logSoftmax", inputs: [random([3, 4], seed: 41, scale: 2)]) { $0[0].logSoftmax() },
        OperationCase(name: "logSoftmax batched", inputs: [random([2, 3, 2], seed: 42, scale: 2)]) {
            $0[0].logSoftmax()
        },
        OperationCase(name: "softmax", inputs: [random([2, 3, 4], seed: 43, scale: 2)]) { $0[0].softmax() },
        OperationCase(name: "picking", inputs: [random([3, 4], seed: 44)]) { $0[0].picking([1, 0, 3]) },
        OperationCase(name: "picking batched", inputs: [random([2, 3, 2], seed: 45)]) {
            $0[0].picking([1, 0, 0, 1, 1, 0])
        },
        OperationCase(name: "picking log-probabilities", inputs: [random([3, 4], seed: 46, scale: 2)]) {
            $0[0].logSoftmax().picking([2, 2, 0])
        },
        OperationCase(name: "placing", inputs: [random([3], seed: 47)]) { $0[0].placing([2, 0, 2], size: 4) },
        OperationCase(name: "cumulativeSum", inputs: [random([2, 5, 3], seed: 48)]) { $0[0].cumulativeSum(axis: 1) },
        OperationCase(name: "cumulativeSum first axis", inputs: [random([4, 2], seed: 49)]) {
            $0[0].cumulativeSum(axis: 0)
        },
        OperationCase(name: "reverseCumulativeSum", inputs: [random([2, 5, 3], seed: 50)]) {
            $0[0].reverseCumulativeSum(axis: 1)
        },
        OperationCase(name: "reverseCumulativeSum last axis", inputs: [random([3, 4], seed: 51)]) {
            $0[0].reverseCumulativeSum(axis: 1)
        },
    ]
}

@Suite struct OperationGradientTests {
    @Test(arguments: operationCases(Double.self), [1, 2])
    func matchesFiniteDifferences(_ operation: OperationCase<Double>, order: Int) {
        let error = gradientCheckError(
            { xs in
                let y = operation.apply(xs)
                return y * y
            }, at: operation.inputs, order: order)
        #expect(error < 1e-6, "\(operation.name), order \(order)")
    }

    /// The same table in single precision: the sampled half's element type. A step of 1e-2
    /// balances Float's rounding error (about 6e-8 / h) against the difference's truncation
    /// error (about h^2 times the third derivative). Measured: every case within 1e-3 except
    /// the second-order solve (4.3e-3, the 3x3 solve amplifies rounding); a wrong rule (off by
    /// a factor, a sign or a term) misses by far more than 1e-2 (see `aWrongDerivativeIsCaught`).
    @Test(arguments: operationCases(Float.self), [1, 2])
    func matchesFiniteDifferencesInFloat(_ operation: OperationCase<Float>, order: Int) {
        let error = gradientCheckError(
            { xs in
                let y = operation.apply(xs)
                return y * y
            }, at: operation.inputs, order: order, step: 1e-2)
        #expect(error < 1e-2, "\(operation.name), order \(order)")
    }

    @Test(arguments: [1, 2])
    func aWrongDerivativeIsCaught(order: Int) {
        // Guards the checker itself: `x * detached(x)` reports the derivative x where finite
        // differences of x^2 see 2x, so the check must fail loudly.
        let x: Tensor<Double> = random([4], seed: 40)
        #expect(gradientCheckError({ xs in xs[0] * xs[0].detached() }, at: [x], order: order) > 0.1)
        let y: Tensor<Float> = random([4], seed: 40)
        #expect(gradientCheckError({ xs in xs[0] * xs[0].detached() }, at: [y], order: order, step: 1e-2) > 0.1)
    }

    @Test func detachedStopsGradients() {
        let x: Tensor<Double> = random([4], seed: 40)
        let v = Tensor.variable(x)
        let g = gradients(of: (v * v.detached()).sum(), at: [v])[0]
        #expect(maxAbsoluteDifference(g.scalars, x.scalars) < 1e-15)
    }

    @Test func nestedDerivativesOfACube() {
        // d/dx x^3 = 3x^2, d2 = 6x, d3 = 6 at x = 2.
        let x = Tensor.variable(Tensor<Double>([2.0]))
        let first = gradients(of: (x * x * x).sum(), at: [x])[0]
        let second = gradients(of: first.sum(), at: [x])[0]
        let third = gradients(of: second.sum(), at: [x])[0]
        #expect(first.scalars == [12])
        #expect(second.scalars == [12])
        #expect(third.scalars == [6])
    }

    @Test func gradientOfAnUnrelatedTensorIsZero() {
        let x = Tensor.variable(Tensor<Double>([1.0, 2.0]))
        let y = Tensor.variable(Tensor<Double>([3.0]))
        let g = gradients(of: (x * x).sum(), at: [y, x])
        #expect(g[0].scalars == [0])
        #expect(g[1].scalars == [2, 4])
    }

    @Test func gradientWithRespectToAnIntermediate() {
        // y = (2x)^2 with u = 2x: dy/du = 2u = 8 at x = 2, whatever lies below u.
        let x = Tensor.variable(Tensor<Double>([2.0]))
        let u = 2.0 * x
        #expect(gradients(of: (u * u).sum(), at: [u])[0].scalars == [8])
    }

    @Test func constantsCarryNoGraph() {
        let c = Tensor<Double>([1.0, 2.0]).exp() * 3
        #expect(!c.isDifferentiable)
        #expect(Tensor.variable(c).isDifferentiable)
        #expect(!Tensor.variable(c).detached().isDifferentiable)
    }
}
