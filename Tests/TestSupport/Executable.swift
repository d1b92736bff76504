import Foundation

/// The built `pola-repl` binary, run as a user would.
public enum PolaRepl {
    public static let packageRoot = GoldenRun.fixtures.deletingLastPathComponent().deletingLastPathComponent()

    /// The binary of the configuration the tests were built in.
    public static var binary: URL {
        #if DEBUG
            packageRoot.appendingPathComponent(".build/debug/pola-repl")
        #else
            packageRoot.appendingPathComponent(".build/release/pola-repl")
        #endif
    }

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
