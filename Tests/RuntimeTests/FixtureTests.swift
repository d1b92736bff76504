import Foundation
import TestSupport
import Testing

/// The fixtures are copies of `shared/reference`; when that folder sits beside the checkout,
/// they must still be identical, so a changed reference cannot go unnoticed.
@Suite struct FixtureTests {
    static let shared = GoldenRun.fixtures
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/reference")

    @Test(arguments: GoldenRun.names.map { "golden/\($0).json" } + ["figure3-reference.tsv"])
    func fixtureMatchesTheSharedReference(path: String) throws {
        let original = Self.shared.appendingPathComponent(path)
        try #require(GoldenRun.names.count == 14)
        guard FileManager.default.fileExists(atPath: original.path) else { return }
        let copy = GoldenRun.fixtures.appendingPathComponent(path)
        #expect(try Data(contentsOf: copy) == Data(contentsOf: original), "\(path) differs from shared/reference")
    }
}
