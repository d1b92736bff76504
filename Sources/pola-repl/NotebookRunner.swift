import Foundation
import PolaScript
import Runtime

/// Replays a notebook's cells in one session, as if typed at the prompt.
struct NotebookRunner {
    let terminal: Terminal
    let options: Options
    /// Whether files the cells write are written (`run`), or only checked (`check`, unless
    /// `--write-files`): a replay that compares outputs leaves no files behind.
    var writesFiles = true

    /// One cell's replay: what it printed, and the error that stopped it, if any.
    struct CellRun {
        let printed: String
        let failure: Diagnostics?
        /// Not replayed (a `long` or `cluster` cell `check` skips): `printed` is its recording.
        var skipped = false

        /// What `check` records: the printed text, then the error rendered without colour.
        var output: String {
            var text = printed + (failure.map(DiagnosticRenderer(terminal: .plain).render) ?? "")
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        }
    }

    /// Loads a notebook, or explains on standard error why not.
    /// - Returns: the notebook, or the exit status saying why not: 64 for a file that cannot
    ///   be read, 65 for one that is no notebook (no cell, an unknown directive).
    static func load(_ path: String) -> Result<Notebook, ExitStatus> {
        do {
            return .success(try Notebook(path: path, text: try SourceFile.text(of: path)))
        } catch let problem as Notebook.Problem {
            Stream.error("\(path):" + (problem.line.map { "\($0):" } ?? "") + " error: \(problem.message)\n")
            return .failure(.syntaxError)
        } catch {
            Stream.error("pola-repl: \((error as? SourceFile.Unreadable)?.message ?? "\(error)")\n")
            return .failure(.usage)
        }
    }

    /// The interpreter a replay runs in, writing into `buffer`.
    func interpreter(writingInto buffer: Locked<String>) -> Interpreter {
        var host = ScriptRunner(terminal: terminal, options: options).host(echo: true) { text in
            buffer.withLock { $0 += text }
        }
        host.files = FileAccess(sandbox: options.sandbox, writes: writesFiles)
        return Interpreter(host: host)
    }

    /// Every cell's replay, in order, up to the first that fails when `stoppingAtFailure`.
    /// Diagnostics name the notebook by its file name unless `name` says otherwise, so recorded
    /// outputs never hold the path it was invoked with.
    /// Cells `replays` turns down are not run: their run is their recorded output, marked skipped.
    func runs(
        of notebook: Notebook, naming name: String? = nil, stoppingAtFailure: Bool = false,
        replaying replays: (Notebook.Cell) -> Bool = { _ in true }
    ) -> [CellRun] {
        let buffer = Locked("")
        let interpreter = interpreter(writingInto: buffer)
        let name = name ?? URL(fileURLWithPath: notebook.path).lastPathComponent
        // The shares of a sweep run the same cells; their recorded outputs may differ.
        interpreter.host.shard = options.shard.map {
            ShardContext(shard: $0, program: name, text: notebook.cells.map(\.code).joined(separator: "\n"))
        }
        Interrupts.install()
        if let timeout = options.timeout { Interrupts.arm(timeout: timeout) }
        var runs = [CellRun]()
        for cell in notebook.cells {
            guard replays(cell) else {
                runs.append(CellRun(printed: cell.output ?? "", failure: nil, skipped: true))
                continue
            }
            buffer.withLock { $0 = "" }
            var failure: Diagnostics?
            do {
                try interpreter.run(Source(name: name, text: cell.code, firstLine: cell.codeLine))
            } catch let diagnostics as Diagnostics {
                failure = diagnostics
            } catch {
                let source = Source(name: name, text: cell.code, firstLine: cell.codeLine)
                failure = Diagnostics(
                    source: source, items: [Diagnostic("\(error)", at: SourceSpan(0, 0))], stage: .run)
            }
            runs.append(CellRun(printed: buffer.withLock { $0 }, failure: failure))
            if failure != nil, stoppingAtFailure { break }
        }
        return runs
    }

    /// `pola-repl run`: each cell as a prompt transcript, then its output; the first cell that
    /// fails stops the replay, its error on standard error.
    func replay(_ path: String) -> ExitStatus {
        let notebook: Notebook
        switch Self.load(path) {
        case .success(let loaded): notebook = loaded
        case .failure(let status): return status
        }
        let runs = runs(of: notebook, naming: path, stoppingAtFailure: true)
        for (cell, run) in zip(notebook.cells, runs) {
            Stream.out(Self.transcript(of: cell.code) + run.printed)
            guard let failure = run.failure else {
                Stream.out("\n")
                continue
            }
            Stream.error(DiagnosticRenderer(terminal: terminal).render(failure))
            return failure.isInterruption ? .interrupted : .runtimeError
        }
        return .success
    }

    /// A cell's code as typed at the prompt.
    static func transcript(of code: String) -> String {
        code.components(separatedBy: "\n").enumerated()
            .map { ($0.offset == 0 ? REPL.primaryPrompt : REPL.continuationPrompt) + $0.element }
            .joined(separator: "\n") + "\n"
    }
}
