/// The differentiable operations on tensors. Each records its primitive in the graph when an
/// operand is differentiable; the rules themselves live in `Op`.
extension Tensor {
    static func apply(_ op: Op, _ inputs: [Tensor]) -> Tensor {
        let (shape, scalars) = op.forward(inputs)
        let differentiable = inputs.contains { $0.node != nil }
        return Tensor(shape: shape, scalars: scalars, node: differentiable ? Node(op: op, inputs: inputs) : nil)
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { apply(.add, [a, b]) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { apply(.subtract, [a, b]) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { apply(.multiply, [a, b]) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { apply(.divide, [a, b]) }
    public static prefix func - (a: Tensor) -> Tensor { apply(.negate, [a]) }

    public static func + (a: Tensor, b: Double) -> Tensor { a + Tensor(b) }
    public static func + (a: Double, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Double) -> Tensor { a - Tensor(b) }
    public static func - (a: Double, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Tensor, b: Double) -> Tensor { a * Tensor(b) }
    public static func * (a: Double, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Tensor, b: Double) -> Tensor { a / Tensor(b) }

    public func exp() -> Tensor { Tensor.apply(.exp, [self]) }
    public func log() -> Tensor { Tensor.apply(.log, [self]) }
    public func sigmoid() -> Tensor { Tensor.apply(.sigmoid, [self]) }
    /// log(sigmoid(x)), finite for every finite x.
    public func logSigmoid() -> Tensor { Tensor.apply(.logSigmoid, [self]) }
    public func tanh() -> Tensor { Tensor.apply(.tanh, [self]) }

    /// Matrix product over the last two axes; a rank-2 operand multiplies every block of the other.
    public func matmul(_ other: Tensor) -> Tensor { Tensor.apply(.matmul, [self, other]) }

    /// Swaps the last two axes.
    public func transposed() -> Tensor { Tensor.apply(.transpose, [self]) }

    public func reshaped(_ shape: [Int]) -> Tensor {
        shape == self.shape ? self : Tensor.apply(.reshape([Int](shape)), [self])
    }

    /// Sums broadcast axes away until the shape is `target` (which must broadcast to this shape).
    public func summed(to target: [Int]) -> Tensor {
        target == shape ? self : Tensor.apply(.sumTo(target), [self])
    }

    /// Repeats along axes of size 1 (and new leading axes) until the shape is `target`.
    public func broadcast(to target: [Int]) -> Tensor {
        target == shape ? self : Tensor.apply(.broadcastTo(target), [self])
    }

    /// The sum of all elements, as a rank-0 tensor.
    public func sum() -> Tensor { summed(to: []) }

    /// Sums over `axis`, removing it.
    public func sum(axis: Int) -> Tensor {
        var kept = shape
        kept[axis] = 1
        var removed = shape
        removed.remove(at: axis)
        return summed(to: kept).reshaped(removed)
    }

    public func mean() -> Tensor { sum() / Double(Swift.max(count, 1)) }

    public func mean(axis: Int) -> Tensor { sum(axis: axis) / Double(shape[axis]) }

    /// The entries `range` along `axis`.
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        range == 0..<shape[axis] ? self : Tensor.apply(.slice(axis: axis, range: range), [self])
    }

    /// Entry `index` along `axis`, with that axis removed.
    public func indexed(axis: Int, _ index: Int) -> Tensor {
        var removed = shape
        removed.remove(at: axis)
        return sliced(axis: axis, index..<(index + 1)).reshaped(removed)
    }

    func padded(axis: Int, range: Range<Int>, size: Int) -> Tensor {
        Tensor.apply(.pad(axis: axis, range: range, size: size), [self])
    }

    /// Joins tensors along `axis`; all other axes must agree.
    public static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate of nothing")
        return parts.count == 1 ? parts[0] : apply(.concat(axis: axis), parts)
    }

    /// Solves `self · X = b` for `X`, batched over leading axes.
    public func solve(_ b: Tensor) -> Tensor { Tensor.apply(.solve, [self, b]) }
}
