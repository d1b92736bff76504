import Dispatch
import Glibc

/// Bulk draws from a key, filled by one or more threads with the same bits: entry i of a draw
/// reads only counter i (a normal reads 2i and 2i + 1), so how the entries are shared among
/// threads cannot change them.
extension RandomKey {
    /// Uniform in [0, 1): the top 53 bits of `bits(at: i)` for `Double`, the top 24 for `Float`
    /// (so every value is exact in its type and 1 is never reached).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func uniforms<Scalar: TensorScalar>(_ shape: [Int], threads: Int = 1) -> Tensor<Scalar> {
        Tensor(shape: shape, scalars: fill(count: shape.reduce(1, *), threads: threads) { uniform(at: $0) })
    }

    /// Standard normals by the Box-Muller transform on counters 2i and 2i + 1, in `Double`
    /// before rounding to `Scalar`: `sqrt(-2 log(1 - u1)) cos(2 pi u2)`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func normals<Scalar: TensorScalar>(_ shape: [Int], threads: Int = 1) -> Tensor<Scalar> {
        Tensor(
            shape: shape,
            scalars: fill(count: shape.reduce(1, *), threads: threads) { i in
                let radius = sqrt(-2 * log(1 - uniformDouble(at: 2 * i)))
                return Scalar(radius * cos(2 * Double.pi * uniformDouble(at: 2 * i + 1)))
            })
    }

    /// One sample per row of `logits` (shape `[..., n]`) from the softmax over its last axis,
    /// by inverting the row's cumulative distribution at the uniform of counter `row`. The
    /// probabilities are formed in `Double` with the row maximum subtracted, so large logits
    /// neither overflow nor lose the small probabilities.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func categorical<Scalar: TensorScalar>(logits: Tensor<Scalar>, threads: Int = 1) -> [Int] {
        guard let n = logits.shape.last, n > 0 else { preconditionFailure("categorical of \(logits.shape)") }
        let values = logits.scalars
        let samples = fill(count: logits.count / n, threads: threads) { row in
            Double(RandomKey.sample(values, row: (row * n)..<((row + 1) * n), uniform: uniformDouble(at: row)))
        }
        return samples.map { Int($0) }
    }

    private static func sample<Scalar: TensorScalar>(_ values: [Scalar], row: Range<Int>, uniform u: Double) -> Int {
        var peak = -Double.infinity
        for i in row { peak = Swift.max(peak, Double(values[i])) }
        var total = 0.0
        for i in row { total += Glibc.exp(Double(values[i]) - peak) }
        var remaining = u * total
        // Rounding can leave a sliver of `remaining` past the last weight: it belongs to the
        // last action with any weight.
        var lastWeighted = 0
        for i in row {
            let weight = Glibc.exp(Double(values[i]) - peak)
            if weight > 0 { lastWeighted = i - row.lowerBound }
            remaining -= weight
            if remaining < 0 { return i - row.lowerBound }
        }
        return lastWeighted
    }

    private func uniform<Scalar: TensorScalar>(at i: Int) -> Scalar {
        let significand = Scalar.significandBitCount + 1
        return Scalar(bits(at: UInt64(i)) >> UInt64(64 - significand)) / Scalar(UInt64(1) << UInt64(significand))
    }

    private func uniformDouble(at i: Int) -> Double {
        Double(bits(at: UInt64(i)) >> 11) * 0x1p-53
    }

    /// `count` values `value(i)`, the index range cut into `threads` contiguous parts.
    private func fill<Scalar: TensorScalar>(count: Int, threads: Int, _ value: @Sendable (Int) -> Scalar) -> [Scalar] {
        precondition(threads >= 1, "a thread count of \(threads)")
        var out = Scalar.array(repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { out in
            let parts = Swift.min(threads, Swift.max(count, 1))
            let buffer = UnsafeMutableSendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for i in (part * count / parts)..<((part + 1) * count / parts) { buffer.base[i] = value(i) }
            }
        }
        return out
    }
}

/// A buffer written by several threads at disjoint indices (`RandomKey.fill`).
private struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element>
    init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
}
