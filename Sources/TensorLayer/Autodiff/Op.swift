/// The closed set of differentiable primitives.
///
/// Each primitive's forward rule (computing values) and backward rule (mapping the output's
/// cotangent to the inputs' cotangents) sit side by side below. Backward rules are written in
/// `Tensor` operations, never on raw storage, so they are themselves recorded in the graph when
/// their inputs are differentiable: that is what makes a gradient of a gradient work (a
/// look-ahead that differentiates through a gradient step).
@usableFromInline
enum Op: Sendable {
    case variable
    case add, subtract, multiply, divide
    case negate, exp, log, sigmoid, logSigmoid, tanh
    /// Batched matrix product over the last two axes.
    case matmul
    /// `op(A) op(B)` of two matrices, `op` transposing where its flag is set. The backward rules
    /// of products are written with it, so that large ones hand BLAS its transpose flags rather
    /// than materialising `B^T` and `A^T` (the transposes took 4% of the `dice-ipd-lola-update`
    /// benchmark).
    case matmulTransposing(left: Bool, right: Bool)
    /// Sums broadcast axes away until the shape is `target` (the adjoint of `broadcastTo`).
    case sumTo([Int])
    case broadcastTo([Int])
    case reshape([Int])
    /// Swaps the last two axes.
    case transpose
    case slice(axis: Int, range: Range<Int>)
    /// Embeds the input at `range` of `axis` in zeros of length `size` (the adjoint of `slice`).
    case pad(axis: Int, range: Range<Int>, size: Int)
    case concat(axis: Int)
    /// `solve(A, B)` is `X` with `A X = B`, batched over leading axes.
    case solve
    /// max(x, 0) elementwise.
    case relu
    /// `x - log(sum(exp(x)))` over the last axis.
    case logSoftmax
    /// For `[..., n]`, entry `indices[row]` of each row of the leading axes (shape `[...]`).
    case pick([Int])
    /// Each entry of `[...]` placed at `indices[row]` of a zero row of length `size` (the
    /// adjoint of `pick`).
    case place([Int], size: Int)
    /// Running sum along `axis` from its start: `y[t] = sum_{u <= t} x[u]`.
    case cumulativeSum(axis: Int)
    /// Running sum along `axis` to its end: `y[t] = sum_{u >= t} x[u]` (the adjoint of
    /// `cumulativeSum`).
    case reverseCumulativeSum(axis: Int)
    /// A Markov chain's discounted values, `p0^T (I - gamma P)^-1 r`, from its variables'
    /// logits (`BernoulliChain.swift`).
    case bernoulliChainValues(BernoulliChain)
    // Three kernels of backward passes over constants (a gradient without `createGraph`), made
    // primitives so that a trace records them; applied to constants only, never differentiated.

    /// The cotangents of every variable's logits, `[variables, batch, states]` (zeros where not
    /// `needed`), from the values' cotangent and the logits `[g, z_0, ...]`: the chain values'
    /// backward pass in one pass over the numbers.
    case bernoulliChainCotangents(BernoulliChain, needed: [Bool])
    /// `g sigmoid(-x)` of `[g, x]`, or `g o sigmoid(-x)` of `[g, o, x]`, in one pass: the sigmoid
    /// rules' cotangent (`SigmoidCotangent.swift`).
    case fusedSigmoidCotangent
    /// 1 where an entry is positive, else 0 (the derivative of `relu`).
    case positiveMask

    /// The values of this primitive applied to `x`.
    func forward<Scalar>(_ x: [Tensor<Scalar>]) -> (shape: [Int], scalars: [Scalar]) {
        switch self {
        case .variable: preconditionFailure("a variable has no forward rule")
        case .add: return zip(x) { $0 + $1 }
        case .subtract: return zip(x) { $0 - $1 }
        case .multiply: return zip(x) { $0 * $1 }
        case .divide: return zip(x) { $0 / $1 }
        case .negate: return (x[0].shape, Kernels.map(x[0].storage) { -$0 })
        case .exp: return (x[0].shape, Kernels.map(x[0].storage) { Scalar.exp($0) })
        case .log: return (x[0].shape, Kernels.map(x[0].storage) { Scalar.log($0) })
        case .sigmoid: return (x[0].shape, Kernels.map(x[0].storage, Scalar.sigmoid))
        case .logSigmoid: return (x[0].shape, Kernels.map(x[0].storage, Scalar.logSigmoid))
        case .tanh: return (x[0].shape, Kernels.map(x[0].storage) { Scalar.tanh($0) })
        case .matmul: return matmulForward(x[0], x[1])
        case .matmulTransposing(let left, let right): return matmulTransposingForward(x[0], x[1], left, right)
        case .sumTo(let target): return (target, Kernels.sum(x[0].storage, x[0].shape, to: target))
        case .broadcastTo(let target): return (target, Kernels.broadcast(x[0].storage, x[0].shape, to: target))
        case .reshape(let shape): return (shape, x[0].storage)
        case .transpose: return transposeForward(x[0])
        case .slice(let axis, let range): return sliceForward(x[0], axis: axis, range: range)
        case .pad(let axis, let range, let size): return padForward(x[0], axis: axis, range: range, size: size)
        case .concat(let axis): return concatForward(x, axis: axis)
        case .solve: return solveForward(x[0], x[1])
        case .relu: return (x[0].shape, Kernels.map(x[0].storage) { Swift.max($0, 0) })
        case .logSoftmax: return (x[0].shape, Kernels.logSoftmax(x[0].storage, rowLength: lastAxis(x[0].shape)))
        case .pick(let indices): return pickForward(x[0], indices)
        case .place(let indices, let size): return placeForward(x[0], indices, size: size)
        case .cumulativeSum(let axis): return cumulativeSumForward(x[0], axis: axis, reversed: false)
        case .reverseCumulativeSum(let axis): return cumulativeSumForward(x[0], axis: axis, reversed: true)
        case .bernoulliChainValues(let chain): return chain.values(x)
        case .bernoulliChainCotangents(let chain, let needed): return chain.fusedCotangents(x, needed: needed)
        case .fusedSigmoidCotangent: return sigmoidCotangentForward(x)
        case .positiveMask: return (x[0].shape, Kernels.map(x[0].storage) { $0 > 0 ? 1 : 0 })
        }
    }

    /// The cotangents of the inputs `x`, given the cotangent `g` of `output`; nil where
    /// `needed` is false (a constant input, or one that leads to no requested gradient).
    func backward<Scalar>(_ g: Tensor<Scalar>, _ x: [Tensor<Scalar>], _ output: Tensor<Scalar>, needed: InputMask)
        -> [Tensor<Scalar>?]
    {
        func first(_ rule: @autoclosure () -> Tensor<Scalar>) -> Tensor<Scalar>? { needed[0] ? rule() : nil }
        func second(_ rule: @autoclosure () -> Tensor<Scalar>) -> Tensor<Scalar>? { needed[1] ? rule() : nil }
        switch self {
        case .variable: return []
        case .add: return [first(g.summed(to: x[0].shape)), second(g.summed(to: x[1].shape))]
        case .subtract: return [first(g.summed(to: x[0].shape)), second((-g).summed(to: x[1].shape))]
        case .multiply: return [first((g * x[1]).summed(to: x[0].shape)), second((g * x[0]).summed(to: x[1].shape))]
        case .divide:
            return [first((g / x[1]).summed(to: x[0].shape)), second((-g * output / x[1]).summed(to: x[1].shape))]
        case .negate: return [-g]
        case .exp: return [g * output]
        case .log: return [g / x[0]]
        // d sigmoid(z) = sigmoid(z) sigmoid(-z) dz; sigmoid(-z) rather than 1 - sigmoid(z)
        // keeps the derivative accurate (and nonzero) where the sigmoid saturates.
        case .sigmoid: return [sigmoidCotangent(g, output: output, x[0])]
        // d log sigmoid(z) = sigmoid(-z) dz.
        case .logSigmoid: return [sigmoidCotangent(g, output: nil, x[0])]
        case .tanh: return [g * (1 - output * output)]
        case .matmul where x[0].shape.count == 2 && x[1].shape.count == 2:
            return [
                first(g.matmul(x[1], transposing: (false, true))), second(x[0].matmul(g, transposing: (true, false))),
            ]
        case .matmul:
            return [
                first(g.matmul(x[1].transposed()).summed(to: x[0].shape)),
                second(x[0].transposed().matmul(g).summed(to: x[1].shape)),
            ]
        // C = op(A) op(B); with <G, dC> moved onto dA and dB (k x m for a transposed A, n x k for
        // a transposed B): A B gives G B^T and A^T G; A B^T gives G B and G^T A; A^T B gives
        // B G^T and A G; A^T B^T gives B^T G^T and G^T A^T.
        case .matmulTransposing(let left, let right):
            let (a, b) = (x[0], x[1])
            switch (left, right) {
            case (false, false):
                return [
                    first(g.matmul(b, transposing: (false, true))), second(a.matmul(g, transposing: (true, false))),
                ]
            case (false, true):
                return [
                    first(g.matmul(b, transposing: (false, false))), second(g.matmul(a, transposing: (true, false))),
                ]
            case (true, false):
                return [
                    first(b.matmul(g, transposing: (false, true))), second(a.matmul(g, transposing: (false, false))),
                ]
            case (true, true):
                return [first(b.matmul(g, transposing: (true, true))), second(g.matmul(a, transposing: (true, true)))]
            }
        case .sumTo: return [g.broadcast(to: x[0].shape)]
        case .broadcastTo: return [g.summed(to: x[0].shape)]
        case .reshape: return [g.reshaped(x[0].shape)]
        case .transpose: return [g.transposed()]
        case .slice(let axis, let range): return [g.padded(axis: axis, range: range, size: x[0].shape[axis])]
        case .pad(let axis, let range, _): return [g.sliced(axis: axis, range)]
        case .concat(let axis): return concatBackward(g, x, axis: axis, needed: needed)
        // X = A^-1 B. dX = A^-1 (dB - dA X), so for a cotangent G of X:
        // <G, dX> = <A^-T G, dB> - <A^-T G X^T, dA>, giving gB = A^-T G and gA = -gB X^T.
        case .solve:
            let gB = x[0].transposed().solve(g)
            return [first(-(gB.matmul(output.transposed()))), gB]
        // The derivative of max(x, 0) is the constant step 1[x > 0] (its own derivative is 0
        // almost everywhere, so the mask needs no graph).
        case .relu: return [g * x[0].positiveMask()]
        // y = x - logsumexp(x) over the last axis, so dy_i = dx_i - sum_k softmax_k dx_k and the
        // cotangent is g - softmax * sum(g). softmax = exp(y) is read from the output, through
        // the graph, so the rule has its own derivative.
        case .logSoftmax:
            var rowShape = output.shape
            rowShape[rowShape.count - 1] = 1
            return [g - output.exp() * g.summed(to: rowShape)]
        case .pick(let indices): return [g.placing(indices, size: lastAxis(x[0].shape))]
        case .place(let indices, _): return [g.picking(indices)]
        // <g, cumsum(dx)> = sum_t g[t] sum_{u<=t} dx[u] = sum_u dx[u] sum_{t>=u} g[t].
        case .cumulativeSum(let axis): return [g.reverseCumulativeSum(axis: axis)]
        case .reverseCumulativeSum(let axis): return [g.cumulativeSum(axis: axis)]
        case .bernoulliChainValues(let chain): return chain.cotangents(g, x, needed: x.indices.map { needed[$0] })
        // Kernels that backward passes run on constants only, made primitives so that a trace
        // records them (`Trace`); their callers never give them a differentiable operand.
        case .bernoulliChainCotangents, .fusedSigmoidCotangent, .positiveMask:
            preconditionFailure("\(self) is applied to constants only")
        }
    }
}

// MARK: - Forward rules that need more than a one-line kernel call

private func zip<Scalar>(_ x: [Tensor<Scalar>], _ body: (Scalar, Scalar) -> Scalar) -> ([Int], [Scalar]) {
    guard let shape = Shape.broadcast(x[0].shape, x[1].shape) else {
        preconditionFailure("shapes \(x[0].shape) and \(x[1].shape) do not broadcast")
    }
    return (shape, Kernels.zip(x[0].storage, x[0].shape, x[1].storage, x[1].shape, to: shape, body))
}

/// Splits a shape of rank >= 2 into its batch count and its last two axes.
private func matrixBlocks(_ shape: [Int]) -> (batch: Int, rows: Int, cols: Int) {
    precondition(shape.count >= 2, "a matrix operand needs rank 2 or more, got \(shape)")
    return (Shape.count(shape, axes: 0..<(shape.count - 2)), shape[shape.count - 2], shape[shape.count - 1])
}

private func matmulForward<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> ([Int], [Scalar]) {
    let (ba, m, k) = matrixBlocks(a.shape)
    let (bb, k2, n) = matrixBlocks(b.shape)
    let leadA = a.shape.dropLast(2)
    let leadB = b.shape.dropLast(2)
    precondition(k == k2, "matmul of \(a.shape) and \(b.shape): inner sizes differ")
    // A plain matrix multiplies every block of a batched operand; two batches must match.
    precondition(
        leadA.isEmpty || leadB.isEmpty || leadA.elementsEqual(leadB), "matmul batch axes \(leadA) and \(leadB) differ")
    var shape = leadA.isEmpty ? b.shape : a.shape
    shape[shape.count - 2] = m
    shape[shape.count - 1] = n
    return (shape, Kernels.matmul(a.storage, b.storage, batchA: ba, batchB: bb, m: m, k: k, n: n))
}

private func matmulTransposingForward<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>, _ left: Bool, _ right: Bool)
    -> ([Int], [Scalar])
{
    precondition(a.shape.count == 2 && b.shape.count == 2, "matmul(transposing:) of \(a.shape) and \(b.shape)")
    let (m, k) = left ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = right ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    precondition(k == k2, "matmul(transposing:) of \(a.shape) and \(b.shape): inner sizes differ")
    return ([m, n], Kernels.matmul(a.storage, transposing: left, b.storage, transposing: right, m: m, k: k, n: n))
}

private func transposeForward<Scalar>(_ a: Tensor<Scalar>) -> ([Int], [Scalar]) {
    let (batch, rows, cols) = matrixBlocks(a.shape)
    var shape = a.shape
    shape.swapAt(shape.count - 1, shape.count - 2)
    return (shape, Kernels.transpose(a.storage, batch: batch, rows: rows, cols: cols))
}

/// Views `shape` as `[outer, length of axis, inner]`.
private func around(_ shape: [Int], axis: Int) -> (outer: Int, inner: Int) {
    (Shape.count(shape, axes: 0..<axis), Shape.count(shape, axes: (axis + 1)..<shape.count))
}

private func sliceForward<Scalar>(_ a: Tensor<Scalar>, axis: Int, range: Range<Int>) -> ([Int], [Scalar]) {
    let (outer, inner) = around(a.shape, axis: axis)
    let length = a.shape[axis]
    var shape = a.shape
    shape[axis] = range.count
    let block = range.count * inner
    let scalars = [Scalar].filled(count: outer * block) { out in
        for o in 0..<outer {
            Kernels.copy(
                a.storage, from: (o * length + range.lowerBound) * inner, into: out, at: o * block, count: block)
        }
    }
    return (shape, scalars)
}

private func padForward<Scalar>(_ a: Tensor<Scalar>, axis: Int, range: Range<Int>, size: Int) -> ([Int], [Scalar]) {
    let (outer, inner) = around(a.shape, axis: axis)
    var shape = a.shape
    shape[axis] = size
    let block = range.count * inner
    let scalars = [Scalar].zeros(count: outer * size * inner) { out in
        for o in 0..<outer {
            Kernels.copy(a.storage, from: o * block, into: out, at: (o * size + range.lowerBound) * inner, count: block)
        }
    }
    return (shape, scalars)
}

private func concatForward<Scalar>(_ x: [Tensor<Scalar>], axis: Int) -> ([Int], [Scalar]) {
    var shape = x[0].shape
    shape[axis] = x.reduce(0) { $0 + $1.shape[axis] }
    let (outer, inner) = around(shape, axis: axis)
    let scalars = [Scalar].filled(count: Shape.count(shape)) { out in
        var position = 0
        for o in 0..<outer {
            for t in x {
                let block = t.shape[axis] * inner
                Kernels.copy(t.storage, from: o * block, into: out, at: position, count: block)
                position += block
            }
        }
    }
    return (shape, scalars)
}

private func concatBackward<Scalar>(
    _ g: Tensor<Scalar>, _ x: [Tensor<Scalar>], axis: Int, needed: InputMask
) -> [Tensor<Scalar>?] {
    var start = 0
    return x.indices.map { k in
        defer { start += x[k].shape[axis] }
        return needed[k] ? g.sliced(axis: axis, start..<(start + x[k].shape[axis])) : nil
    }
}

private func lastAxis(_ shape: [Int]) -> Int {
    precondition(!shape.isEmpty, "an operation over the last axis needs rank 1 or more")
    return shape[shape.count - 1]
}

private func pickForward<Scalar>(_ a: Tensor<Scalar>, _ indices: [Int]) -> ([Int], [Scalar]) {
    let n = lastAxis(a.shape)
    precondition(indices.count * n == a.count, "picking \(indices.count) indices from rows of \(a.shape)")
    return (Array(a.shape.dropLast()), Kernels.pick(a.storage, indices, rowLength: n))
}

private func placeForward<Scalar>(_ a: Tensor<Scalar>, _ indices: [Int], size: Int) -> ([Int], [Scalar]) {
    precondition(indices.count == a.count, "placing \(a.shape) at \(indices.count) indices")
    return (a.shape + [size], Kernels.place(a.storage, indices, rowLength: size))
}

private func cumulativeSumForward<Scalar>(_ a: Tensor<Scalar>, axis: Int, reversed: Bool) -> ([Int], [Scalar]) {
    precondition(a.shape.indices.contains(axis), "running sum over axis \(axis) of \(a.shape)")
    let (outer, inner) = around(a.shape, axis: axis)
    return (
        a.shape,
        Kernels.cumulativeSum(a.storage, outer: outer, length: a.shape[axis], inner: inner, reversed: reversed)
    )
}

private func solveForward<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> ([Int], [Scalar]) {
    let (batch, n, n2) = matrixBlocks(a.shape)
    let (batchB, rows, k) = matrixBlocks(b.shape)
    precondition(n == n2 && rows == n && batch == batchB, "solve of \(a.shape) with \(b.shape)")
    return (b.shape, Kernels.solve(a.storage, b.storage, batch: batch, n: n, k: k))
}

private func sigmoidCotangentForward<Scalar>(_ x: [Tensor<Scalar>]) -> ([Int], [Scalar]) {
    precondition(
        (2...3).contains(x.count) && x.allSatisfy { $0.shape == x[0].shape },
        "sigmoid cotangent of \(x.map(\.shape))")
    let (gs, xs) = (x[0].storage, x[x.count - 1].storage)
    guard x.count == 3 else {
        return (
            x[0].shape,
            [Scalar].filled(count: xs.count) { out in
                for i in 0..<xs.count { out[i] = gs[i] * Scalar.sigmoid(-xs[i]) }
            }
        )
    }
    let os = x[1].storage
    return (
        x[0].shape,
        [Scalar].filled(count: xs.count) { out in
            for i in 0..<xs.count { out[i] = gs[i] * os[i] * Scalar.sigmoid(-xs[i]) }
        }
    )
}
