import Foundation
import PolaScript

/// The interactive prompt: read a line, run it (or ask for more while a block or bracket is
/// open), echo values, report errors, repeat until Ctrl-D or `:quit`.
struct REPL {
    static let primaryPrompt = "pola> "
    static let continuationPrompt = "  ... "

    let terminal: Terminal
    let options: Options

    func run() -> ExitStatus {
        let interpreter = Interpreter(host: ScriptRunner(terminal: terminal, options: options).host(echo: true))
        let editor = LineEditor(
            historyPath: Self.historyPath(),
            completions: { line, word in
                Completion(interpreter: interpreter).candidates(line: line, word: word)
            })
        Interrupts.install(atPrompt: LineEditor.cancelLine)
        Stream.out("pola-repl \(Version.current): exact LOLA and POLA at a prompt. :help for help, Ctrl-D to leave.\n")
        var buffer = ""
        while true {
            readingLine.store(true, ordering: .relaxed)
            let line = editor.readLine(prompt: buffer.isEmpty ? Self.primaryPrompt : Self.continuationPrompt)
            readingLine.store(false, ordering: .relaxed)
            if lineCancelled.exchange(false, ordering: .relaxed) { buffer = "" }
            guard let line else {
                Stream.out("\n")
                break
            }
            if buffer.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                editor.remember(line)
                if command(line.trimmingCharacters(in: .whitespaces), interpreter) == .quit { break }
                continue
            }
            buffer += line + "\n"
            let source = Source(name: "<repl>", text: buffer)
            let parsed = Parser.parse(source)
            if case .failure(let diagnostics) = parsed, diagnostics.isIncompleteInput,
                !diagnostics.items.contains(where: { $0.kind == .error })
            {
                continue
            }
            editor.remember(String(buffer.dropLast()))
            buffer = ""
            Interrupts.clear()
            do {
                try interpreter.run(try parsed.get(), from: source)
            } catch let diagnostics as Diagnostics {
                Stream.error(DiagnosticRenderer(terminal: terminal).render(diagnostics))
            } catch {
                Stream.error("error: \(error)\n")
            }
            Interrupts.clear()
        }
        do {
            try editor.saveHistory()
        } catch FileAccess.Failure.refused(let reason) {
            Stream.error("pola-repl: \(reason)\n")
        } catch {}
        return .success
    }

    private enum Outcome { case keepGoing, quit }

    private func command(_ line: String, _ interpreter: Interpreter) -> Outcome {
        let words = line.split(separator: " ").map(String.init)
        switch words[0] {
        case ":quit", ":q", ":exit": return .quit
        case ":help", ":h": Stream.out(Help.text(for: words.dropFirst().first))
        case ":names": Stream.out(interpreter.names.filter { Builtins.named($0) == nil }.joined(separator: " ") + "\n")
        default: Stream.error("unknown command '\(words[0])'; commands: :help [name], :names, :quit\n")
        }
        return .keepGoing
    }

    /// `~/.pola_history`, or none without a home directory.
    static func historyPath() -> String? {
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.pola_history"
    }
}
