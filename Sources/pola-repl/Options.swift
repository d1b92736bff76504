import Foundation
import Runtime

/// The command line, read into what to do.
struct Options {
    enum Mode: Equatable {
        case prompt
        case script(String)
        case runNotebook(String)
        case check([String], update: Bool)
        case help
        case version
        /// `paper COMMAND...`: one of the paper's commands as written (`PaperRunner` reads it).
        case paper([String])
        /// `merge OUT SHARE.csv...`: the shares of a sweep into one table.
        case merge(output: String, shares: [String])
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
    /// `--shard k/n`, or the Slurm array task's share: run one share of a sweep's items.
    var shard: Shard?
    /// Where `paper`'s own arguments begin in the command line (for carets under them).
    var paperOffset = 0

    static let usage = """
        usage: pola-repl [options]                 interactive prompt (a script on standard input when piped)
               pola-repl [options] FILE.pola       run a script
               pola-repl [options] run NOTEBOOK.md replay a notebook, printing every cell and its output
                                                   (run FILE.pola runs a script)
               pola-repl [options] paper [--seeds LIST] [--out FILE.csv] COMMAND...
                                                   run one of the paper's commands as written
                                                   (LOLA_exact.py ..., python ./jax_files/POLA_dice_jax.py ...)
                                                   for each seed of LIST (1-10, 1,4,7): a CSV and its provenance
               pola-repl merge OUT.csv SHARE.csv...
                                                   lay the shares of a sweep end to end into OUT.csv
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
          --shard K/N         run share K of N of a sweep (run, FILE.pola, paper): share(items) picks its items,
                              csv(t, "x.csv") writes x.shard-K-of-N.csv; under a Slurm array job the share is
                              read from SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN
          --help, --version

        """

    struct UsageError: Error {
        let message: String
        /// The argument the message is about, for a caret under it.
        var argument: Int?
        var notes: [String] = []
    }

    init(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try read(arguments)
        switch mode {
        case .script, .runNotebook, .paper:
            if shard == nil {
                do {
                    shard = try Shard.slurm(environment)
                } catch {
                    throw UsageError(message: Self.describe(error))
                }
            }
        default:
            if let index = arguments.firstIndex(of: "--shard") {
                throw UsageError(
                    message: "--shard goes with run, a script or paper", argument: index,
                    notes: ["pola-repl --shard 2/4 run sweep.md"])
            }
        }
    }

    private mutating func read(_ arguments: [String]) throws {
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
            case "--shard":
                guard index + 1 < arguments.count else {
                    throw UsageError(message: "--shard needs a value", argument: index, notes: ["--shard 2/4"])
                }
                index += 1
                shard = try Self.shard(arguments[index], at: index)
            case "paper" where rest.isEmpty:
                guard index + 1 < arguments.count else {
                    throw UsageError(
                        message: "paper needs one of the paper's commands", argument: index,
                        notes: ["pola-repl paper python LOLA_exact.py --num_epochs 2 --repeats 2"])
                }
                if update { throw UsageError(message: "--update goes with check") }
                mode = .paper(Array(arguments[(index + 1)...]))
                paperOffset = index + 1
                return
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
        case "merge":
            guard rest.count >= 3 else { throw UsageError(message: "merge takes OUT.csv and the shares' CSV files") }
            mode = .merge(output: rest[1], shares: Array(rest.dropFirst(2)))
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

    /// `--shard`'s value, or an error under it.
    static func shard(_ text: String, at index: Int) throws -> Shard {
        do {
            return try Shard(text)
        } catch {
            throw UsageError(message: describe(error), argument: index, notes: notes(error))
        }
    }

    static func describe(_ problem: Shard.Problem) -> String {
        switch problem {
        case .notAFraction(let text): "bad --shard '\(text)' (K/N expected: share K of N, two whole numbers)"
        case .noShares(let text): "bad --shard '\(text)' (at least one share expected)"
        case .outOfRange(let index, let count):
            "bad --shard '\(index)/\(count)' (a share from 1 to \(count) expected, got \(index))"
        case .slurmVariable(let name, nil):
            "SLURM_ARRAY_TASK_ID is set but \(name) is not: is this an array job (sbatch --array)?"
        case .slurmVariable(let name, let text?): "\(name) is '\(text)', not a whole number"
        case .slurmTaskOutsideArray(let id, let minimum, let count):
            "SLURM_ARRAY_TASK_ID \(id) lies outside the array of \(count) tasks from \(minimum) "
                + "(sbatch --array with a step or a list is not supported: use --array=1-N)"
        }
    }

    static func notes(_ problem: Shard.Problem) -> [String] {
        switch problem {
        case .notAFraction, .noShares: ["--shard 2/4 runs the second of four shares"]
        case .outOfRange(_, let count) where count >= 1:
            ["shares count from 1: --shard 1/\(count) to --shard \(count)/\(count)"]
        default: []
        }
    }
}
