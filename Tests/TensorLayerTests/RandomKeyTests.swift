import Foundation
import TensorLayer
import TestSupport
import Testing

/// Counter-based random streams: reproducible bits whatever the threads, keys that split, and
/// draws with the right distributions.
@Suite struct RandomKeyTests {
    struct ThreadCase: CustomTestStringConvertible, Sendable {
        let name: String
        let draw: @Sendable (RandomKey, Int) -> [UInt64]
        var testDescription: String { name }
    }

    static let logits = Tensor<Float>(shape: [1001, 4], scalars: (0..<4004).map { Float($0 % 7) - 3 })

    /// Every bulk draw, as bit patterns, for 1001 entries (split unevenly among threads).
    static let threadCases = [
        ThreadCase(name: "uniforms (Float)") { key, threads in
            (key.uniforms([1001], threads: threads) as Tensor<Float>).scalars.map { UInt64($0.bitPattern) }
        },
        ThreadCase(name: "uniforms (Double)") { key, threads in
            (key.uniforms([7, 143], threads: threads) as Tensor<Double>).scalars.map(\.bitPattern)
        },
        ThreadCase(name: "normals (Float)") { key, threads in
            (key.normals([1001], threads: threads) as Tensor<Float>).scalars.map { UInt64($0.bitPattern) }
        },
        ThreadCase(name: "normals (Double)") { key, threads in
            (key.normals([1001], threads: threads) as Tensor<Double>).scalars.map(\.bitPattern)
        },
        ThreadCase(name: "categorical") { key, threads in
            key.categorical(logits: logits, threads: threads).map { UInt64($0) }
        },
    ]

    @Test(arguments: threadCases)
    func sameBitsOnOneAndTwoThreads(_ draw: ThreadCase) {
        let key = RandomKey(seed: 11)
        let one = draw.draw(key, 1)
        #expect(one.count == 1001)
        #expect(draw.draw(key, 2) == one)
        #expect(draw.draw(key, 3) == one)
        #expect(draw.draw(RandomKey(seed: 12), 1) != one)
    }

    /// A key's bits are SplitMix64's outputs (0xE220A8397B1DCDAF is SplitMix64's first output
    /// from seed 0 in the reference implementation).
    @Test func bitsAreSplitMix64Outputs() {
        #expect(RandomKey(seed: 0).bits(at: 0) == 0xE220_A839_7B1D_CDAF)
        var reference = SplitMix64(seed: 42)
        #expect((0..<5).map { RandomKey(seed: 42).bits(at: $0) } == (0..<5).map { _ in reference.next() })
    }

    @Test func splitKeysAreFoldsAndDistinct() {
        let root = RandomKey(seed: 5)
        let children = root.split(into: 4)
        #expect(children == (0..<4).map { root.fold(in: UInt64($0)) })
        #expect(Set(children + [root]).count == 5)
        #expect(root.fold(in: 2) == RandomKey(seed: 5).fold(in: 2))
        // A child's stream is not its parent's shifted: no first draw of one appears in the other.
        let parentDraws = Set((0..<1000).map { root.bits(at: $0) })
        #expect(children.allSatisfy { child in (0..<1000).allSatisfy { !parentDraws.contains(child.bits(at: $0)) } })
    }

    /// The generator reads the key's counters in order, so protocol-based code and bulk draws
    /// agree, and the standard library's draws are reproducible from the key.
    @Test func streamIsARandomNumberGeneratorOverTheKeysCounters() {
        let key = RandomKey(seed: 9)
        var stream = RandomStream(key: key)
        #expect((0..<4).map { _ in stream.next() } == (0..<4).map { key.bits(at: $0) })
        #expect(stream.counter == 4)
        var first = RandomStream(key: key)
        var second = RandomStream(key: key)
        let rolls = (0..<20).map { _ in Int.random(in: 0..<6, using: &first) }
        #expect(rolls == (0..<20).map { _ in Int.random(in: 0..<6, using: &second) })
        #expect(Set(rolls).count > 1)
    }

    /// Means within 4 standard errors of the distribution's (n = 200,000): uniform 1/2 with
    /// standard deviation 1/sqrt(12); normal 0 and second moment 1 (deviation sqrt 2).
    @Test func uniformsAndNormalsHaveTheirMoments() {
        let n = 200_000
        let u = (RandomKey(seed: 1).uniforms([n]) as Tensor<Float>).scalars.map(Double.init)
        let z = (RandomKey(seed: 2).normals([n]) as Tensor<Double>).scalars
        let standardError = 1 / Double(n).squareRoot()
        #expect(u.allSatisfy { 0 <= $0 && $0 < 1 })
        #expect(abs(mean(u) - 0.5) < 4 * standardError / 12.squareRoot())
        #expect(abs(mean(z)) < 4 * standardError)
        #expect(abs(mean(z.map { $0 * $0 }) - 1) < 4 * standardError * 2.squareRoot())
    }

    /// Logits 0, log 2, log 3 (plus a large shift, which must not overflow) give probabilities
    /// 1/6, 2/6, 3/6; each frequency within 4 standard errors sqrt(p (1 - p) / n).
    @Test func categoricalFollowsTheSoftmax() {
        let n = 60_000
        let row: [Float] = [0, Float(Foundation.log(2.0)), Float(Foundation.log(3.0))].map { $0 + 500 }
        let logits = Tensor<Float>(shape: [n, 3], scalars: Array([[Float]](repeating: row, count: n).joined()))
        let samples = RandomKey(seed: 3).categorical(logits: logits, threads: 2)
        for (action, p) in [1.0 / 6, 2.0 / 6, 3.0 / 6].enumerated() {
            let frequency = Double(samples.filter { $0 == action }.count) / Double(n)
            #expect(abs(frequency - p) < 4 * (p * (1 - p) / Double(n)).squareRoot(), "action \(action)")
        }
    }

    @Test func categoricalNeverPicksAnImpossibleAction() {
        let logits = Tensor<Double>(
            shape: [1000, 3], scalars: Array(repeating: [-Double.infinity, 0, -1e9], count: 1000).flatMap { $0 })
        #expect(RandomKey(seed: 4).categorical(logits: logits).allSatisfy { $0 == 1 })
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}
