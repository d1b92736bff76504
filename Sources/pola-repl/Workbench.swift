import Foundation
import PolaScript

/// The prompt's own commands (`:help`, `:names`, `:load`, `:reload`, `:quit`, and the words
/// `exit` and `quit`), acting on the session's interpreter.
final class Workbench {
    enum Outcome { case keepGoing, quit }

    static let commands = [":help", ":names", ":load", ":reload", ":quit"]

    let interpreter: Interpreter
    let terminal: Terminal
    /// The file `:reload` runs again.
    private(set) var loaded: String?

    init(interpreter: Interpreter, terminal: Terminal) {
        self.interpreter = interpreter
        self.terminal = terminal
    }

    /// Runs `line` if it is a command, or returns nil for a line of PolaScript. `exit` and
    /// `quit` leave unless the session has a name of that spelling.
    func command(_ line: String) -> Outcome? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if ["exit", "quit"].contains(trimmed), interpreter.typeName(of: trimmed) == nil { return .quit }
        guard trimmed.hasPrefix(":") else { return nil }
        let (name, argument) = Self.split(trimmed)
        switch name {
        case ":quit", ":q", ":exit": return .quit
        case ":help", ":h": Stream.out(Help.text(for: argument))
        case ":names": Stream.out(names())
        case ":load":
            guard let argument else {
                Stream.error(":load needs a file, as in :load notebooks/lola-vs-pola.md\n")
                break
            }
            load(argument)
        case ":reload":
            guard let loaded else {
                Stream.error("nothing to reload: :load a file first\n")
                break
            }
            load(loaded)
        default:
            Stream.error(
                "unknown command '\(name)'; commands: :help [name], :names, :load FILE, :reload, :quit\n")
        }
        return .keepGoing
    }

    /// The command word and the rest of the line (quotes around a file name removed).
    static func split(_ line: String) -> (String, String?) {
        guard let space = line.firstIndex(of: " ") else { return (line, nil) }
        var rest = line[space...].trimmingCharacters(in: .whitespaces)
        if rest.count >= 2, rest.hasPrefix("\""), rest.hasSuffix("\"") { rest = String(rest.dropFirst().dropLast()) }
        return (String(line[..<space]), rest.isEmpty ? nil : rest)
    }

    /// `:names`: the names the session defined, each with its type.
    func names() -> String {
        let defined = interpreter.names.filter { Builtins.named($0) == nil }
        guard !defined.isEmpty else { return "no names yet\n" }
        let width = defined.map(\.count).max() ?? 0
        return defined.map { name in
            name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (interpreter.typeName(of: name) ?? "")
        }.joined(separator: "\n") + "\n"
    }

    /// `:load FILE`: a notebook's cells (`.md`) or a script, run in this session as if typed,
    /// up to the first error. Relative paths are relative to the current directory.
    func load(_ path: String) {
        loaded = path
        let sources: [Source]
        if path.hasSuffix(".md") {
            guard case .success(let notebook) = NotebookRunner.load(path) else { return }
            sources = notebook.cells.map { Source(name: path, text: $0.code, firstLine: $0.codeLine) }
        } else {
            do {
                sources = [Source(name: path, text: try SourceFile.text(of: path))]
            } catch {
                Stream.error("\((error as? SourceFile.Unreadable)?.message ?? "\(error)")\n")
                return
            }
        }
        Interrupts.clear()
        defer { Interrupts.clear() }
        for source in sources {
            do {
                try interpreter.run(source)
            } catch let diagnostics as Diagnostics {
                Stream.error(DiagnosticRenderer(terminal: terminal).render(diagnostics))
                return
            } catch {
                Stream.error("error: \(error)\n")
                return
            }
        }
    }
}
