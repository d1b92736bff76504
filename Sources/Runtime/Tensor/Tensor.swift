/// A dense row-major tensor of real numbers that can take part in automatic differentiation.
///
/// `Tensor` is a value: its shape and storage never change after creation. A tensor made by
/// `variable(_:)`, or computed from one, carries a node of the differentiation graph, so that
/// `gradients(of:at:)` can walk back to its inputs; a constant carries none and costs nothing.
///
/// The element type is private to this type (`Double` today): callers read numbers through
/// `scalars` and `item`, so a `Float` storage can join later without touching them.
///
///     let x = Tensor.variable(Tensor([0.5, -1.0]))
///     let y = (x * x).sum()
///     let g = gradients(of: y, at: [x])[0]   // [1.0, -2.0]
public struct Tensor: Sendable {
    public let shape: [Int]
    /// Row-major elements; `shape.reduce(1, *)` of them.
    public let scalars: [Double]
    /// The graph node that produced this tensor, nil for constants.
    let node: Node?

    init(shape: [Int], scalars: [Double], node: Node?) {
        precondition(Shape.count(shape) == scalars.count, "shape \(shape) does not hold \(scalars.count) scalars")
        self.shape = shape
        self.scalars = scalars
        self.node = node
    }

    public init(shape: [Int], scalars: [Double]) {
        self.init(shape: shape, scalars: scalars, node: nil)
    }

    /// A vector.
    public init(_ scalars: [Double]) {
        self.init(shape: [scalars.count], scalars: scalars, node: nil)
    }

    /// A rank-0 tensor.
    public init(_ scalar: Double) {
        self.init(shape: [], scalars: [scalar], node: nil)
    }

    /// A matrix from its rows, which must all have the same length.
    public init(rows: [[Double]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "ragged rows")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 }, node: nil)
    }

    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: [Double].repeated(0, count: Shape.count(shape)))
    }

    public static func ones(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: [Double].repeated(1, count: Shape.count(shape)))
    }

    /// The identity matrix of size `n`.
    public static func identity(_ n: Int) -> Tensor {
        var scalars = [Double].repeated(0, count: n * n)
        for i in 0..<n { scalars[i * n + i] = 1 }
        return Tensor(shape: [n, n], scalars: scalars)
    }

    /// A fresh leaf of the differentiation graph holding the values of `value`.
    public static func variable(_ value: Tensor) -> Tensor {
        Tensor(shape: value.shape, scalars: value.scalars, node: Node(op: .variable, inputs: []))
    }

    /// The same values with no path back to any variable (stops gradients).
    public func detached() -> Tensor {
        node == nil ? self : Tensor(shape: shape, scalars: scalars)
    }

    /// True when gradients can flow from this tensor back to a variable.
    public var isDifferentiable: Bool { node != nil }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The single element of a tensor with one element.
    public var item: Double {
        precondition(scalars.count == 1, "item of a tensor of shape \(shape)")
        return scalars[0]
    }

    public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }
}
