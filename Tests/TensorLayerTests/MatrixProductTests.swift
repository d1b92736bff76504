import TensorLayer
import TestSupport
import Testing

/// Large products go through OpenBLAS, small ones keep the tensor layer's own loop.
@Suite(.serialized) struct MatrixProductTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let shapeA: [Int]
        let shapeB: [Int]
        var testDescription: String { "\(shapeA) x \(shapeB)" }
    }

    /// Sizes on either side of `BLAS.threshold` (32^3 multiply-adds per block), rank 2 and
    /// batched (a batch times one matrix is folded into one BLAS product).
    static let cases = [
        Case(shapeA: [5, 5], shapeB: [5, 5]), Case(shapeA: [3, 5, 5], shapeB: [5, 4]),
        Case(shapeA: [200, 64], shapeB: [64, 192]), Case(shapeA: [3, 40, 64], shapeB: [64, 48]),
        Case(shapeA: [2, 40, 64], shapeB: [2, 64, 48]), Case(shapeA: [40, 64], shapeB: [3, 64, 48]),
    ]

    /// Every block against the loop kernel, product by product.
    @Test(arguments: cases)
    func agreesWithTheLoopKernel(_ sizes: Case) {
        let a: Tensor<Double> = randomTensor(sizes.shapeA, seed: 1)
        let b: Tensor<Double> = randomTensor(sizes.shapeB, seed: 2)
        let product = a.matmul(b)
        let (m, k, n) = (sizes.shapeA[sizes.shapeA.count - 2], sizes.shapeB[sizes.shapeB.count - 2], sizes.shapeB.last!)
        let batch = product.count / (m * n)
        var expected = [Double]()
        for t in 0..<batch {
            let blockA = sizes.shapeA.count == 2 ? a.scalars : Array(a.scalars[(t * m * k)..<((t + 1) * m * k)])
            let blockB = sizes.shapeB.count == 2 ? b.scalars : Array(b.scalars[(t * k * n)..<((t + 1) * k * n)])
            expected += MatrixProductKernel.loop.product(blockA, blockB, m: m, k: k, n: n)
        }
        let small = m * k * n < 32 * 32 * 32
        if small {
            // The exact half's sizes: the same bits as before BLAS came in.
            #expect(product.scalars == expected)
        } else {
            #expect(maxRelativeDifference(product.scalars, expected) < 1e-12)
        }
    }

    /// BLAS's transpose flags against materialised transposes, below and above the threshold.
    @Test(arguments: [(3, 4, 2), (200, 64, 48)], [(false, false), (false, true), (true, false), (true, true)])
    func transposeFlagsAgreeWithTransposes(_ size: (Int, Int, Int), _ flags: (Bool, Bool)) {
        let (m, k, n) = size
        let a: Tensor<Double> = randomTensor(flags.0 ? [k, m] : [m, k], seed: 3)
        let b: Tensor<Double> = randomTensor(flags.1 ? [n, k] : [k, n], seed: 4)
        let product = a.matmul(b, transposing: (left: flags.0, right: flags.1))
        let expected = (flags.0 ? a.transposed() : a).matmul(flags.1 ? b.transposed() : b)
        #expect(product.shape == [m, n])
        if m * k * n < 32 * 32 * 32 {
            #expect(product.scalars == expected.scalars)
        } else {
            #expect(maxRelativeDifference(product.scalars, expected.scalars) < 1e-12)
        }
    }

    /// OpenBLAS is pinned to one thread (on two it sums x^T g in another order), so the
    /// environment's thread setting cannot change a product's bits: a GRU-sized product and its
    /// backward products hash the same under `OPENBLAS_NUM_THREADS` 1 and 2.
    @Test func sameBitsWhateverTheThreadSetting() throws {
        let bench = PolaRepl.binary.deletingLastPathComponent().appendingPathComponent("pola-bench")
        let digests = try ["1", "2"].map { threads in
            try PolaRepl.run(["--matmul-digest"], executable: bench, environment: ["OPENBLAS_NUM_THREADS": threads])
        }
        #expect(digests.allSatisfy { $0.status == 0 && !$0.output.isEmpty })
        #expect(digests[0].output == digests[1].output)
        #expect(MatrixProductThreads.count == 1)
    }
}

func randomTensor<Scalar: TensorScalar>(_ shape: [Int], seed: UInt64) -> Tensor<Scalar> {
    var generator = SplitMix64(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Scalar(generator.normal()) })
}
