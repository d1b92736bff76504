import Foundation

/// The command line, read into what to do.
struct Options {
    enum Mode: Equatable {
        case prompt
        case script(String)
        case runNotebook(String)
        case check([String], update: Bool)
        case help
        case version
    }

    var mode: Mode = .prompt
    var sandbox: String?
    var timeout: Double?
    /// `check --write-files`: let the replayed cells write their files (`check` only checks them).
    var writeFiles = false
    /// `check --all`: replay the cells marked `long` too (see `Notebook.Cell.Length`).
    var replayAll = false
    /// `-i` / `--then-prompt`: after running the file, keep its session at the prompt.
    var thenPrompt = false

    static let usage = """
        usage: pola-repl [options]                 interactive prompt (a script on standard input when piped)
               pola-repl [options] FILE.pola       run a script
               pola-repl [options] run NOTEBOOK.md replay a notebook, printing every cell and its output
                                                   (run FILE.pola runs a script)
               pola-repl [options] check [--update] [--write-files] [--all] NOTEBOOK.md...
                                                   replay notebooks and compare with their recorded outputs;
                                                   files the cells write are checked, not written, unless
                                                   --write-files; cells marked long are skipped (and
                                                   counted) unless --all
        options:
          -i, --then-prompt   after running FILE (a script or a notebook), keep its session at the prompt
          --sandbox DIR       write files only inside DIR (relative paths resolve there; else in the
                              current directory, at the prompt, in scripts and in notebooks alike)
          --timeout SECONDS   interrupt a non-interactive run after SECONDS
          --help, --version

        """

    struct UsageError: Error {
        let message: String
    }

    init(_ arguments: [String]) throws {
        var rest = [String]()
        var update = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--help", "-h":
                mode = .help
                return
            case "--version":
                mode = .version
                return
            case "--update": update = true
            case "--write-files": writeFiles = true
            case "--all": replayAll = true
            case "-i", "--then-prompt": thenPrompt = true
            case "--sandbox", "--timeout":
                guard index + 1 < arguments.count else { throw UsageError(message: "\(argument) needs a value") }
                let value = arguments[index + 1]
                index += 1
                if argument == "--sandbox" {
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory),
                        isDirectory.boolValue
                    else {
                        throw UsageError(message: "--sandbox needs an existing folder, and '\(value)' is none")
                    }
                    sandbox = value
                } else {
                    guard let seconds = Double(value), seconds > 0, seconds.isFinite else {
                        throw UsageError(message: "--timeout needs a positive number of seconds, got '\(value)'")
                    }
                    timeout = seconds
                }
            default:
                if argument.hasPrefix("-"), argument.count > 1 {
                    throw UsageError(message: "unknown option '\(argument)'")
                }
                rest.append(argument)
            }
            index += 1
        }
        switch rest.first {
        case nil:
            if update { throw UsageError(message: "--update goes with check") }
            if thenPrompt { throw UsageError(message: "-i (--then-prompt) needs a file") }
        case "run":
            guard rest.count == 2 else { throw UsageError(message: "run takes one notebook") }
            mode = rest[1].hasSuffix(".pola") ? .script(rest[1]) : .runNotebook(rest[1])
        case "check":
            guard rest.count >= 2 else { throw UsageError(message: "check takes one or more notebooks") }
            if thenPrompt { throw UsageError(message: "--then-prompt goes with a script or run") }
            mode = .check(Array(rest.dropFirst()), update: update)
            return
        default:
            guard rest.count == 1 else {
                throw UsageError(message: "one script at a time (got \(rest.count) arguments)")
            }
            mode = .script(rest[0])
        }
        if update { throw UsageError(message: "--update goes with check") }
        if writeFiles { throw UsageError(message: "--write-files goes with check") }
        if replayAll { throw UsageError(message: "--all goes with check") }
    }
}
