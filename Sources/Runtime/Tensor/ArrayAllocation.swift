/// New arrays for the kernels and the graph, allocated through the specialised path.
///
/// Why not `Array(repeating:count:)` or `Array(unsafeUninitializedCapacity:)`: on Linux both
/// reach the standard library's unspecialised allocator, which looks up the storage class's
/// generic metadata on every call: about 800 instructions per small array under callgrind,
/// where the arithmetic on it costs tens. Reserving capacity in an empty array is specialised
/// by the compiler and skips the lookup (5% fewer instructions in a POLA tabular run).
extension Array {
    /// `count` copies of `value`.
    static func repeated(_ value: Element, count: Int) -> [Element] {
        var result = [Element]()
        result.reserveCapacity(count)
        result.append(contentsOf: repeatElement(value, count: count))
        return result
    }
}

extension Array where Element == Double {
    /// `count` numbers written in place by `fill`, which must set every one of them.
    static func filled(count: Int, _ fill: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        var result = repeated(0, count: count)
        result.withUnsafeMutableBufferPointer { fill($0) }
        return result
    }
}
