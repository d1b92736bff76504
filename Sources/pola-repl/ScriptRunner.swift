import Foundation
import PolaScript

/// Runs a script file or piped standard input to completion.
struct ScriptRunner {
    let terminal: Terminal
    let options: Options

    func host(echo: Bool = false, write: @escaping @Sendable (String) -> Void = { Stream.out($0) }) -> PolaScript.Host {
        let terminal = self.terminal
        return PolaScript.Host(
            write: write, isInterrupted: { Interrupts.isRequested },
            progress: { report in ProgressLine.show(report, on: terminal) },
            warn: { Stream.error("warning: \($0)\n") },
            files: FileAccess(sandbox: options.sandbox), echo: echo)
    }

    func run(path: String) -> ExitStatus {
        do {
            return run(Source(name: path, text: try SourceFile.text(of: path)))
        } catch {
            Stream.error("pola-repl: \((error as? SourceFile.Unreadable)?.message ?? "\(error)")\n")
            return .usage
        }
    }

    func runStandardInput() -> ExitStatus {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            Stream.error("pola-repl: standard input is not UTF-8 text\n")
            return .usage
        }
        return run(Source(name: "<stdin>", text: text))
    }

    private func run(_ source: Source) -> ExitStatus {
        Interrupts.install()
        if let timeout = options.timeout { Interrupts.arm(timeout: timeout) }
        var host = host()
        host.shard = options.shard.map {
            ShardContext(shard: $0, program: (source.name as NSString).lastPathComponent, text: source.text)
        }
        let interpreter = Interpreter(host: host)
        do {
            try interpreter.run(source)
            return .success
        } catch let diagnostics as Diagnostics {
            Stream.error(DiagnosticRenderer(terminal: terminal).render(diagnostics))
            if diagnostics.isInterruption {
                if options.timeout != nil {
                    Stream.error(
                        "pola-repl: stopped after the --timeout of \(NumberFormat.shortest(options.timeout!)) s\n")
                }
                return .interrupted
            }
            return diagnostics.stage == .syntax ? .syntaxError : .runtimeError
        } catch {
            Stream.error("pola-repl: \(error)\n")
            return .runtimeError
        }
    }
}

/// The live progress line on a terminal's standard error: redrawn in place, erased when done.
enum ProgressLine {
    static func show(_ report: ProgressReport?, on terminal: Terminal) {
        guard terminal.errorIsTerminal else { return }
        guard let report else {
            Stream.error("\r\u{1B}[2K")
            return
        }
        var line =
            "\(report.task): \(report.done)/\(report.total)  \(NumberFormat.fixed(report.elapsedSeconds, decimals: 1)) s"
        if let left = report.remainingSeconds, report.done < report.total {
            line += ", about \(NumberFormat.fixed(left, decimals: 1)) s left"
        }
        Stream.error("\r\u{1B}[2K" + terminal.paint(line, "2"))
    }
}
