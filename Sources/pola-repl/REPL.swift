import Foundation
import PolaScript

/// The interactive prompt: read a line, run it (or ask for more while a block or bracket is
/// open), echo values, report errors, repeat until Ctrl-D, `:quit`, `exit` or `quit`.
struct REPL {
    static let primaryPrompt = "pola> "
    static let continuationPrompt = "  ... "

    let terminal: Terminal
    let options: Options

    /// Runs the prompt; with `file`, first loads it into the session as `:load` does.
    func run(loading file: String? = nil) -> ExitStatus {
        let interpreter = Interpreter(host: ScriptRunner(terminal: terminal, options: options).host(echo: true))
        let editor = LineEditor(
            historyPath: Self.historyPath(),
            completions: { line, word in
                Completion(interpreter: interpreter).candidates(line: line, word: word)
            })
        Interrupts.install()
        Stream.out("pola-repl \(Version.current): exact LOLA and POLA at a prompt. :help for help, Ctrl-D to leave.\n")
        let workbench = Workbench(interpreter: interpreter, terminal: terminal)
        if let file { workbench.load(file) }
        var reader = StatementReader()
        var pending: String?
        while true {
            let line: String
            if let next = pending {
                line = next
                pending = nil
            } else {
                let (read, cancelled) = editor.readLine(
                    prompt: reader.isEmpty ? Self.primaryPrompt : Self.continuationPrompt)
                if cancelled { reader = StatementReader() }
                guard let read else {
                    if case .run(let program, let source, _) = reader.finish() { execute(program, source, interpreter) }
                    Stream.out("\n")
                    break
                }
                line = read
            }
            if reader.isEmpty, let outcome = workbench.command(line) {
                editor.remember(line)
                if outcome == .quit { break }
                continue
            }
            switch reader.add(line) {
            case .needMore: continue
            case .failed(let diagnostics, let entry):
                editor.remember(entry)
                Stream.error(DiagnosticRenderer(terminal: terminal).render(diagnostics))
            case .skipping(let diagnostics):
                // The block is open by definition; only the errors in what was typed matter.
                let errors = Diagnostics(
                    source: diagnostics.source, items: diagnostics.items.filter { $0.kind == .error })
                Stream.error(DiagnosticRenderer(terminal: terminal).render(errors))
                Stream.error("(the rest of this block is skipped, up to its closing bracket)\n")
            case .skipped(let entry): editor.remember(entry)
            case .run(let program, let source, let deferred):
                editor.remember(String(source.text.dropLast()))
                execute(program, source, interpreter)
                pending = deferred
            }
        }
        do {
            try editor.saveHistory()
        } catch FileAccess.Failure.refused(let reason) {
            Stream.error("pola-repl: \(reason)\n")
        } catch {}
        return .success
    }

    private func execute(_ program: [Stmt], _ source: Source, _ interpreter: Interpreter) {
        Interrupts.clear()
        do {
            try interpreter.run(program, from: source)
        } catch let diagnostics as Diagnostics {
            // The terminal echoed ^C where the cursor was: the message starts a line of its own.
            if diagnostics.isInterruption, terminal.errorIsTerminal { Stream.error("\r\u{1B}[2K") }
            Stream.error(DiagnosticRenderer(terminal: terminal).render(diagnostics))
        } catch {
            Stream.error("error: \(error)\n")
        }
        Interrupts.clear()
    }

    /// `~/.pola_history`, or none without a home directory.
    static func historyPath() -> String? {
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.pola_history"
    }
}
