import Foundation
import PolaScript
import Testing

/// `csv` writes a table and its provenance together or not at all: a CSV without its `.json`
/// could not be re-run.
@Suite struct CSVPairTests {
    @Test func aProvenanceThatCannotBeWrittenLeavesNoCSV() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pola-csv-\(UUID().uuidString)")
        // A directory where the provenance should go: renaming a file onto it fails.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("run.csv.json"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = folder.path
        let error: String? = LargeStack.run {
            let interpreter = Interpreter(host: Host(write: { _ in }, files: FileAccess(sandbox: sandbox)))
            do {
                try interpreter.run(Source(name: "csv", text: "csv(table(\"a\", [1, 2]), \"run.csv\")"))
            } catch let diagnostics as Diagnostics {
                return diagnostics.items[0].message
            } catch {}
            return nil
        }
        #expect(error == "cannot write 'run.csv.json': it is a directory")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == ["run.csv.json"], "\(left)")
    }
}
