import Foundation
import PaperCommands
import PolaScript
import Runtime

/// `pola-repl paper [--seeds LIST] [--out FILE.csv] [--shard K/N] COMMAND...`: one of the
/// paper's README commands as written, run for each seed, its progress on standard error (every
/// `--print_every` epochs), its table written as CSV with provenance.
struct PaperRunner {
    let terminal: Terminal
    let options: Options

    /// pola-repl's own flags among the paper's (no script of the paper has these names).
    private enum Own: String, CaseIterable {
        case seeds = "--seeds"
        case out = "--out"
        case shard = "--shard"
    }

    /// A refusal with the argument (an index into the paper's arguments) to put the caret under.
    private struct Refusal: Error {
        let message: String
        let argument: Int?
        var notes: [String] = []
    }

    func run(_ arguments: [String]) -> ExitStatus {
        do {
            return try run(reading: arguments)
        } catch let refusal as Refusal {
            let all = Array(CommandLine.arguments.dropFirst())
            Stream.error(
                ArgumentCaret.render(
                    refusal.message, arguments: all, at: refusal.argument.map { $0 + options.paperOffset },
                    notes: refusal.notes))
            return .usage
        } catch {
            Stream.error("pola-repl: \(error)\n")
            return .runtimeError
        }
    }

    private func run(reading arguments: [String]) throws -> ExitStatus {
        var own = [Own: (text: String, index: Int)]()
        var command = [String]()
        var positions = [Int]()
        var index = 0
        while index < arguments.count {
            if let flag = Own(rawValue: arguments[index]) {
                guard index + 1 < arguments.count else {
                    throw Refusal(message: "\(flag.rawValue) needs a value", argument: index)
                }
                own[flag] = (arguments[index + 1], index + 1)
                index += 2
            } else {
                command.append(arguments[index])
                positions.append(index)
                index += 1
            }
        }
        let invocation: PaperInvocation
        do {
            invocation = try PaperInvocation(command)
        } catch {
            guard let refusal = PaperMessages.refusal(reading: error) else { throw error }
            let at = refusal.flag.flatMap { flag in command.firstIndex(of: flag) }.map { positions[$0] }
            throw Refusal(message: refusal.message, argument: at ?? positions.first, notes: refusal.notes)
        }
        if case .exact(let exact) = invocation, exact.game.agents != 2, let at = command.firstIndex(of: "--n_agents") {
            // The table judges tit-for-tat, which the paper defines for two agents.
            throw Refusal(
                message: "bad flag '--n_agents' (2 expected, got \"\(exact.game.agents)\")", argument: positions[at],
                notes: ["games of more agents run at the prompt: contribution(n: \(exact.game.agents))"])
        }
        var shard = options.shard
        if let (text, at) = own[.shard] {
            do {
                shard = try Shard(text)
            } catch {
                throw Refusal(message: Options.describe(error), argument: at, notes: Options.notes(error))
            }
        }
        let seeds = try own[.seeds].map { try Self.seeds($0.text, at: $0.index) }
        for flag in invocation.ignored { Stream.error("pola-repl: \(PaperMessages.ignored(flag))\n") }
        if case .dice(let dice) = invocation, let every = dice.checkpointEvery, dice.saveDirectory == nil {
            Stream.error(
                "pola-repl: --checkpoint_every \(every): no checkpoints without --save_dir DIR to put them in\n")
        }
        if let (text, _) = own[.seeds], let at = command.firstIndex(of: "--seed"), at + 1 < command.count {
            Stream.error("pola-repl: --seed \(command[at + 1]): replaced by --seeds \(text)\n")
        }
        let terminal = self.terminal
        let paper = PaperRun(
            invocation, command: command, seeds: seeds, shard: shard,
            host: ScriptRunner(terminal: terminal, options: options).host()
        ) { line in
            ProgressLine.show(nil, on: terminal)
            Stream.error(line + "\n")
        }
        Interrupts.install()
        if let timeout = options.timeout { Interrupts.arm(timeout: timeout) }
        do {
            let path = try paper.run(writingTo: own[.out]?.text ?? paper.defaultOutput)
            Stream.out(
                "wrote \(path) and \(path).json (seeds \(paper.ownSeeds.map(String.init).joined(separator: ", ")))\n")
            return .success
        } catch let refusal as DiCETraining.Refusal {
            Stream.error("pola-repl: paper stopped: \(refusal.message); nothing written, the checkpoint kept\n")
            Stream.error("  note: give another --save_dir, or move the checkpoint away to start afresh\n")
            return .runtimeError
        } catch RuntimeError.interrupted {
            Stream.error("pola-repl: interrupted; the table was not written\(Self.resumable(invocation))\n")
            return .interrupted
        } catch let error as RuntimeError {
            Stream.error(
                "pola-repl: paper stopped: \(PaperMessages.refusal(error).message); the table was not written"
                    + Self.resumable(invocation) + "\n")
            return .runtimeError
        } catch FileAccess.Failure.refused(let reason) {
            throw Refusal(message: reason, argument: own[.out]?.index)
        }
    }

    /// How to continue a stopped run, when it left checkpoints.
    private static func resumable(_ invocation: PaperInvocation) -> String {
        guard case .dice(let command) = invocation, let folder = command.saveDirectory else { return "" }
        return " (the same command continues from the checkpoints in \(folder))"
    }

    /// `1-10`, `1,4,7` or `1-3,8`: seeds in the order given, each once.
    static func seeds(_ text: String, at index: Int) throws -> [UInt64] {
        var seeds = [UInt64]()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map { UInt64($0) }
            guard (1...2).contains(ends.count), let low = ends.first!, let high = ends.last!, low <= high,
                high - low < 100_000
            else {
                throw Refusal(
                    message: "bad --seeds '\(text)' (seeds such as 1-10, 1,4,7 or 1-3,8 expected)", argument: index)
            }
            for seed in low...high where !seeds.contains(seed) { seeds.append(seed) }
        }
        return seeds
    }
}
