/// The differentiable operations on tensors. Each records its primitive in the graph when an
/// operand is differentiable; the rules themselves live in `Op`.
///
/// The operations are `@inlinable` so that a caller in another module (the Runtime) compiles
/// them for its concrete element type; left generic there, every call built its operand array
/// and ranges through the runtime's metadata lookups (8% more instructions in `fig3-pola-tabular`).
extension Tensor {
    /// Every operation funnels through here, so this is where the generic code meets the two
    /// element types: `@_specialize` compiles a `Double` and a `Float` copy of the forward
    /// rules and kernels below it, and a call from another module (which sees only the generic
    /// entry) jumps to the matching copy after one type check.
    @usableFromInline
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func apply(_ op: Op, _ inputs: [Tensor]) -> Tensor {
        let (shape, scalars) = op.forward(inputs)
        let differentiable = inputs.contains { $0.node != nil }
        let output = Tensor(shape: shape, storage: scalars, node: differentiable ? Node(op: op, inputs: inputs) : nil)
        if let listener = RecordingContext.current { record(op, inputs, output, to: listener) }
        return output
    }

    /// Hands a primitive to the trace recording on this thread (see `Trace`).
    private static func record(_ op: Op, _ inputs: [Tensor], _ output: Tensor, to listener: RecordingListener) {
        if let recorder = listener as? Recorder<Scalar> {
            recorder.record(op, inputs, output)
        } else {
            listener.poison("a primitive of another element type ran (\(Scalar.self))")
        }
    }

    @inlinable public static func + (a: Tensor, b: Tensor) -> Tensor { apply(.add, [a, b]) }
    @inlinable public static func - (a: Tensor, b: Tensor) -> Tensor { apply(.subtract, [a, b]) }
    @inlinable public static func * (a: Tensor, b: Tensor) -> Tensor { apply(.multiply, [a, b]) }
    @inlinable public static func / (a: Tensor, b: Tensor) -> Tensor { apply(.divide, [a, b]) }
    @inlinable public static prefix func - (a: Tensor) -> Tensor { apply(.negate, [a]) }

    @inlinable public static func + (a: Tensor, b: Scalar) -> Tensor { a + Tensor(b) }
    @inlinable public static func + (a: Scalar, b: Tensor) -> Tensor { Tensor(a) + b }
    @inlinable public static func - (a: Tensor, b: Scalar) -> Tensor { a - Tensor(b) }
    @inlinable public static func - (a: Scalar, b: Tensor) -> Tensor { Tensor(a) - b }
    @inlinable public static func * (a: Tensor, b: Scalar) -> Tensor { a * Tensor(b) }
    @inlinable public static func * (a: Scalar, b: Tensor) -> Tensor { Tensor(a) * b }
    @inlinable public static func / (a: Tensor, b: Scalar) -> Tensor { a / Tensor(b) }

    @inlinable public func exp() -> Tensor { Tensor.apply(.exp, [self]) }
    @inlinable public func log() -> Tensor { Tensor.apply(.log, [self]) }
    @inlinable public func sigmoid() -> Tensor { Tensor.apply(.sigmoid, [self]) }
    /// log(sigmoid(x)), finite for every finite x.
    @inlinable public func logSigmoid() -> Tensor { Tensor.apply(.logSigmoid, [self]) }
    @inlinable public func tanh() -> Tensor { Tensor.apply(.tanh, [self]) }

    /// Matrix product over the last two axes; a rank-2 operand multiplies every block of the other.
    @inlinable public func matmul(_ other: Tensor) -> Tensor { Tensor.apply(.matmul, [self, other]) }

    /// `op(self) op(other)` of two matrices, `op` transposing where `transposing` says (left for
    /// `self`, right for `other`), without materialising the transposes when BLAS multiplies.
    @inlinable public func matmul(_ other: Tensor, transposing: (left: Bool, right: Bool)) -> Tensor {
        Tensor.apply(.matmulTransposing(left: transposing.left, right: transposing.right), [self, other])
    }

    /// Swaps the last two axes.
    ///
    /// When either of them has length 1 the row-major order of the entries does not change, so
    /// this is a reshape: no copy, and its backward rule is a reshape too (the composed chain
    /// values transpose `[batch, 1, states]` rows to columns and back every call; 4.8% of the
    /// instructions of `fig3-pola-tabular` went to such copies).
    @inlinable public func transposed() -> Tensor {
        precondition(rank >= 2, "a transpose needs rank 2 or more, got \(shape)")
        guard shape[rank - 1] == 1 || shape[rank - 2] == 1 else { return Tensor.apply(.transpose, [self]) }
        var swapped = shape
        swapped.swapAt(rank - 1, rank - 2)
        return reshaped(swapped)
    }

    @inlinable public func reshaped(_ shape: [Int]) -> Tensor {
        shape == self.shape ? self : Tensor.apply(.reshape([Int](shape)), [self])
    }

    /// Sums broadcast axes away until the shape is `target` (which must broadcast to this shape).
    @inlinable public func summed(to target: [Int]) -> Tensor {
        target == shape ? self : Tensor.apply(.sumTo(target), [self])
    }

    /// Repeats along axes of size 1 (and new leading axes) until the shape is `target`.
    @inlinable public func broadcast(to target: [Int]) -> Tensor {
        target == shape ? self : Tensor.apply(.broadcastTo(target), [self])
    }

    /// The sum of all elements, as a rank-0 tensor.
    @inlinable public func sum() -> Tensor { summed(to: []) }

    /// Sums over `axis`, removing it.
    @inlinable public func sum(axis: Int) -> Tensor {
        var kept = shape
        kept[axis] = 1
        var removed = shape
        removed.remove(at: axis)
        return summed(to: kept).reshaped(removed)
    }

    @inlinable public func mean() -> Tensor { sum() / Scalar(Swift.max(count, 1)) }

    @inlinable public func mean(axis: Int) -> Tensor { sum(axis: axis) / Scalar(shape[axis]) }

    /// The entries `range` along `axis`.
    @inlinable public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        range == 0..<shape[axis] ? self : Tensor.apply(.slice(axis: axis, range: range), [self])
    }

    /// Entry `index` along `axis`, with that axis removed.
    @inlinable public func indexed(axis: Int, _ index: Int) -> Tensor {
        var removed = shape
        removed.remove(at: axis)
        return sliced(axis: axis, index..<(index + 1)).reshaped(removed)
    }

    @inlinable func padded(axis: Int, range: Range<Int>, size: Int) -> Tensor {
        Tensor.apply(.pad(axis: axis, range: range, size: size), [self])
    }

    /// Joins tensors along `axis`; all other axes must agree.
    @inlinable public static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate of nothing")
        return parts.count == 1 ? parts[0] : apply(.concat(axis: axis), parts)
    }

    /// Solves `self · X = b` for `X`, batched over leading axes.
    @inlinable public func solve(_ b: Tensor) -> Tensor { Tensor.apply(.solve, [self, b]) }

    /// max(x, 0) elementwise.
    @inlinable public func relu() -> Tensor { Tensor.apply(.relu, [self]) }

    /// Log-probabilities of the softmax over the last axis, computed stably (see
    /// `Kernels.logSoftmax`): `x - log(sum(exp(x)))` row by row.
    @inlinable public func logSoftmax() -> Tensor { Tensor.apply(.logSoftmax, [self]) }

    /// Probabilities over the last axis: `exp(logSoftmax())`.
    @inlinable public func softmax() -> Tensor { logSoftmax().exp() }

    /// For a tensor of shape `[..., n]`, the entry `indices[row]` of every row of the leading
    /// axes (in row-major order), shape `[...]`: the taken action's log-probability.
    ///
    ///     Tensor<Double>(rows: [[1, 2], [3, 4]]).picking([1, 0])   // [2, 3]
    @inlinable public func picking(_ indices: [Int]) -> Tensor { Tensor.apply(.pick(indices), [self]) }

    /// Rows of `size` zeros with this tensor's entry `r` at `indices[r]` of row `r`, shape
    /// `shape + [size]` (the adjoint of `picking`: a one-hot scatter).
    @inlinable public func placing(_ indices: [Int], size: Int) -> Tensor {
        Tensor.apply(.place(indices, size: size), [self])
    }

    /// Running sums along `axis`: entry t is the sum of entries 0...t.
    @inlinable public func cumulativeSum(axis: Int) -> Tensor { Tensor.apply(.cumulativeSum(axis: axis), [self]) }

    /// Running sums along `axis` to its end: entry t is the sum of entries t..<length
    /// (discounted returns, with the discount folded into the entries).
    @inlinable public func reverseCumulativeSum(axis: Int) -> Tensor {
        Tensor.apply(.reverseCumulativeSum(axis: axis), [self])
    }

    /// 1 where an entry is positive, else 0: a constant (the derivative of `relu`).
    func positiveMask() -> Tensor { Tensor.apply(.positiveMask, [detached()]) }
}
