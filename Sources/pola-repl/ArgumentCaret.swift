/// A usage error under the command line that caused it, as the diagnostics of scripts look:
/// the message, the arguments as typed, and a caret run under the one at fault.
enum ArgumentCaret {
    static func render(_ message: String, arguments: [String], at index: Int?, notes: [String] = []) -> String {
        var text = "pola-repl: \(message)\n"
        if let index, arguments.indices.contains(index) {
            let shown = arguments.map(quoted)
            let column = (["pola-repl"] + shown[..<index]).map { $0.count + 1 }.reduce(0, +)
            text += "  " + (["pola-repl"] + shown).joined(separator: " ") + "\n"
            text +=
                "  " + String(repeating: " ", count: column) + "^"
                + String(repeating: "~", count: max(shown[index].count - 1, 0)) + "\n"
        }
        for note in notes { text += "  note: \(note)\n" }
        return text
    }

    /// An argument as a shell would need it typed: bare when it can be, else in single quotes.
    static func quoted(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
