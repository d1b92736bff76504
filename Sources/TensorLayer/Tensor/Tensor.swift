/// A dense row-major tensor of real numbers that can take part in automatic differentiation.
///
/// `Tensor` is a value: its shape and storage never change after creation. A tensor made by
/// `variable(_:)`, or computed from one, carries a node of the differentiation graph, so that
/// `gradients(of:at:)` can walk back to its inputs; a constant carries none and costs nothing.
///
/// The element type is a parameter: `Tensor<Double>` for exact values, `Tensor<Float>` for
/// sampled ones. The storage itself stays inside this type; callers read elements through
/// `scalars`, `item` and the subscript, and build tensors through the initialisers.
///
///     let x = Tensor.variable(Tensor<Double>([0.5, -1.0]))
///     let y = (x * x).sum()
///     let g = gradients(of: y, at: [x])[0]   // [1.0, -2.0]
public struct Tensor<Scalar: TensorScalar>: Sendable {
    public let shape: [Int]
    /// Row-major elements; `shape.reduce(1, *)` of them. Written only by `accumulate`, on a
    /// backward pass's own copy (copy-on-write keeps every other holder's values).
    @usableFromInline var storage: [Scalar]
    /// The graph node that produced this tensor, nil for constants.
    @usableFromInline let node: Node<Scalar>?

    @inlinable init(shape: [Int], storage: [Scalar], node: Node<Scalar>?) {
        precondition(Shape.count(shape) == storage.count, "shape \(shape) does not hold \(storage.count) scalars")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    @inlinable public init(shape: [Int], scalars: [Scalar]) {
        self.init(shape: shape, storage: scalars, node: nil)
    }

    /// A vector.
    @inlinable public init(_ scalars: [Scalar]) {
        self.init(shape: [scalars.count], storage: scalars, node: nil)
    }

    /// A rank-0 tensor.
    @inlinable public init(_ scalar: Scalar) {
        self.init(shape: [], storage: [scalar], node: nil)
    }

    /// A matrix from its rows, which must all have the same length.
    @inlinable public init(rows: [[Scalar]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "ragged rows")
        self.init(shape: [rows.count, width], storage: rows.flatMap { $0 }, node: nil)
    }

    /// The same values in another element type (a constant: conversion is not differentiated).
    @inlinable public init<Other: TensorScalar>(converting other: Tensor<Other>) {
        self.init(shape: other.shape, storage: other.scalars.map { Scalar($0) }, node: nil)
    }

    @inlinable public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: Scalar.array(repeating: 0, count: Shape.count(shape)), node: nil)
    }

    @inlinable public static func ones(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: Scalar.array(repeating: 1, count: Shape.count(shape)), node: nil)
    }

    /// The identity matrix of size `n`.
    @inlinable public static func identity(_ n: Int) -> Tensor {
        var scalars = Scalar.array(repeating: 0, count: n * n)
        for i in 0..<n { scalars[i * n + i] = 1 }
        return Tensor(shape: [n, n], storage: scalars, node: nil)
    }

    /// A fresh leaf of the differentiation graph holding the values of `value`.
    @inlinable public static func variable(_ value: Tensor) -> Tensor {
        Tensor(shape: value.shape, storage: value.storage, node: Node(op: .variable, inputs: []))
    }

    /// The same values with no path back to any variable (stops gradients).
    @inlinable public func detached() -> Tensor {
        node == nil ? self : Tensor(shape: shape, storage: storage, node: nil)
    }

    /// True when gradients can flow from this tensor back to a variable.
    @inlinable public var isDifferentiable: Bool { node != nil }

    @inlinable public var rank: Int { shape.count }
    @inlinable public var count: Int { storage.count }

    // Every read of the numbers below is reported to a trace recording on this thread, if any:
    // Swift code that reads them can build tensors a recording would freeze (`Trace`).

    /// Every element in row-major order (a copy-on-write view: no copy unless written to).
    @inlinable public var scalars: [Scalar] {
        RecordingContext.noteRead(storage)
        return storage
    }

    /// Element `index` in row-major order.
    @inlinable public subscript(flat index: Int) -> Scalar { scalars[index] }

    /// The single element of a tensor with one element.
    @inlinable public var item: Scalar {
        precondition(storage.count == 1, "item of a tensor of shape \(shape)")
        return scalars[0]
    }

    @inlinable public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }
}
