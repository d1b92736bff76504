import TensorLayer

/// The few operations the sampled half needs beyond today's primitives, composed from them.
///
/// NB: the tensor layer's own primitives (`relu()`, `logSoftmax()`, `picking(_:)`,
/// `cumulativeSum(axis:)`) are being added on another branch; these composites carry other
/// names so the two never clash, and are replaced by the primitives once those are merged.
/// Each composite is exact, first and second order, because it is built only from
/// differentiable primitives and constants.
extension Tensor {
    /// max(x, 0) as `x * mask` with a constant 0/1 mask: derivative 1 where x > 0, else 0, and a
    /// second derivative of 0, as for the primitive.
    func rectified() -> Tensor {
        let mask = Tensor(shape: shape, scalars: scalars.map { $0 > 0 ? 1 : 0 })
        return self * mask
    }

    /// log softmax over the last axis: `x - m - log(sum(exp(x - m)))` with `m` the row maximum
    /// held constant. log-sum-exp is invariant to the shift, so treating `m` as a constant
    /// leaves every derivative unchanged while keeping `exp` from overflowing.
    func logSoftmaxOverLastAxis() -> Tensor {
        let width = shape[rank - 1]
        let rows = count / Swift.max(width, 1)
        var maxima = [Scalar](repeating: 0, count: rows)
        for row in 0..<rows {
            maxima[row] = (0..<width).map { scalars[row * width + $0] }.max() ?? 0
        }
        var kept = shape
        kept[rank - 1] = 1
        let shifted = self - Tensor(shape: kept, scalars: maxima)
        return shifted - shifted.exp().summed(to: kept).log()
    }

    /// For `x` of shape `[..., n]`, the entries `x[row, indices[row]]` (shape `[...]`), as a sum
    /// against a constant one-hot mask.
    func picked(_ indices: [Int]) -> Tensor {
        let width = shape[rank - 1]
        precondition(indices.count * width == count, "one index per row of \(shape), got \(indices.count)")
        var mask = [Scalar](repeating: 0, count: count)
        for (row, index) in indices.enumerated() { mask[row * width + index] = 1 }
        return (self * Tensor(shape: shape, scalars: mask)).sum(axis: rank - 1)
    }

    /// The running sum over axis 0 of a `[T, ...]` tensor, `y[t] = sum_{u <= t} x[u]`, as the
    /// product with a constant lower-triangular matrix of ones.
    func runningSumOverTime() -> Tensor {
        let steps = shape[0]
        var ones = [Scalar](repeating: 0, count: steps * steps)
        for t in 0..<steps { for u in 0...t { ones[t * steps + u] = 1 } }
        let flat = reshaped([steps, count / Swift.max(steps, 1)])
        return Tensor(shape: [steps, steps], scalars: ones).matmul(flat).reshaped(shape)
    }
}
