/// New arrays for the kernels and the graph, allocated through the specialised path.
///
/// Why not `Array(repeating:count:)` or `Array(unsafeUninitializedCapacity:)`: on Linux both
/// reach the standard library's unspecialised allocator, which looks up the storage class's
/// generic metadata on every call: about 800 instructions per small array under callgrind,
/// where the arithmetic on it costs tens. Reserving capacity in an empty array is specialised
/// by the compiler and skips the lookup (5% fewer instructions in `fig3-pola-tabular`).
///
/// Arrays of a generic element type allocated inside code specialised for `Double` still went
/// through the runtime's prespecialized-metadata lookup on every allocation (8% more
/// instructions in `fig3-pola-tabular` than the same code written for `Double` alone). So numbers are
/// allocated by `TensorScalar.array(repeating:count:)`, which each element type implements in
/// concrete, non-generic code where the metadata is a cached constant.
extension Array {
    /// `count` copies of `value` (for index and bookkeeping arrays; numbers go through
    /// `TensorScalar.array(repeating:count:)`).
    static func repeated(_ value: Element, count: Int) -> [Element] {
        var result = [Element]()
        result.reserveCapacity(count)
        result.append(contentsOf: repeatElement(value, count: count))
        return result
    }
}

extension Array where Element: TensorScalar {
    /// `count` copies of `value`, through the element type's own (concrete) allocator.
    static func repeated(_ value: Element, count: Int) -> [Element] {
        Element.array(repeating: value, count: count)
    }

    /// `count` numbers written in place by `fill`, which must set every one of them (large arrays
    /// start uninitialised).
    static func filled(count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        Element.array(count: count, writing: fill)
    }

    /// `count` zeros, some of which `fill` then overwrites (a padding, a placing).
    static func zeros(count: Int, writing fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        var result = Element.array(repeating: 0, count: count)
        result.withUnsafeMutableBufferPointer { fill($0) }
        return result
    }
}
