/// Shape arithmetic shared by the kernels: element counts, row-major strides, broadcasting.
///
/// Broadcasting follows NumPy: shapes are aligned on their trailing axes and an axis of size 1
/// stretches to the other operand's size.
@usableFromInline
enum Shape {
    @inlinable static func count(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// The number of elements spanned by `axes` of `shape`, without building the sub-shape (an
    /// array per call: the matrix and slice rules ask for this on every operation).
    static func count(_ shape: [Int], axes: Range<Int>) -> Int {
        var count = 1
        for axis in axes { count *= shape[axis] }
        return count
    }

    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int].repeated(1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// The common shape of two broadcast operands, or nil when they do not broadcast.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        // Most operands agree, or one is a scalar: share the other's array rather than build a
        // new one (an allocation per elementwise operation otherwise).
        if a == b || b.isEmpty { return a }
        if a.isEmpty { return b }
        let rank = max(a.count, b.count)
        var result = [Int].repeated(1, count: rank)
        for axis in 0..<rank {
            let da = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let db = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            if da == db || db == 1 {
                result[axis] = da
            } else if da == 1 {
                result[axis] = db
            } else {
                return nil
            }
        }
        return result
    }

    /// Strides with which an operand of `shape` is read when broadcast to `target`
    /// (0 on every stretched or missing axis).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            guard axis >= offset else { return 0 }
            return shape[axis - offset] == 1 && target[axis] != 1 ? 0 : own[axis - offset]
        }
    }

    /// Whether `small`, leading axes of size 1 aside, is the trailing axes of `shape`: then it
    /// broadcasts to `shape` by repeating it whole, row after row.
    static func isTrailing(_ small: [Int], of shape: [Int]) -> Bool {
        let axes = Array(small.drop { $0 == 1 })
        return axes.count <= shape.count && Array(shape.suffix(axes.count)) == axes
    }
}
