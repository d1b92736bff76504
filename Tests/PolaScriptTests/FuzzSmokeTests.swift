import Foundation
import Runtime
import TensorLayer
import TestSupport
import Testing

/// A bounded fuzz run on every test run: 20,000 mutated programs (seeded, so reproducible) must
/// each end with an exit status (success, syntax error, runtime error or interrupted) within the
/// harness's per-input deadline, never a crash, a hang or an unpositioned error. The long runs
/// (a million inputs, and coverage-guided libFuzzer with AddressSanitizer) are `pola-fuzz` and
/// `scripts/fuzz`.
@Suite struct FuzzSmokeTests {
    @Test func twentyThousandMutantsEachEndWithAnExitStatus() throws {
        let corpus = FuzzHarness.corpus()
        try #require(corpus.count >= 50)
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pola-fuzz-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        var generator = SplitMix64(seed: 2026)
        var endings = [FuzzHarness.Ending: Int]()
        for index in 0..<20_000 {
            let program = FuzzHarness.mutant(of: corpus, using: &generator)
            let ending = FuzzHarness.run(program, sandbox: sandbox.path)
            #expect(ending.isExitStatus, "input \(index) (seed 2026) ended as \(ending):\n\(program)")
            endings[ending, default: 0] += 1
        }
        // The mutants reach every stage: some parse and run, some fail to parse, some fail running.
        for status in [FuzzHarness.Ending.success, .syntaxError, .runtimeError] {
            #expect(endings[status, default: 0] > 0, "no input ended with \(status)")
        }
    }
}
