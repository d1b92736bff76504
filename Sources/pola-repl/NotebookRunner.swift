import Foundation
import PolaScript
import Runtime

/// Replays a notebook's cells in one session, as if typed at the prompt.
struct NotebookRunner {
    let terminal: Terminal
    let options: Options

    /// Loads a notebook, or explains on standard error why not.
    func load(_ path: String) -> Notebook? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            Stream.error("pola-repl: cannot read notebook '\(path)'\n")
            return nil
        }
        return Notebook(path: path, text: text)
    }

    /// Every cell's output (errors included, rendered without colour), in order.
    func outputs(of notebook: Notebook) -> [String] {
        let buffer = Locked("")
        let directory = (URL(fileURLWithPath: notebook.path).deletingLastPathComponent().path)
        var host = ScriptRunner(terminal: terminal, options: options).host(echo: true) { text in
            buffer.withLock { $0 += text }
        }
        host.files = FileAccess(sandbox: options.sandbox, base: directory)
        let interpreter = Interpreter(host: host)
        let plain = DiagnosticRenderer(
            terminal: Terminal(inputIsTerminal: false, outputIsTerminal: false, errorIsTerminal: false, colour: false))
        if let timeout = options.timeout { Interrupts.arm(timeout: timeout) }
        return notebook.cells.map { cell in
            buffer.withLock { $0 = "" }
            do {
                try interpreter.run(Source(name: notebook.path, text: cell.code, firstLine: cell.codeLine))
            } catch let diagnostics as Diagnostics {
                let rendered = plain.render(diagnostics)
                buffer.withLock { $0 += rendered }
            } catch {
                buffer.withLock { $0 += "error: \(error)\n" }
            }
            var text = buffer.withLock { $0 }
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        }
    }

    /// `pola-repl run`: each cell as a prompt transcript, then its output.
    func replay(_ path: String) -> ExitStatus {
        guard let notebook = load(path) else { return .usage }
        let outputs = outputs(of: notebook)
        for (cell, output) in zip(notebook.cells, outputs) {
            let lines = cell.code.components(separatedBy: "\n")
            Stream.out(
                lines.enumerated().map { ($0.offset == 0 ? REPL.primaryPrompt : REPL.continuationPrompt) + $0.element }
                    .joined(separator: "\n") + "\n")
            if !output.isEmpty { Stream.out(output + "\n") }
            Stream.out("\n")
        }
        return Interrupts.isRequested ? .interrupted : .success
    }
}
