import TensorLayer

/// One vector over every agent's parameters at once, `parts[agent][tensor]`, each tensor
/// `[runs, ...]`: the space the game's simultaneous gradient `xi = (grad_1 L_1, ..., grad_n L_n)`
/// and the adjustments of Letcher et al. (2019) live in. Runs are independent games, so inner
/// products and norms are per run.
struct JointVector {
    var parts: [[Tensor<Double>]]

    var runs: Int { parts[0][0].shape[0] }

    /// Entries per run (the paper's `d`, the total number of parameters).
    var dimension: Int { parts.joined().reduce(0) { $0 + $1.count } / runs }

    static func + (a: JointVector, b: JointVector) -> JointVector { a.combined(with: b, +) }
    static func - (a: JointVector, b: JointVector) -> JointVector { a.combined(with: b, -) }
    static func * (c: Double, v: JointVector) -> JointVector { v.mapped { c * $0 } }

    /// Run r's part times `coefficients[r]`: the rules whose coefficient depends on the run's
    /// own inner products (SOS's `p`, SGA's sign).
    func scaled(perRun coefficients: [Double]) -> JointVector {
        mapped { t in
            let shape = [runs] + [Int](repeating: 1, count: t.shape.count - 1)
            return t * Tensor(shape: shape, scalars: coefficients)
        }
    }

    /// `<self, other>` for every run.
    func dot(_ other: JointVector) -> [Double] {
        var sums = [Double](repeating: 0, count: runs)
        for (a, b) in zip(parts.joined(), other.parts.joined()) {
            let (x, y) = (a.scalars, b.scalars)
            let width = x.count / runs
            for run in 0..<runs {
                for k in (run * width)..<((run + 1) * width) { sums[run] += x[k] * y[k] }
            }
        }
        return sums
    }

    /// `|self|^2` for every run.
    var squaredNorms: [Double] { dot(self) }

    /// `[runs, dimension]`: run r's entries in a row, agent by agent, tensor by tensor.
    func flattened() -> Tensor<Double> {
        Tensor.concatenate(parts.joined().map { $0.reshaped([runs, $0.count / runs]) }, axis: 1)
    }

    /// A vector shaped like `self` holding `rows` (`[runs, dimension]`, as `flattened` lays out).
    func unflattening(_ rows: Tensor<Double>) -> JointVector {
        var start = 0
        return mapped { t in
            let width = t.count / runs
            defer { start += width }
            return rows.sliced(axis: 1, start..<(start + width)).reshaped(t.shape)
        }
    }

    /// The vector with 1 at entry `index` of every run's flattened row and 0 elsewhere.
    func unit(_ index: Int) -> JointVector {
        let width = dimension
        var scalars = [Double](repeating: 0, count: runs * width)
        for run in 0..<runs { scalars[run * width + index] = 1 }
        return unflattening(Tensor(shape: [runs, width], scalars: scalars))
    }

    func detached() -> JointVector { mapped { $0.detached() } }

    private func mapped(_ transform: (Tensor<Double>) -> Tensor<Double>) -> JointVector {
        JointVector(parts: parts.map { $0.map(transform) })
    }

    private func combined(
        with other: JointVector, _ operation: (Tensor<Double>, Tensor<Double>) -> Tensor<Double>
    ) -> JointVector {
        JointVector(parts: zip(parts, other.parts).map { zip($0, $1).map(operation) })
    }
}
