import Foundation
import PolaScript

/// Dispatch only: read the command line, hand over to the prompt, a script or the notebooks.
let terminal = Terminal.current()
let options: Options
do {
    options = try Options(Array(CommandLine.arguments.dropFirst()))
} catch let error as Options.UsageError {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if error.argument == nil {
        Stream.error("pola-repl: \(error.message)\n\n" + Options.usage)
    } else {
        Stream.error(ArgumentCaret.render(error.message, arguments: arguments, at: error.argument, notes: error.notes))
    }
    exit(ExitStatus.usage.rawValue)
}

let status: ExitStatus = LargeStack.run {
    switch options.mode {
    case .help:
        Stream.out(Options.usage)
        return .success
    case .version:
        Stream.out("pola-repl \(Version.current)\n")
        return .success
    case .script(let path) where options.thenPrompt && terminal.inputIsTerminal,
        .runNotebook(let path) where options.thenPrompt && terminal.inputIsTerminal:
        return REPL(terminal: terminal, options: options).run(loading: path)
    case .script(let path): return ScriptRunner(terminal: terminal, options: options).run(path: path)
    case .runNotebook(let path): return NotebookRunner(terminal: terminal, options: options).replay(path)
    case .merge(let output, let shares):
        return ShardMergeCommand(files: FileAccess(sandbox: options.sandbox)).run(output, shares)
    case .paper(let arguments): return PaperRunner(terminal: terminal, options: options).run(arguments)
    case .check(let paths, let update):
        return Checker(terminal: terminal, options: options).check(paths, update: update)
    case .prompt:
        guard terminal.inputIsTerminal else {
            return ScriptRunner(terminal: terminal, options: options).runStandardInput()
        }
        return REPL(terminal: terminal, options: options).run()
    }
}
exit(status.rawValue)
