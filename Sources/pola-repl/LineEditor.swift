import CReadline
import Foundation
import PolaScript

/// GNU readline: line editing, history kept in a file, and tab completion.
///
/// readline's hooks are C functions without a context pointer, so the completion candidates come
/// from a process-wide provider set here, and the hooks that act on Ctrl-C report a cancelled
/// line through a process-wide flag (like the Ctrl-C flag, forced by a C interface).
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
        // The SIGINT handler only sets a flag; readline's hooks, called on the prompt's thread,
        // do the rest. The event hook runs whenever readline has waited its keyboard timeout
        // (0.1 s) without a key, so a Ctrl-C shows within that even when the signal lands on
        // another thread (the prompt runs on LargeStack's) and leaves readline's wait alone.
        // The key reader looks first, so keys typed after a Ctrl-C go to the fresh line.
        rl_event_hook = {
            LineEditor.cancelIfInterrupted()
            return 0
        }
        rl_getc_function = { stream in
            LineEditor.cancelIfInterrupted()
            return rl_getc(stream)
        }
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

    /// One line without its newline, or nil at end of input (Ctrl-D); `cancelled` says that
    /// Ctrl-C abandoned what was typed before it (and so any unfinished block).
    func readLine(prompt: String) -> (line: String?, cancelled: Bool) {
        lineCancelled = false
        let raw = readline(prompt)
        defer { free(raw) }
        return (raw.map { String(cString: $0) }, lineCancelled)
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

    /// After a Ctrl-C while a line is being read: abandon the line, fresh prompt. Called from
    /// readline's hooks, not from the signal handler: none of this is async-signal-safe.
    private static func cancelIfInterrupted() {
        guard Interrupts.isRequested else { return }
        Interrupts.clear()
        lineCancelled = true
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
/// Set by readline's hooks when Ctrl-C abandoned the line being read (only the prompt's thread
/// touches it).
nonisolated(unsafe) private var lineCancelled = false
