import Glibc

/// The seeded generator behind every random initialisation: SplitMix64 (Steele, Lea and
/// Flood, 2014), the same on every machine and Swift version.
///
/// Uniforms take the top 53 bits of a draw; normals use the Box-Muller transform, one normal
/// per pair of uniforms (`sqrt(-2 log(1 - u1)) cos(2 pi u2)`). Run `r` of an experiment seeded
/// `s` draws from `SplitMix64(seed: s, stream: r)`, so run r is the same whatever the number of
/// runs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The whole generator: `SplitMix64(seed: state)` continues exactly where this one is, which
    /// is how a checkpoint saves and restores a random stream's position.
    public private(set) var state: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &+ stream &* 0xD1B5_4A32_D192_ED03
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    public mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
        let radius = sqrt(-2 * log(1 - uniform()))
        return mean + std * radius * cos(2 * Double.pi * uniform())
    }
}
