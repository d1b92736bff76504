import Foundation
import Runtime
import TensorLayer
import TestSupport

/// pola-fuzz: feeds mutated programs to the interpreter.
///
///     pola-fuzz [--runs N] [--seed S]     seeded mutation of the corpus (default 20000 runs)
///
/// Built with `scripts/fuzz` instead, this file becomes a libFuzzer target (coverage-guided,
/// with AddressSanitizer): the `LIBFUZZER` condition swaps the driver for libFuzzer's entry.
#if LIBFUZZER
    let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("pola-fuzz-\(getpid())").path

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        try? FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
        FuzzHarness.run(
            String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self), sandbox: sandbox)
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry as `<module>_main`; here it hands over to libFuzzer.
    @_cdecl("pola_fuzz_main")
    public func polaFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var values = argv
        return runFuzzerDriver(&count, &values) { data, size in fuzzOne(data, size) }
    }
#else
    /// The seeded mutation driver.
    @main
    struct PolaFuzz {
        static func main() throws {
            var runs = 20_000
            var seed: UInt64 = 1
            var arguments = CommandLine.arguments.dropFirst().makeIterator()
            while let argument = arguments.next() {
                switch argument {
                case "--runs": runs = Int(arguments.next() ?? "") ?? runs
                case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
                default:
                    FileHandle.standardError.write(Data("usage: pola-fuzz [--runs N] [--seed S]\n".utf8))
                    exit(64)
                }
            }
            let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("pola-fuzz-\(getpid())")
            try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
            let corpus = FuzzHarness.corpus()
            var generator = SplitMix64(seed: seed)
            let start = Date()
            var slowest = (seconds: 0.0, index: 0)
            for index in 0..<runs {
                let program = FuzzHarness.mutant(of: corpus, using: &generator)
                let began = Date()
                let ending = FuzzHarness.run(program, sandbox: sandbox.path)
                let took = Date().timeIntervalSince(began)
                if took > slowest.seconds { slowest = (took, index) }
                if took > 10 || !ending.isExitStatus {
                    let report =
                        "pola-fuzz: input \(index) (seed \(seed)) ended as \(ending) after \(took) s:\n\(program)\n"
                    FileHandle.standardError.write(Data(report.utf8))
                    exit(1)
                }
                if (index + 1) % 10_000 == 0 {
                    // Written straight to the file descriptor: print's buffer holds lines back in a pipe.
                    FileHandle.standardOutput.write(
                        Data("\(index + 1) inputs, \(Int(Date().timeIntervalSince(start))) s\n".utf8))
                }
            }
            try? FileManager.default.removeItem(at: sandbox)
            print(
                "pola-fuzz: \(runs) inputs from \(corpus.count) seeds, seed \(seed): no crash, no hang; \(String(format: "%.1f", Date().timeIntervalSince(start))) s, slowest input \(String(format: "%.2f", slowest.seconds)) s (#\(slowest.index))"
            )
        }
    }
#endif
