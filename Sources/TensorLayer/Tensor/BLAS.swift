import COpenBLAS
import Glibc

/// Matrix products through OpenBLAS (`cblas_sgemm`, `cblas_dgemm`), for the sampled half's
/// sizes: a GRU step multiplies a batch of 2000 rows by 64 x 192 weights.
///
/// `Kernels.matmul` calls this only for blocks of at least `threshold` multiply-adds. Below it
/// the kernel keeps its own loop, so the exact half's 5 x 5 and 4 x 4 blocks give the same bits
/// as before (BLAS sums in another order), and small products skip BLAS's call overhead.
enum BLAS {
    /// Multiply-adds (m k n) of one block from which products go to BLAS. Measured with
    /// `pola-bench --matmul` (Float, one thread): BLAS beats the loop at every size, 0.9 against
    /// 0.5 GFLOP/s at 5^3, 31 against 0.9 at 32^3, 23 against 1.1 at 2000 x 64 x 192. So the
    /// threshold is set by the exact half, not by speed: its blocks (5 x 5, 4 x 4, 5 x 16 x 16
    /// with a hidden layer of 16) stay on the loop and keep their bits, with room for hidden
    /// widths up to 80; the sampled half's products (2000 rows) are all far above it.
    static let threshold = 32 * 32 * 32

    /// `c = op(a) op(b)` for row-major `op(a)` of m x k and `op(b)` of k x n, where `op`
    /// transposes a stored operand when its flag is set (a transposed operand is stored as
    /// k x m, or n x k).
    static func product<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, transposingA: Bool = false, _ b: UnsafePointer<Scalar>,
        transposingB: Bool = false, into c: UnsafeMutablePointer<Scalar>, m: Int, k: Int, n: Int
    ) {
        _ = configured
        let flagA = transposingA ? CblasTrans : CblasNoTrans
        let flagB = transposingB ? CblasTrans : CblasNoTrans
        let (lda, ldb) = (Int32(transposingA ? m : k), Int32(transposingB ? k : n))
        let (rows, inner, cols) = (Int32(m), Int32(k), Int32(n))
        if Scalar.self == Float.self {
            a.withMemoryRebound(to: Float.self, capacity: m * k) { a in
                b.withMemoryRebound(to: Float.self, capacity: k * n) { b in
                    c.withMemoryRebound(to: Float.self, capacity: m * n) { c in
                        cblas_sgemm(CblasRowMajor, flagA, flagB, rows, cols, inner, 1, a, lda, b, ldb, 0, c, cols)
                    }
                }
            }
        } else if Scalar.self == Double.self {
            a.withMemoryRebound(to: Double.self, capacity: m * k) { a in
                b.withMemoryRebound(to: Double.self, capacity: k * n) { b in
                    c.withMemoryRebound(to: Double.self, capacity: m * n) { c in
                        cblas_dgemm(CblasRowMajor, flagA, flagB, rows, cols, inner, 1, a, lda, b, ldb, 0, c, cols)
                    }
                }
            }
        } else {
            preconditionFailure("BLAS has no product for \(Scalar.self)")
        }
    }

    /// OpenBLAS runs on one thread, whatever `OPENBLAS_NUM_THREADS` says, set once before the
    /// first product. Measured with `pola-bench --matmul 2`: on two threads OpenBLAS 0.3.21
    /// blocks a long sum (x^T g, k = 2000) differently, and 6846 of the 12288 entries of a GRU
    /// weight gradient change in their last bits, so a run would depend on the machine's
    /// thread setting. Nor did a second thread pay on the 2-core machines: 23-30 GFLOP/s on
    /// one thread, 3-30 on two, as other work competes for the second core.
    static let configured: Void = { openblas_set_num_threads(1) }()
}

/// OpenBLAS's thread count: 1 (see `BLAS.configured`), changed only to measure.
public enum MatrixProductThreads {
    public static var count: Int {
        _ = BLAS.configured
        return Int(openblas_get_num_threads())
    }

    /// Sets OpenBLAS's thread count, for `pola-bench --matmul`. Above 1 the large products'
    /// last bits can change (see `BLAS.configured`): nothing else may call this.
    public static func set(_ count: Int) {
        precondition(count >= 1, "a thread count of \(count)")
        _ = BLAS.configured
        openblas_set_num_threads(Int32(count))
    }
}
