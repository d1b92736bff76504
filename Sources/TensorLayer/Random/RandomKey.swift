/// A key for counter-based random numbers: the bits at counter c are a pure function of the
/// key and c, so any part of a batch can be drawn by any thread, in any order, with the same
/// result (JAX's design, with SplitMix64's mixing in place of Threefry).
///
/// Bits: `bits(at: c)` is output c of `SplitMix64(seed: raw)`, i.e. the SplitMix64 finaliser
/// applied to `raw + (c + 1) * golden`. That sequence passes BigCrush (Steele, Lea and Flood,
/// 2014), and reading it by index rather than by stepping a state is what makes it
/// counter-based.
///
/// Keys split like JAX's: `fold(in: d)` derives an independent key from this one and a number
/// (an iteration, a member of a batch, a step), `split(into: n)` gives n of them. Use a key either to draw or
/// to derive keys, not both, as in JAX.
///
///     let root = RandomKey(seed: 1)
///     let (weightKey, noiseKey) = (root.fold(in: 0), root.fold(in: 1))
///     let noise: Tensor<Float> = noiseKey.normals([2000, 64])
public struct RandomKey: Hashable, Codable, Sendable {
    /// The SplitMix64 seed of this key's stream of bits.
    public let raw: UInt64

    public init(seed: UInt64) {
        raw = seed
    }

    /// The 64 random bits at `counter`.
    @inlinable public func bits(at counter: UInt64) -> UInt64 {
        RandomKey.mix(raw &+ (counter &+ 1) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// An independent key for `data`: the bits at `data`, mixed once more under a constant
    /// that keeps a derived key's stream apart from this key's own draws.
    public func fold(in data: UInt64) -> RandomKey {
        RandomKey(seed: RandomKey.mix(bits(at: data) ^ 0x6A09_E667_F3BC_C909))
    }

    /// `count` independent keys: `fold(in: 0)`, `fold(in: 1)`, ...
    public func split(into count: Int) -> [RandomKey] {
        (0..<count).map { fold(in: UInt64($0)) }
    }

    /// SplitMix64's finaliser (Stafford's variant 13 of MurmurHash3's).
    @inlinable static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A key's bits read in order, as a `RandomNumberGenerator`, for code written against that
/// protocol (environments' resets, `Int.random(in:using:)`). Draw c is `key.bits(at: c)`, so a
/// stream and a bulk draw from the same key agree.
public struct RandomStream: RandomNumberGenerator, Hashable, Codable, Sendable {
    public let key: RandomKey
    /// How many draws have been taken.
    public private(set) var counter: UInt64

    public init(key: RandomKey, counter: UInt64 = 0) {
        self.key = key
        self.counter = counter
    }

    public mutating func next() -> UInt64 {
        defer { counter &+= 1 }
        return key.bits(at: counter)
    }
}
