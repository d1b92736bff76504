import TensorLayer
import Foundation
import Runtime
import TestSupport
import Testing

/// A bounded fuzz run on every test run: 20,000 mutated programs (seeded, so reproducible) must
/// all come back, with an error or a value, never a crash or a hang. The long runs (a million
/// inputs, and coverage-guided libFuzzer with AddressSanitizer) are `pola-fuzz` and
/// `scripts/fuzz`.
@Suite struct FuzzSmokeTests {
    @Test func twentyThousandMutantsComeBack() throws {
        let corpus = FuzzHarness.corpus()
        try #require(corpus.count >= 50)
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("pola-fuzz-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<20_000 {
            FuzzHarness.run(FuzzHarness.mutant(of: corpus, using: &generator), sandbox: sandbox.path)
        }
    }
}
