import CReadline
import Foundation
import PolaScript
import Synchronization

/// GNU readline: line editing, history kept in a file, and tab completion.
///
/// readline's completion hook is a C function without a context pointer, so the candidates come
/// from a process-wide provider set here (like the Ctrl-C flag, forced by a C interface).
final class LineEditor {
    private let historyPath: String?

    init(
        historyPath: String?, completions: @escaping @Sendable (_ line: String, _ word: String) -> Completion.Candidates
    ) {
        self.historyPath = historyPath
        completionProvider = completions
        rl_readline_name = UnsafePointer(strdup("pola-repl"))
        // We handle SIGINT ourselves (Interrupts), so readline must not install its handlers.
        rl_catch_signals = 0
        rl_attempted_completion_function = { text, _, _ in
            rl_attempted_completion_over = 1
            return rl_completion_matches(text) { text, state in
                if state == 0 {
                    let word = text.map { String(cString: $0) } ?? ""
                    let line = String(cString: rl_line_buffer).prefix(Int(rl_point))
                    let candidates = completionProvider?(String(line), word) ?? Completion.Candidates(words: [])
                    completionMatches = candidates.words
                    rl_completion_append_character = candidates.appendSpace ? 32 : 0
                }
                guard !completionMatches.isEmpty else { return nil }
                return strdup(completionMatches.removeFirst())
            }
        }
        using_history()
        // A block typed over several lines is one history entry; timestamps in the file mark
        // where each entry starts, so it comes back whole after a restart.
        // (readline writes a timestamp only when its comment character is set.)
        history_comment_char = CChar(UInt8(ascii: "#"))
        history_write_timestamps = 1
        history_multiline_entries = 1
        if let historyPath { read_history(historyPath) }
    }

    /// One line without its newline, or nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    func remember(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        add_history(entry)
    }

    /// Writes the history to a temporary file beside it and renames it into place, so a failure
    /// never truncates the previous history.
    func saveHistory() throws {
        guard let historyPath else { return }
        let temporary = historyPath + ".tmp-\(getpid())"
        stifle_history(5000)
        let code = write_history(temporary)
        guard code == 0, rename(temporary, historyPath) == 0 else {
            let reason = String(cString: strerror(code != 0 ? code : errno))
            unlink(temporary)
            throw FileAccess.Failure.refused("cannot save history to \(historyPath): \(reason)")
        }
    }

    /// Called from the SIGINT handler while a line is being read: abandon it, fresh prompt.
    static let cancelLine: @convention(c) () -> Void = {
        lineCancelled.store(true, ordering: .relaxed)
        rl_replace_line("", 0)
        fputs("^C\n", stdout)
        fflush(stdout)
        rl_on_new_line()
        rl_set_prompt(REPL.primaryPrompt)
        rl_redisplay()
    }
}

nonisolated(unsafe) private var completionProvider: (@Sendable (String, String) -> Completion.Candidates)?
nonisolated(unsafe) private var completionMatches: [String] = []

/// Set when Ctrl-C abandoned the line being typed (and any unfinished block before it).
let lineCancelled = Atomic<Bool>(false)
