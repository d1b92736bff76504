import Foundation
import TestSupport
import Testing

/// Every notebook of the repository replays to its recorded outputs, and editing a recorded
/// number makes `check` fail with a diff.
@Suite struct NotebookTests {
    static let folder = PolaRepl.packageRoot.appendingPathComponent("notebooks")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted()

    @Test func theNotebooksExist() {
        #expect(
            Set(Self.names).isSuperset(of: [
                "lola-vs-pola.md", "figure1-parameterisation.md", "figure3-exact-ipd.md",
                "appendix-b16-opponent-models.md", "opponent-shaping-zoo.md", "figure4-ipd-history.md",
                "figure5-coin-game.md",
            ]))
    }

    @Test(arguments: names)
    func replaysToItsRecordedOutputs(name: String) throws {
        // Paths in cells are relative to the current directory: notebooks run from the root.
        let outcome = try PolaRepl.run(
            ["check", Self.folder.appendingPathComponent(name).path], in: PolaRepl.packageRoot)
        #expect(outcome.status == 0, "\(name):\n\(outcome.output)\(outcome.error)")
    }

    /// The figure notebooks' scaled replays (long) and full settings (cluster) are marked, so CI
    /// replays only their helpers and smoke runs, and says what it skipped.
    @Test(arguments: ["figure4-ipd-history.md", "figure5-coin-game.md"])
    func theFigureNotebooksSkipTheirLongAndClusterCells(name: String) throws {
        let outcome = try PolaRepl.run(
            ["check", Self.folder.appendingPathComponent(name).path], in: PolaRepl.packageRoot)
        #expect(
            outcome.output.hasSuffix(
                "4 skipped (2 long: check --all replays them; 2 cluster-scale: run replays them)\n"),
            "\(outcome.output)")
    }

    @Test func anEditedNumberFailsTheCheck() throws {
        let original = try String(contentsOf: Self.folder.appendingPathComponent("lola-vs-pola.md"), encoding: .utf8)
        // Change the first number in the first output block.
        guard let block = original.range(of: "```output\n"),
            let digit = original[block.upperBound...].firstIndex(where: { $0.isNumber })
        else {
            Issue.record("no number in an output block")
            return
        }
        var edited = original
        edited.replaceSubrange(digit...digit, with: original[digit] == "9" ? "8" : "9")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("edited-\(UUID().uuidString).md")
        try edited.write(to: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: copy) }
        let outcome = try PolaRepl.run(["check", copy.path], in: PolaRepl.packageRoot)
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("differs"))
        #expect(outcome.output.contains("  - ") && outcome.output.contains("  + "))
    }
}
