import Foundation

/// The built `pola-repl` binary, run as a user would.
public enum PolaRepl {
    public static let packageRoot = GoldenRun.fixtures.deletingLastPathComponent().deletingLastPathComponent()

    /// The binary built with the tests: SwiftPM puts every product of one build, the test
    /// bundle included, in one folder (`<scratch path>/<triple>/<configuration>`), wherever
    /// `--scratch-path` puts it. `POLA_REPL_BINARY` names another binary.
    public static let binary: URL = {
        if let named = ProcessInfo.processInfo.environment["POLA_REPL_BINARY"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        return productsFolder.appendingPathComponent("pola-repl")
    }()

    /// The folder of the running test bundle's products: the nearest folder above the running
    /// executable that holds `pola-repl` (on Linux the bundle is an executable beside it; on
    /// macOS it is `NAME.xctest/Contents/MacOS/NAME`).
    public static let productsFolder: URL = {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("pola-repl").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return executable.deletingLastPathComponent()
    }()

    public struct Outcome: Sendable {
        public let status: Int32
        public let output: String
        public let error: String
    }

    /// Runs the binary (or another of the package's, `executable`) with `arguments` in
    /// `directory`, feeding `input` on standard input.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, input: String = "", executable: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }
}
