/// The ways the tensor layer can multiply two matrices, callable one by one so that
/// `pola-bench --matmul` can time them side by side and justify `BLAS.threshold`.
/// (`Tensor.matmul` chooses by itself; nothing else needs this.)
public enum MatrixProductKernel: String, CaseIterable, Sendable {
    /// The tensor layer's own triple loop (what every product below the threshold uses).
    case loop
    /// `cblas_?gemm` on row-major operands.
    case blas
    /// `A^T B` for a stored `k x m` A: materialise the transpose, then `cblas_?gemm`.
    case transposeThenBLAS = "transpose+blas"
    /// `A^T B` for a stored `k x m` A: `cblas_?gemm` with its transpose flag.
    case blasTransposing = "blas-trans"

    /// `op(A) B` with A stored `m x k` (or `k x m` for the transposing kernels), B `k x n`.
    /// Specialised like `Tensor.apply`, so the loop is timed as the tensor layer runs it.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func product<Scalar: TensorScalar>(_ a: [Scalar], _ b: [Scalar], m: Int, k: Int, n: Int) -> [Scalar] {
        switch self {
        case .loop, .blas:
            // `Tensor.matmul` picks BLAS above the threshold; name each kernel directly.
            return Kernels.matmul(a, b, batchA: 1, batchB: 1, m: m, k: k, n: n, throughBLAS: self == .blas)
        case .transposeThenBLAS:
            let at = Kernels.transpose(a, batch: 1, rows: k, cols: m)
            return Kernels.matmul(at, b, batchA: 1, batchB: 1, m: m, k: k, n: n, throughBLAS: true)
        case .blasTransposing:
            return [Scalar].filled(count: m * n) { out in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        BLAS.product(
                            a.baseAddress!, transposingA: true, b.baseAddress!, into: out.baseAddress!, m: m, k: k, n: n
                        )
                    }
                }
            }
        }
    }
}
