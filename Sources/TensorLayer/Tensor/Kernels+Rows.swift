/// Kernels for the sampled half's row-wise operations: log-softmax over the last axis, picking
/// and placing one entry per row, running sums along an axis.
extension Kernels {
    /// `x - max - log(sum(exp(x - max)))` for each row of `rowLength` entries.
    ///
    /// Subtracting the row's maximum first keeps every exponential in (0, 1], so a logit of
    /// 1000 neither overflows nor turns the row into NaN, and the largest entry's term is
    /// exactly 1, so the sum is at least 1 and its log never underflows. `(x - max) - log(sum)`
    /// rather than `x - (max + log(sum))`: for logits of 1000 in `Float` the latter rounds
    /// `max + log 2` to the spacing of 1000 (6e-5) and the probabilities of a tie miss 1/2.
    static func logSoftmax<Scalar: TensorScalar>(_ a: [Scalar], rowLength n: Int) -> [Scalar] {
        [Scalar].filled(count: a.count) { out in
            for row in stride(from: 0, to: a.count, by: Swift.max(n, 1)) {
                var peak = -Scalar.infinity
                for i in row..<(row + n) { peak = Swift.max(peak, a[i]) }
                var total: Scalar = 0
                for i in row..<(row + n) { total += Scalar.exp(a[i] - peak) }
                let logTotal = Scalar.log(total)
                for i in row..<(row + n) { out[i] = (a[i] - peak) - logTotal }
            }
        }
    }

    /// Entry `indices[r]` of row `r`, for rows of `rowLength`.
    static func pick<Scalar: TensorScalar>(_ a: [Scalar], _ indices: [Int], rowLength n: Int) -> [Scalar] {
        [Scalar].filled(count: indices.count) { out in
            for (row, index) in indices.enumerated() {
                precondition(0 <= index && index < n, "index \(index) outside a row of \(n)")
                out[row] = a[row * n + index]
            }
        }
    }

    /// Zero rows of `rowLength` with `a[r]` at `indices[r]` of row `r`.
    static func place<Scalar: TensorScalar>(_ a: [Scalar], _ indices: [Int], rowLength n: Int) -> [Scalar] {
        [Scalar].zeros(count: indices.count * n) { out in
            for (row, index) in indices.enumerated() {
                precondition(0 <= index && index < n, "index \(index) outside a row of \(n)")
                out[row * n + index] = a[row]
            }
        }
    }

    /// Running sums along the middle axis of `[outer, length, inner]`, from its start or (when
    /// `reversed`) from its end.
    static func cumulativeSum<Scalar: TensorScalar>(
        _ a: [Scalar], outer: Int, length: Int, inner: Int, reversed: Bool
    ) -> [Scalar] {
        [Scalar].filled(count: a.count) { out in
            let steps = reversed ? Array((0..<length).reversed()) : Array(0..<length)
            for o in 0..<outer {
                for (k, t) in steps.enumerated() {
                    let base = (o * length + t) * inner
                    guard k > 0 else {
                        for i in 0..<inner { out[base + i] = a[base + i] }
                        continue
                    }
                    let previous = (o * length + steps[k - 1]) * inner
                    for i in 0..<inner { out[base + i] = out[previous + i] + a[base + i] }
                }
            }
        }
    }
}
