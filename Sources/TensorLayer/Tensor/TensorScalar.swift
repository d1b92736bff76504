import Glibc

/// An element type a tensor can hold: `Double` for the exact half (values solved to 1e-14),
/// `Float` for the sampled half (thousands of rollouts, where memory bandwidth matters more
/// than the last digits).
///
/// The elementary functions are requirements rather than free functions so that a kernel
/// written once over `Scalar` calls `exp` for `Double` and `expf` for `Float`; every kernel is
/// specialised for both types (see `Tensor.apply`), so nothing pays for the generality at run
/// time.
public protocol TensorScalar: BinaryFloatingPoint, Sendable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    /// `count` copies of `value` in a new array (see `ArrayAllocation.swift` for why this is a
    /// requirement with concrete implementations rather than one generic helper).
    static func array(repeating value: Self, count: Int) -> [Self]
    /// `count` new numbers written in place by `fill`, which must set every one of them (see
    /// `Array.filled`).
    static func array(count: Int, writing fill: (UnsafeMutableBufferPointer<Self>) -> Void) -> [Self]
}

extension TensorScalar {
    /// 1 / (1 + e^-z), evaluated so that neither branch overflows.
    @inlinable
    public static func sigmoid(_ z: Self) -> Self {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }

    /// log sigmoid(z) = -softplus(-z) = min(z, 0) - log1p(e^-|z|).
    ///
    /// The paper's code takes `log` of a probability, which is -inf once the probability rounds
    /// to 0 or 1; this form stays finite for every finite z.
    @inlinable
    public static func logSigmoid(_ z: Self) -> Self {
        Swift.min(z, 0) - log1p(exp(-Swift.abs(z)))
    }
}

/// From this many numbers an array is allocated uninitialised (`Array(unsafeUninitializedCapacity:)`)
/// and written once, rather than reserved and appended to. Appending copies one number at a time:
/// zero-filling the sampled half's [2000, 192] arrays took 10% of `dice-ipd-lola-update`'s processor
/// time (`perf record`), before the kernels wrote every entry again. The uninitialised path pays
/// the allocator's metadata lookup (about 800 instructions, see `ArrayAllocation.swift`), which is
/// noise at this size but not for the exact half's 5 x 5 blocks, so small arrays keep the old path.
let largeArray = 1024

/// Zeros that small arrays copy (one `memcpy`) into fresh storage. Appending
/// `repeatElement(0, count:)` wrote one number at a time through the generic sequence path: about
/// 370 instructions per small array, 3% of `fig3-pola-tabular`.
private let doubleZeros = [Double](repeating: 0, count: largeArray)
private let floatZeros = [Float](repeating: 0, count: largeArray)

extension TensorScalar {
    /// The small-array path of `array(repeating:count:)`: reserve, copy `count` of `zeros`, and
    /// write `value` over them unless it is +0. Always inlined into each type's concrete
    /// implementation, so the allocation stays concrete (see `ArrayAllocation.swift`).
    @inline(__always)
    fileprivate static func smallArray(repeating value: Self, count: Int, copying zeros: [Self]) -> [Self] {
        var result = [Self]()
        result.reserveCapacity(count)
        result.append(contentsOf: zeros[..<count])
        if value != 0 || value.sign == .minus {
            result.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
        }
        return result
    }
}

extension Double: TensorScalar {
    @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    public static func array(repeating value: Double, count: Int) -> [Double] {
        guard count >= largeArray else { return smallArray(repeating: value, count: count, copying: doubleZeros) }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialised in
            buffer.initialize(repeating: value)
            initialised = count
        }
    }
    public static func array(count: Int, writing fill: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        guard count >= largeArray else { return .zeros(count: count, writing: fill) }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialised in
            fill(buffer)
            initialised = count
        }
    }
}

extension Float: TensorScalar {
    @inlinable public static func exp(_ x: Float) -> Float { Glibc.expf(x) }
    @inlinable public static func log(_ x: Float) -> Float { Glibc.logf(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { Glibc.log1pf(x) }
    /// tanh from one `expf`: `1 - 2 / (e^{2|x|} + 1)`, signed. glibc's `tanhf` goes through
    /// `expm1f`, and the two took 12% of `dice-ipd-lola-update`'s processor time (`perf record`), against
    /// 6% for the GRU's twice as many sigmoids on `expf`. The form loses relative accuracy near 0
    /// (its error stays within a few units in the last place of 1, about 1e-7), so below 2^-12,
    /// where tanh x rounds to x in `Float`, it returns x. `Double` (the exact half) keeps `tanh`.
    @inlinable public static func tanh(_ x: Float) -> Float {
        let a = x.magnitude
        if a < 0x1p-12 { return x }
        let t = 1 - 2 / (Glibc.expf(2 * a) + 1)
        return x < 0 ? -t : t
    }
    public static func array(repeating value: Float, count: Int) -> [Float] {
        guard count >= largeArray else { return smallArray(repeating: value, count: count, copying: floatZeros) }
        _ = HeapSettings.configured
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
            buffer.initialize(repeating: value)
            initialised = count
        }
    }
    public static func array(count: Int, writing fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
        guard count >= largeArray else { return .zeros(count: count, writing: fill) }
        _ = HeapSettings.configured
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
            fill(buffer)
            initialised = count
        }
    }
}
