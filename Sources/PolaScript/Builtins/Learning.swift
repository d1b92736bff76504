import Foundation
import Runtime

extension Builtins {
    static let learning: [Builtin] = [
        Builtin(
            "step",
            "One simultaneous learning epoch (exact or sampled rules), all agents or none; reports epoch, V0 V1, "
                + "iters0 iters1, converged0 converged1 (train's names).",
            sessionParameters,
            example: "step(r, g, a, b)"
        ) { args, interpreter in
            try session(args, interpreter).advance()
        },
        Builtin(
            "train",
            "Repeated epochs; a table with one row per epoch, numbered on from the agents' last (kept if "
                + "interrupted); sampled rules: one row per evaluation, the first of the agents as they start.",
            sessionParameters + [
                .keyword("epochs", .wholeNumber, default: nil, "number of epochs"),
                .keyword("start_row", .bool, default: .bool(false), "begin with a row for the agents as they start"),
                .keyword("checkpoint", .string, default: .nothing, "a file the run is saved to (atomically)"),
                .keyword("every", .wholeNumber, default: .described("epochs"), "with checkpoint: epochs between saves"),
                .keyword("resume", .string, default: .nothing, "a checkpoint of this run to continue, up to epochs"),
            ],
            example: "t = train(r, g, a, b, epochs: 30)"
        ) { args, interpreter in
            let epochs = try args.whole("epochs", in: 1...1_000_000)
            let checkpoints = try TrainCheckpoints(args, epochs: epochs)
            if case .formulaGame = args.value("game") { try TrainCheckpoints.refuseFormulaGame(args) }
            return .table(
                try session(args, interpreter).train(
                    epochs: epochs, startRow: args.bool("start_row"), checkpoints: checkpoints))
        },
        Builtin(
            "experiment",
            "Many seeded runs at once (batched over runs, both cores): Figure 3's numbers, and table, one row per run.",
            [
                .positional("rule", .rule, "the learning rule"), .positional("game", .game, "a 2-agent game"),
                .keyword("policy", .string, default: .string("tabular"), PolicyKind.listed(PolicyKind.scriptNames)),
                .keyword("hidden", .wholeNumber, default: .whole(16), "hidden width of \"mlp\" policies"),
                .keyword("runs", .wholeNumber, default: .whole(20), "independent runs"),
                .keyword("epochs", .wholeNumber, default: nil, "epochs per run"),
                .keyword(
                    "seed", .wholeNumber, default: .whole(1),
                    "seed; run r of seat i draws from stream r of seed*\(Seeding.seatsPerSeed)+i"),
            ],
            example: "e = experiment(pola(inner_lr: 5, outer_lr: 0.3, beta: 0.1), ipd(cf: 1.1), runs: 20, epochs: 2)"
        ) { args, interpreter in
            try runExperiment(args, interpreter)
        },
    ]

    /// What `step` and `train` both take first: either half's rule, its game and the agents, which
    /// make their session.
    private static let sessionParameters: [Parameter] = [
        .positional("rule", .anyRule, "naive(...), lola(...), pola(...), lola_dice(...), pola_dice(...), pola_om(...)"),
        .positional("game", .anyGame, "the game"),
        .variadic("agents", .agent, "one agent per seat"),
    ]

    /// The session of a `step` or `train` call, of the kind its rule and game make.
    static func session(_ args: CallArguments, _ interpreter: Interpreter) throws -> any TrainingSession {
        if case .sampledRule(let rule) = args.value("rule") {
            guard case .sampledGame(let game) = args.value("game") else {
                throw args.bad(
                    "game", "a sampled game expected for \(rule.rule.kind.scriptName)",
                    got: args.value("game")?.typeName ?? "nothing")
            }
            return try game.session(args, interpreter, rule: rule)
        }
        if case .formulaGame(let formula) = args.value("game") { return try FormulaSession(args, interpreter, formula) }
        return try LearningSession(args, interpreter)
    }

    private static func runExperiment(_ args: CallArguments, _ interpreter: Interpreter) throws -> Value {
        let game = args.game("game")!
        guard game.agents == 2 else {
            throw args.bad(
                "game", "a 2-agent game expected (the judgement of TFT is for two)", got: "\(game.agents) agents")
        }
        let runs = try args.whole("runs", in: 1...10_000)
        let epochs = try args.whole("epochs", in: 1...100_000)
        let seed = try args.seed("seed")
        let hidden = try args.whole("hidden", in: 1...Builtins.widestLayer, as: "a width")
        let given = args.string("policy")!
        guard let kind = PolicyKind(scriptName: given, among: PolicyKind.scriptNames, hidden: { hidden }) else {
            throw args.bad("policy", PolicyKind.listed(PolicyKind.scriptNames) + " expected", got: Render.quoted(given))
        }
        let policy = kind.policy(for: game)
        let size = policy.parameterShapes.reduce(0) { $0 + $1.reduce(1, *) } * runs
        guard size <= Builtins.maximumParameters else {
            let most = Builtins.maximumParameters / (size / runs)
            throw args.bad(
                "runs", "at most \(most) runs of this policy (\(Builtins.maximumParameters) parameters in all) expected"
            )
        }
        let rule = try args.rule("rule")!.forGame(game)
        let agents = (0..<2).map { Agent.random(policy: policy, seed: seed, seat: $0, runs: runs) }
        let workers = min(2, runs)
        let done = Locked(0)
        let host = interpreter.host
        let started = DispatchTime.now().uptimeNanoseconds
        let task = "experiment: \(runs) runs x \(epochs) epochs"
        host.progress(ProgressReport(task: task, done: 0, total: epochs, elapsedSeconds: 0))
        defer { host.progress(nil) }
        let records: [EpochRecord]
        do {
            records = try Experiment(rule: rule, epochs: epochs)
                .run(LearningState(game: game, agents: agents), workers: workers, interruption: host.interruption) {
                    // Each worker runs every epoch on its share of the runs; report the slower share.
                    let finished = done.increment() / workers
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    host.progress(ProgressReport(task: task, done: finished, total: epochs, elapsedSeconds: elapsed))
                }.1
        } catch RuntimeError.interrupted {
            throw ScriptError.interrupted(at: args.span, "no run was kept")
        } catch let error as RuntimeError {
            throw ScriptError("experiment stopped: " + error.message(call: "experiment"), at: args.span)
        }
        let outcome = Figure3Outcome(game: game, records: records)
        let provenance: [(String, Value)] = [
            ("game", Provenance.game(game)), ("rule", Provenance.rule(rule)),
            (
                "agents",
                .record(
                    [("policy", .string(given))] + (policy is NeuralPolicy ? [("hidden", .number(Double(hidden)))] : [])
                        + [("seed", .number(Double(seed))), ("runs", .number(Double(runs)))])
            ),
            ("epochs", .number(Double(epochs))), ("pola-repl", .string(Version.current)),
        ]
        let table = ExperimentRuns(game: game, proximal: rule.reportsProximalIterations, records: records)
            .table(provenance: provenance)
        let unconverged =
            records.isEmpty
            ? 0
            : (0..<runs).filter { run in
                records.contains { LearningSession.converged($0.converged, run: run, agents: 2).contains(false) }
            }.count
        if unconverged > 0 {
            LearningSession.warnUnconverged(
                rule, "in \(unconverged) of \(runs) runs (see the table's converged columns)", host: host)
        }
        return .record([
            ("runs", .number(Double(runs))), ("found_tft", .number(Double(outcome.titForTatCount))),
            ("proportion", .number(outcome.proportion)),
            ("policy", .policy(PolicyTable(states: game.stateNames, probabilities: outcome.averagePolicy))),
            ("iters", .number(Double(outcome.proximalIterations))), ("table", .table(table)),
        ])
    }
}

/// The version written into provenance.
public enum Version {
    public static let current = "0.1.0"
}
