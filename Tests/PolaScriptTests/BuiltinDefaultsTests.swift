import Foundation
import PolaScript
import Testing

/// The builtin table's defaults: how help renders them, pinned for every builtin.
@Suite struct BuiltinDefaultsTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/builtin_defaults.txt")

    /// Every builtin's signature, then each parameter's default as `:help` shows it. Run with
    /// POLA_RECORD=1 to re-record after a deliberate change, then review the diff.
    @Test func helpRendersEveryDefaultAsBefore() throws {
        let rendered =
            Builtins.all.map { builtin in
                ([builtin.signature]
                    + builtin.parameters.map {
                        "  \($0.name): " + ($0.defaultText.map { "default \($0)" } ?? "required")
                    })
                    .joined(separator: "\n")
            }.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["POLA_RECORD"] == "1" {
            try rendered.write(to: Self.golden, atomically: true, encoding: .utf8)
            return
        }
        #expect(rendered == (try String(contentsOf: Self.golden, encoding: .utf8)))
    }
}
