import Foundation
import PolaScript
import Runtime
import Testing

/// Golden scripts in `Scripts/`: each line `# expect: TEXT` is one expected line of output, in
/// order; a final `# expect error: MESSAGE` says the run must end with that error.
@Suite struct ScriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".pola") }.sorted()

    @Test(arguments: names)
    func producesItsExpectedOutput(name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let expectedLines = lines.compactMap { line -> String? in
            guard let range = line.range(of: "# expect: ") else { return nil }
            return String(line[range.upperBound...])
        }
        let expectedError = lines.compactMap { line -> String? in
            guard let range = line.range(of: "# expect error: ") else { return nil }
            return String(line[range.upperBound...])
        }.first
        let (output, error) = Self.run(text, name: name)
        #expect(output == expectedLines, "\(name)")
        #expect(error == expectedError, "\(name)")
    }

    /// Runs a script in a fresh interpreter writing into a scratch directory.
    static func run(_ text: String, name: String = "test.pola", echo: Bool = false) -> (
        output: [String], error: String?
    ) {
        let buffer = Locked("")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pola-scripts-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sandbox = scratch.path
        let error: String? = LargeStack.run {
            let write: @Sendable (String) -> Void = { text in buffer.withLock { $0 += text } }
            let interpreter = Interpreter(host: Host(write: write, files: FileAccess(sandbox: sandbox), echo: echo))
            do {
                try interpreter.run(Source(name: name, text: text))
            } catch let diagnostics as Diagnostics {
                return diagnostics.items.map(\.message).joined(separator: " | ")
            } catch {}
            return nil
        }
        var output = buffer.withLock { $0 }.components(separatedBy: "\n")
        if output.last == "" { output.removeLast() }
        return (output, error)
    }
}
