import Foundation
import TestSupport
import Testing

/// The fixtures are copies of the reference data kept beside the checkout; when it is there,
/// they must still be identical, so a changed reference cannot go unnoticed. Without the folder
/// (a checkout on its own) the comparison is reported as skipped, with the path it looked for.
@Suite struct FixtureTests {
    static let shared = GoldenRun.fixtures
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/reference")
    static let sharedIsPresent = FileManager.default.fileExists(atPath: shared.path)
    static let paths = GoldenRun.names.map { "golden/\($0).json" } + ["figure3-reference.tsv"]

    @Test func everyFixtureIsInTheCheckout() {
        #expect(GoldenRun.names.count == 14, "Tests/Fixtures/golden should hold the 14 golden runs")
        for path in Self.paths {
            #expect(
                FileManager.default.fileExists(atPath: GoldenRun.fixtures.appendingPathComponent(path).path),
                "\(path) is missing")
        }
    }

    @Test(
        .enabled(if: sharedIsPresent, "no shared/reference beside the checkout (looked for \(shared.path))"),
        arguments: paths)
    func fixtureMatchesTheSharedReference(path: String) throws {
        let original = Self.shared.appendingPathComponent(path)
        try #require(FileManager.default.fileExists(atPath: original.path), "\(path) is missing from shared/reference")
        let copy = GoldenRun.fixtures.appendingPathComponent(path)
        #expect(try Data(contentsOf: copy) == Data(contentsOf: original), "\(path) differs from shared/reference")
    }
}
