import Glibc
import TensorLayer

/// Flax's default initialisers, seeded (`docs/dice-learning.md`, Agents).
///
/// Drawn in `Double` from `SplitMix64` and converted, so one seed gives the same numbers in
/// `Float` and `Double` (up to rounding).
enum Initialisers {
    /// LeCun normal for a `[fanIn, fanOut]` kernel: a standard normal truncated to [-2, 2],
    /// scaled so that the result has variance `1 / fanIn`.
    ///
    /// The truncated normal's standard deviation is 0.8796256610342398 (the value flax divides
    /// by: `sqrt(1 - 4 phi(2) / (Phi(2) - Phi(-2)))`), hence the rescaling.
    static func lecunNormal<Scalar: TensorScalar>(
        fanIn: Int, fanOut: Int, using generator: inout SplitMix64
    ) -> Tensor<Scalar> {
        let scale = (1 / Double(fanIn)).squareRoot() / truncatedNormalStd
        let values = (0..<(fanIn * fanOut)).map { _ in Scalar(scale * truncatedStandardNormal(&generator)) }
        return Tensor(shape: [fanIn, fanOut], scalars: values)
    }

    /// The standard deviation of a standard normal truncated to [-2, 2].
    static let truncatedNormalStd = 0.879_625_661_034_239_8

    /// A standard normal conditioned on [-2, 2], by rejection (accepts 95.4% of draws).
    static func truncatedStandardNormal(_ generator: inout SplitMix64) -> Double {
        while true {
            let x = generator.normal()
            if Swift.abs(x) <= 2 { return x }
        }
    }

    /// A uniformly random `n x n` orthogonal matrix: `Q` of the QR decomposition of a standard
    /// normal matrix, with the sign correction that makes `R`'s diagonal positive.
    ///
    /// Modified Gram-Schmidt on the columns produces exactly that `Q` (its `R` has the column
    /// norms, all positive, on the diagonal); a second pass restores orthogonality to rounding.
    static func orthogonal<Scalar: TensorScalar>(_ n: Int, using generator: inout SplitMix64) -> Tensor<Scalar> {
        // columns[c][r]: column c of the normal matrix (row-major draw order, as a matrix [n, n]).
        var draws = (0..<(n * n)).map { _ in generator.normal() }
        var columns = (0..<n).map { c in (0..<n).map { r in draws[r * n + c] } }
        for _ in 0..<2 {
            for c in 0..<n {
                for previous in 0..<c {
                    let projection = zip(columns[c], columns[previous]).reduce(0) { $0 + $1.0 * $1.1 }
                    for r in 0..<n { columns[c][r] -= projection * columns[previous][r] }
                }
                let norm = columns[c].reduce(0) { $0 + $1 * $1 }.squareRoot()
                for r in 0..<n { columns[c][r] /= norm }
            }
        }
        draws = (0..<(n * n)).map { columns[$0 % n][$0 / n] }
        return Tensor(shape: [n, n], scalars: draws.map { Scalar($0) })
    }
}
