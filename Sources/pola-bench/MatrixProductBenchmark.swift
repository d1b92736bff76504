import Foundation
import TensorLayer

/// `pola-bench --matmul [threads]`: GFLOP/s of each matrix-product kernel at the sampled
/// half's sizes (a GRU step on a batch of 2000, its backward products) and at small sizes
/// (where the tensor layer keeps its own loop), in `Float`.
enum MatrixProductBenchmark {
    struct Size {
        let m: Int
        let k: Int
        let n: Int
        /// A^T B with A stored k x m: a backward pass's `x^T g`.
        var transposedA = false
    }

    static let sizes: [Size] = [
        Size(m: 5, k: 5, n: 5), Size(m: 16, k: 16, n: 16), Size(m: 24, k: 24, n: 24), Size(m: 32, k: 32, n: 32),
        Size(m: 48, k: 48, n: 48), Size(m: 64, k: 64, n: 64), Size(m: 2000, k: 6, n: 64),
        Size(m: 2000, k: 36, n: 64), Size(m: 2000, k: 64, n: 2), Size(m: 2000, k: 64, n: 192),
        Size(m: 2000, k: 192, n: 64), Size(m: 64, k: 2000, n: 192, transposedA: true),
        Size(m: 192, k: 2000, n: 64, transposedA: true),
    ]

    static func run(threads: Int) {
        reportThreadDependence()
        MatrixProductThreads.set(threads)
        print("threads \(MatrixProductThreads.count) (Float, GFLOP/s)")
        print("m\tk\tn\t" + MatrixProductKernel.allCases.map(\.rawValue).joined(separator: "\t"))
        for size in sizes {
            let rates = MatrixProductKernel.allCases.map { kernel in
                applies(kernel, to: size) ? String(format: "%.2f", gigaflops(kernel, size)) : "-"
            }
            print("\(size.m)\t\(size.k)\t\(size.n)\t" + rates.joined(separator: "\t"))
        }
    }

    /// A GRU-sized product and its two backward products (`y = tanh(x w)`, x 2000 x 64, w 64 x
    /// 192), as the bit patterns of y, dy/dx and dy/dw.
    static func gruProductBits() -> [[UInt32]] {
        var generator = SplitMix64(seed: 3)
        func random(_ shape: [Int]) -> Tensor<Float> {
            Tensor.variable(
                Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.normal()) }))
        }
        let (x, w) = (random([2000, 64]), random([64, 192]))
        let y = x.matmul(w).tanh()
        return ([y] + gradients(of: y.sum(), at: [x, w])).map { $0.scalars.map(\.bitPattern) }
    }

    /// `pola-bench --matmul-digest`: one FNV-1a hash of `gruProductBits()`, which a test
    /// compares across `OPENBLAS_NUM_THREADS` settings.
    static func digest() -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for bits in gruProductBits().joined() {
            hash = (hash ^ UInt64(bits)) &* 0x100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// How many entries of each GRU product change when OpenBLAS runs on 2 threads rather than 1.
    private static func reportThreadDependence() {
        MatrixProductThreads.set(1)
        let one = gruProductBits()
        MatrixProductThreads.set(2)
        let two = gruProductBits()
        let counts = zip(["y", "dx", "dw"], zip(one, two)).map { name, pair in
            "\(name) \(zip(pair.0, pair.1).filter { $0 != $1 }.count)/\(pair.0.count)"
        }
        print("entries that differ on 2 OpenBLAS threads: " + counts.joined(separator: ", "))
    }

    private static func applies(_ kernel: MatrixProductKernel, to size: Size) -> Bool {
        switch kernel {
        case .loop, .blas: return true
        case .transposeThenBLAS, .blasTransposing: return size.transposedA
        }
    }

    /// Repeats the product for at least 0.3 s after one warm-up call.
    private static func gigaflops(_ kernel: MatrixProductKernel, _ size: Size) -> Double {
        var generator = SplitMix64(seed: 1)
        let a = (0..<(size.m * size.k)).map { _ in Float(generator.normal()) }
        let b = (0..<(size.k * size.n)).map { _ in Float(generator.normal()) }
        // The loop and plain BLAS read A as stored; for an A^T B size they multiply m x k by
        // k x n all the same, which is the work being compared.
        var sink = kernel.product(a, b, m: size.m, k: size.k, n: size.n)[0]
        let clock = ContinuousClock()
        let start = clock.now
        var repetitions = 0
        while clock.now - start < .milliseconds(300) {
            sink += kernel.product(a, b, m: size.m, k: size.k, n: size.n)[0]
            repetitions += 1
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if sink.isNaN { print("nan") }
        return 2 * Double(size.m * size.k * size.n * repetitions) / seconds / 1e9
    }
}
