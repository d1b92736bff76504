import Dispatch
import Foundation
import PaperCommands
import Runtime
import TensorLayer

/// `pola-repl paper`: one of the paper's commands, run for each of some seeds, as one table
/// with a `seed` column first, and its provenance.
///
/// The exact script's runs are `experiment`'s (one row per run); the DiCE script's are
/// `train`'s (one row per evaluation, epoch 0 first) on agents `gru(g, seed: 1000 * seed + i)`
/// for seat i and the rule's stream seeded by `seed`, so a script with those calls gives the
/// same numbers.
public struct PaperRun: Sendable {
    public let invocation: PaperInvocation
    /// The command as given (without pola-repl's own flags), for provenance.
    public let command: [String]
    /// Every seed of the sweep, and those this share runs.
    public let seeds: [UInt64]
    public let shard: Shard?
    public let host: Host
    /// One line of progress (every `print_every` epochs) or of resumption, without a newline.
    public let report: @Sendable (String) -> Void

    public init(
        _ invocation: PaperInvocation, command: [String], seeds: [UInt64]?, shard: Shard?, host: Host,
        report: @escaping @Sendable (String) -> Void
    ) {
        self.invocation = invocation
        self.command = command
        self.seeds = seeds ?? [invocation.seed]
        self.shard = shard
        self.host = host
        self.report = report
    }

    /// The seeds this run does: all, or this share's block.
    public var ownSeeds: [UInt64] { shard?.items(seeds) ?? seeds }

    /// Where the table goes when no `--out` is given: `lola-dice-ipd.csv`, `lola_exact.csv`.
    public var defaultOutput: String {
        switch invocation {
        case .exact: "lola_exact.csv"
        case .dice(let command):
            command.rule.kind.rawValue.lowercased() + (command.game.isCoinGame ? "-coin" : "-ipd") + ".csv"
        }
    }

    /// What tells this sweep from another: the command, the seeds, the program's version.
    var context: ShardContext? {
        shard.map {
            ShardContext(
                shard: $0, program: "paper",
                text: (command + ["--seeds"] + seeds.map(String.init) + [Version.current]).joined(separator: " "))
        }
    }

    /// Runs every seed of this share and writes the table (CSV and provenance, both or
    /// neither) to `path`, tagged with the share when sharded. Returns the path written.
    public func run(writingTo path: String) throws -> String {
        var table = Table(columns: [], rows: [], provenance: provenance)
        for seed in ownSeeds {
            let part = try run(seed: seed)
            table = Table(
                columns: ["seed"] + part.columns, rows: table.rows + part.rows.map { [Double(seed)] + $0 },
                provenance: table.provenance)
        }
        if table.columns.isEmpty { table = Table(columns: ["seed"] + columns, rows: [], provenance: provenance) }
        if let context { table.provenance.append(context.provenance) }
        let target = context?.path(for: path) ?? path
        try host.files.write([(CSV.text(table), target), (CSV.provenanceJSON(table), target + ".json")])
        return target
    }

    private var columns: [String] {
        switch invocation {
        case .exact(let command):
            ExperimentRuns(game: command.game, proximal: command.rule.reportsProximalIterations, records: []).columns
        case .dice(let command): SampledTrainRows.columns(coin: command.game.isCoinGame)
        }
    }

    private var provenance: [(String, Value)] {
        var fields: [(String, Value)] = [("command", .string(command.joined(separator: " ")))]
        switch invocation {
        case .exact(let command):
            fields += [
                ("game", Provenance.game(command.game)), ("rule", Provenance.rule(command.rule)),
                ("agents", Self.agents(command.policyKind, runs: command.runs)),
                ("epochs", .number(Double(command.epochs))),
            ]
        case .dice(let command):
            fields += [
                ("game", Provenance.game(command.game)),
                ("rule", Provenance.rule(SampledRuleValue(rule: command.rule, seed: 0)).droppingSeed),
                (
                    "agents",
                    .string(
                        "gru(hidden: \(command.hidden), layers: \(command.layersBeforeGRU), seed: \(Seeding.seatsPerSeed) * seed + seat)"
                    )
                ),
                ("epochs", .number(Double(command.updates))),
            ]
        }
        return fields + [("seeds", .list(seeds.map { .number(Double($0)) })), ("pola-repl", .string(Version.current))]
    }

    /// `--save_dir`, made when missing (as the paper's code does), inside the sandbox if any.
    private func checkpointFolder(_ folder: String) throws -> String {
        let resolved = try host.files.resolve(folder + "/seed.ckpt")
        let directory = (resolved as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FileAccess.Failure.refused(
                "cannot make the --save_dir folder '\(folder)': \(error.localizedDescription)")
        }
        return folder
    }

    /// As `experiment` records its agents, the seed aside (the row's).
    private static func agents(_ kind: PolicyKind, runs: Int) -> Value {
        var fields: [(String, Value)] = [("policy", .string(kind.scriptName))]
        switch kind {
        case .mlp(let hidden), .preconditionedMLP(let hidden): fields.append(("hidden", .number(Double(hidden))))
        case .tabular, .preconditionedTabular: break
        }
        return .record(fields + [("runs", .number(Double(runs)))])
    }

    private func run(seed: UInt64) throws -> Table {
        switch invocation {
        case .exact(let command): try exact(command, seed: seed)
        case .dice(let command):
            try DiCETraining(
                command: command, seed: seed, host: host, report: report,
                checkpoint: try command.saveDirectory.map { try checkpointFolder($0) + "/seed-\(seed).ckpt" }
            ).run()
        }
    }

    private func exact(_ command: PaperCommand, seed: UInt64) throws -> Table {
        let agents = (0..<command.game.agents).map {
            Agent.random(policy: command.policy, seed: seed, seat: $0, runs: command.runs)
        }
        let workers = min(2, command.runs)
        let done = Locked(0)
        let (host, report, every, epochs) = (host, report, command.printEvery, command.epochs)
        let started = DispatchTime.now().uptimeNanoseconds
        defer { host.progress(nil) }
        let (_, records) = try Experiment(rule: command.rule, epochs: epochs)
            .run(
                LearningState(game: command.game, agents: agents), workers: workers, interruption: host.interruption
            ) {
                // Each worker runs every epoch on its share of the runs: the epoch is done when both are.
                let count = done.increment()
                guard count % workers == 0 else { return }
                let epoch = count / workers
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                host.progress(
                    ProgressReport(task: "seed \(seed)", done: epoch, total: epochs, elapsedSeconds: elapsed))
                if epoch % every == 0 || epoch == epochs {
                    report("seed \(seed): epoch \(epoch)/\(epochs)  \(NumberFormat.fixed(elapsed, decimals: 1)) s")
                }
            }
        return ExperimentRuns(game: command.game, proximal: command.rule.reportsProximalIterations, records: records)
            .table(provenance: [])
    }
}

extension PaperInvocation {
    var seed: UInt64 {
        switch self {
        case .exact(let command): command.seed
        case .dice(let command): command.seed
        }
    }
}

extension Value {
    /// A record without its `seed` field: a sweep's rule, whose seed is the row's.
    fileprivate var droppingSeed: Value {
        guard case .record(let fields) = self else { return self }
        return .record(fields.filter { $0.0 != "seed" })
    }
}
