import Foundation
import Runtime

extension Builtins {
    static let learning: [Builtin] = [
        Builtin(
            "step",
            "One simultaneous learning epoch (exact or sampled rules), all agents or none; reports epoch, V0 V1, "
                + "iters0 iters1, converged0 converged1 (train's names).",
            [
                .positional(
                    "rule", .anyRule, "naive(...), lola(...), pola(...), lola_dice(...), pola_dice(...), pola_om(...)"),
                .positional("game", .anyGame, "the game"),
                .variadic("agents", .anyAgent, "one agent per seat"),
            ],
            example: "step(r, g, a, b)"
        ) { args, interpreter in
            if case .sampledRule(let rule) = args.value("rule") {
                return try SampledSession(args, interpreter, rule: rule).advance()
            }
            if case .formulaGame(let formula) = args.value("game") {
                return try FormulaSession(args, interpreter, formula).advance()
            }
            return try LearningSession(args, interpreter).advance()
        },
        Builtin(
            "train",
            "Repeated epochs; a table with one row per epoch, numbered on from the agents' last (kept if "
                + "interrupted); sampled rules: one row per evaluation, epoch 0 first.",
            [
                .positional(
                    "rule", .anyRule, "naive(...), lola(...), pola(...), lola_dice(...), pola_dice(...), pola_om(...)"),
                .positional("game", .anyGame, "the game"),
                .variadic("agents", .anyAgent, "one agent per seat"),
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
            if case .sampledRule(let rule) = args.value("rule") {
                return .table(
                    try SampledSession(args, interpreter, rule: rule).train(epochs: epochs, checkpoints: checkpoints))
            }
            if case .formulaGame(let formula) = args.value("game") {
                try TrainCheckpoints.refuseFormulaGame(args)
                let session = try FormulaSession(args, interpreter, formula)
                return .table(try session.train(epochs: epochs, startRow: args.bool("start_row")))
            }
            let session = try LearningSession(args, interpreter)
            return .table(
                try session.train(
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
                    "seed", .wholeNumber, default: .whole(1), "seed; run r of seat i draws from stream r of seed*1000+i"
                ),
            ],
            example: "e = experiment(pola(inner_lr: 5, outer_lr: 0.3, beta: 0.1), ipd(cf: 1.1), runs: 20, epochs: 2)"
        ) { args, interpreter in
            try runExperiment(args, interpreter)
        },
    ]

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

/// One call of `step` or `train`: the rule, the game and the seated agents, checked.
///
/// Per-agent quantities are named the same everywhere, a stem and the seat: `V0` (value),
/// `q0_DD` (policy), `iters0` (proximal iterations), `converged0`, `model_steps0`; `step`'s
/// report, a `train` row and an `experiment` run share them.
struct LearningSession {
    let args: CallArguments
    let interpreter: Interpreter
    let game: ContributionGame
    let rule: any LearningRule
    let boxes: [AgentBox]

    init(_ args: CallArguments, _ interpreter: Interpreter) throws {
        self.args = args
        self.interpreter = interpreter
        guard let game = args.game("game") else {
            throw args.bad(
                "game", "a game of the exact half (ipd, contribution) expected for this rule",
                got: args.value("game")?.typeName ?? "nothing")
        }
        self.game = game
        boxes = try Builtins.seats(args, game)
        rule = try args.rule("rule")!.forGame(game)
        for (seat, box) in boxes.enumerated() { box.lastSeat = seat }
    }

    /// The number the next epoch gets: one past the most trained agent's, so continued
    /// training numbers its epochs on.
    var nextEpoch: Int { (boxes.map(\.epochs).max() ?? 0) + 1 }

    /// Runs one epoch and installs it in every agent, or changes nothing and throws.
    func advance() throws -> Value {
        let state = LearningState(game: game, agents: boxes.map(\.agent), models: models())
        let epoch = nextEpoch
        do {
            let (next, report) = try rule.step(state, interruption: interpreter.host.interruption)
            install(next, epochs: 1)
            let converged = Self.converged(report.converged, run: 0, agents: game.agents)
            if converged.contains(false) {
                let seats = converged.indices.filter { !converged[$0] }.map(String.init).joined(separator: ", ")
                warnUnconverged("for agent\(seats.count > 1 ? "s" : "") \(seats)")
            }
            return record(report, epoch: epoch, converged: converged)
        } catch let error as RuntimeError {
            throw stopped(error, atEpoch: nil)
        }
    }

    /// Puts `state`'s agents and models into the boxes, `epochs` epochs on from theirs.
    func install(_ state: LearningState<ContributionGame>, epochs: Int) {
        guard epochs > 0 else { return }
        let (ruleFields, gameFields) = (Provenance.rule(rule), Provenance.game(game))
        for (box, agent) in zip(boxes, state.agents) {
            box.agent = agent
            box.learned(epochs, rule: ruleFields, game: gameFields)
        }
        installModels(state)
    }

    /// Puts `state`'s opponent models, if any, into the boxes.
    func installModels(_ state: LearningState<ContributionGame>) {
        if let models = state.models {
            // The model of one's own seat exists only to fill the matrix; it is never used.
            for (seat, (box, own)) in zip(boxes, models).enumerated() {
                box.models = own.enumerated().map { $0.offset == seat ? nil : $0.element }
            }
        }
    }

    /// A Runtime error as `step` or `train` reports it; `epoch` is the one `train` was running.
    private func stopped(_ error: RuntimeError, atEpoch epoch: Int?) -> ScriptError {
        Self.stopped(error, atEpoch: epoch, args)
    }

    /// A Runtime error as `step` or `train` reports it, for the exact and the sampled rules alike.
    static func stopped(_ error: RuntimeError, atEpoch epoch: Int?, _ args: CallArguments) -> ScriptError {
        if error == .interrupted {
            let detail =
                epoch.map { "during epoch \($0); the agents hold epoch \($0 - 1)" } ?? "the agents are unchanged"
            return ScriptError.interrupted(at: args.span, detail)
        }
        let when = epoch.map { " at epoch \($0)" } ?? ""
        let kept = epoch.map { "the agents hold epoch \($0 - 1)" } ?? "the agents keep their parameters"
        return ScriptError(
            "\(args.callee) stopped\(when): " + error.message(call: args.callee), at: args.span,
            notes: [kept + "; a smaller learning rate may help"])
    }

    /// The agents' opponent models, where the rule models opponents: those the agents hold,
    /// and the rule's seeded random start for every seat not modelled yet.
    func models() -> [[Agent]]? {
        guard let modelling = rule.opponentModelling else { return nil }
        let initial = modelling.initialModels(agents: game.agents, runs: 1)
        return boxes.enumerated().map { i, box in
            (0..<game.agents).map { j in (j < box.models.count ? box.models[j] : nil) ?? initial[i][j] }
        }
    }

    /// `step`'s report: a `train` row without the policies (`policy(a)` has them), with every
    /// rule's fields. A rule without a proximal loop reports 0 iterations, converged: it solved
    /// nothing iteratively, and the sum of a run's `iters` stays its proximal work (Figure 3's).
    private func record(_ report: StepReport, epoch: Int, converged: [Bool]) -> Value {
        let seats = 0..<game.agents
        let iterations = report.proximalIterations.first ?? seats.map { _ in 0 }
        var fields: [(String, Value)] = [("epoch", .number(Double(epoch)))]
        fields += seats.map { ("V\($0)", .number(report.values[0][$0])) }
        fields += seats.map { ("iters\($0)", .number(Double(iterations[$0]))) }
        fields += seats.map { ("converged\($0)", .bool(converged[$0])) }
        if let fitted = report.modelFitSteps.first {
            fields += seats.map { ("model_steps\($0)", .number(Double(fitted[$0]))) }
        }
        return .record(fields)
    }

    /// Run `run`'s convergence per agent; every agent converged for rules without a proximal loop.
    static func converged(_ flags: [[Bool]], run: Int, agents: Int) -> [Bool] {
        flags.isEmpty ? [Bool](repeating: true, count: agents) : flags[run]
    }

    private func warnUnconverged(_ place: String) {
        Self.warnUnconverged(rule, place, host: interpreter.host)
    }

    /// Warns through the host that `max_iters` stopped `rule`'s proximal loop `place`.
    static func warnUnconverged(_ rule: any LearningRule, _ place: String, host: Host) {
        let cap = rule.settings.first { $0.0 == .maxIterations }.map { SettingNames.value($0.1) }
        let limit = cap.map { " (\(Render.inline($0)))" } ?? ""
        host.progress(nil)
        host.warn(
            "\(rule.name)'s proximal loop reached max_iters\(limit) before tol \(place); "
                + "raise max_iters or loosen tol")
    }

    /// `epoch V0 V1 q0_DD ... q1_start`, then `iters0 iters1 converged0 converged1` for rules with
    /// a proximal loop (converged is 1 or 0).
    static func columns(_ game: ContributionGame, proximal: Bool, leading: String = "epoch") -> [String] {
        let seats = 0..<game.agents
        var columns = [leading] + seats.map { "V\($0)" }
        columns += seats.flatMap { i in game.stateNames.map { "q\(i)_\($0)" } }
        if proximal { columns += seats.map { "iters\($0)" } + seats.map { "converged\($0)" } }
        return columns
    }

    /// Runs `epochs` epochs into a table, or continues the run a checkpoint holds up to that
    /// many. Stopped part-way (Ctrl-C, divergence), the agents hold the last completed epoch and
    /// the error carries the rows finished (if any), for the assignment; the last checkpoint
    /// written stays whole.
    /// - Parameter startRow: begin with a row for the agents as they are (iterations 0).
    func train(epochs: Int, startRow: Bool, checkpoints: TrainCheckpoints) throws -> Table {
        var run = try checkpoints.resume.map { try resumed(from: $0, epochs: epochs) } ?? fresh()
        if startRow, run.table.rows.isEmpty, run.done == 0 { addStartRow(&run) }
        try checkpoints.save(snapshot(run), interpreter.host.files)
        // Separate variables: the epoch loop changes the state while its callback adds rows.
        var (table, state, done) = (run.table, run.state, run.done)
        let first = run.first
        let proximal = rule.reportsProximalIterations
        var unconverged = 0
        let started = DispatchTime.now().uptimeNanoseconds
        defer { interpreter.host.progress(nil) }
        while done < epochs {
            let stop = checkpoints.nextStop(after: done, of: epochs)
            var completed = 0
            // The Runtime's epoch loop up to the next checkpoint; the state it leaves, at the last
            // completed epoch, goes into the agents whether the loop finished or stopped.
            do {
                try Experiment(rule: rule, epochs: stop - done).run(&state, interruption: interpreter.host.interruption)
                {
                    record in
                    let converged = Self.converged(record.converged, run: 0, agents: game.agents)
                    var row = [Double(first + done + record.epoch - 1)] + record.values[0]
                    row += record.policies[0].flatMap { $0 }
                    if proximal { row += record.proximalIterations[0].map(Double.init) + converged.map { $0 ? 1 : 0 } }
                    table.rows.append(row)
                    completed = record.epoch
                    if converged.contains(false) { unconverged += 1 }
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    interpreter.host.progress(
                        ProgressReport(task: "train", done: done + record.epoch, total: epochs, elapsedSeconds: elapsed)
                    )
                    return true
                }
            } catch let error as RuntimeError {
                install(state, epochs: completed)
                let epoch = first + done + completed
                if unconverged > 0 { warnUnconverged("in \(unconverged) of \(done + completed) epochs") }
                var failure = stopped(error, atEpoch: epoch)
                let how = error == .interrupted ? "interrupted" : "stopped"
                table.provenance.append(("stopped", .string("\(how) during epoch \(epoch)")))
                // Nothing finished, nothing to bind: the name keeps what it held.
                if !table.rows.isEmpty { failure.partial = .table(table) }
                throw failure
            }
            install(state, epochs: stop - done)
            done = stop
            let progress = TrainingProgress(table: table, state: state, done: done, first: first)
            try checkpoints.save(snapshot(progress), interpreter.host.files)
        }
        if unconverged > 0 { warnUnconverged("in \(unconverged) of \(epochs) epochs (see the converged columns)") }
        return table
    }

    /// A train call from the agents as they are: no rows yet, epochs numbered on from theirs.
    func fresh() -> TrainingProgress {
        TrainingProgress(
            table: Table(
                columns: Self.columns(game, proximal: rule.reportsProximalIterations), rows: [],
                provenance: provenance()),
            state: LearningState(game: game, agents: boxes.map(\.agent), models: models()), done: 0,
            first: nextEpoch)
    }

    /// `start_row`'s row: the agents as they start (iterations 0, converged).
    private func addStartRow(_ run: inout TrainingProgress) {
        let policies = Experiment.policies(run.state)[0]
        let extra =
            rule.reportsProximalIterations ? [Double](repeating: 0, count: game.agents) + boxes.map { _ in 1.0 } : []
        run.table.rows.append([Double(run.first - 1)] + run.state.values().scalars + policies.flatMap { $0 } + extra)
    }

    /// Game, rule, every agent as it was when the table began, and the version.
    func provenance() -> [(String, Value)] {
        [("game", Provenance.game(game)), ("rule", Provenance.rule(rule))]
            + boxes.enumerated().map { ("agent \($0.offset)", $0.element.provenance) }
            + [("pola-repl", .string(Version.current))]
    }
}

/// The version written into provenance.
public enum Version {
    public static let current = "0.1.0"
}
