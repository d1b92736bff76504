import Foundation

/// Facts about where output goes, and the colours used only on a terminal without NO_COLOR.
struct Terminal: Sendable {
    let inputIsTerminal: Bool
    let outputIsTerminal: Bool
    let errorIsTerminal: Bool
    let colour: Bool

    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Terminal {
        let errorIsTerminal = isatty(STDERR_FILENO) == 1
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Terminal(
            inputIsTerminal: isatty(STDIN_FILENO) == 1, outputIsTerminal: isatty(STDOUT_FILENO) == 1,
            errorIsTerminal: errorIsTerminal, colour: errorIsTerminal && !noColour && environment["TERM"] != "dumb")
    }

    /// No terminal anywhere: what recorded outputs are rendered for.
    static let plain = Terminal(inputIsTerminal: false, outputIsTerminal: false, errorIsTerminal: false, colour: false)

    func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Unbuffered writes to the standard streams (safe to mix with readline's own output).
enum Stream {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Exit statuses, in the manner of sysexits (jlox uses the same).
enum ExitStatus: Int32, Error {
    case success = 0
    /// `check` found a recorded output that differs from a fresh replay.
    case mismatch = 1
    case usage = 64
    /// The program has syntax errors; nothing ran.
    case syntaxError = 65
    case runtimeError = 70
    case interrupted = 130
}
