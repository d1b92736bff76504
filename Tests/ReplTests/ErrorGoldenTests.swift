import Foundation
import TestSupport
import Testing

/// Bad scripts in `Errors/`, each pinned to its exact rendered diagnostics (`NAME.err`: standard
/// error, then `exit: STATUS`). Run with POLA_RECORD=1 to re-record after a deliberate change,
/// then review the diff.
@Suite struct ErrorGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Errors")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".pola") }.map { String($0.dropLast(5)) }.sorted()

    @Test func thereAreEnoughCases() {
        #expect(Self.names.count >= 60)
    }

    @Test(arguments: names)
    func rendersExactly(name: String) throws {
        let outcome = try PolaRepl.run(["\(name).pola"], in: Self.folder)
        let rendered = outcome.error + "exit: \(outcome.status)\n"
        let expectedFile = Self.folder.appendingPathComponent("\(name).err")
        if ProcessInfo.processInfo.environment["POLA_RECORD"] == "1" {
            try rendered.write(to: expectedFile, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8)
        #expect(rendered == expected, "\(name)")
        #expect(outcome.status != 0, "\(name) must fail")
    }
}
