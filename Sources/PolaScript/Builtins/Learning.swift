import Foundation
import Runtime

extension Builtins {
    static let learning: [Builtin] = [
        Builtin(
            "step",
            "One simultaneous learning epoch (exact or sampled rules); the agents change in place, all or none.",
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
            let session = try LearningSession(args, interpreter)
            let report = try session.advance()
            return session.record(report)
        },
        Builtin(
            "train",
            "Repeated epochs; returns a table with one row per epoch (sampled rules: evaluations, epoch 0 first).",
            [
                .positional(
                    "rule", .anyRule, "naive(...), lola(...), pola(...), lola_dice(...), pola_dice(...), pola_om(...)"),
                .positional("game", .anyGame, "the game"),
                .variadic("agents", .anyAgent, "one agent per seat"),
                .keyword("epochs", .wholeNumber, default: nil, "number of epochs"),
            ],
            example: "t = train(r, g, a, b, epochs: 30)"
        ) { args, interpreter in
            let epochs = try args.whole("epochs", in: 1...1_000_000, default: 0)
            if case .sampledRule(let rule) = args.value("rule") {
                return .table(try SampledSession(args, interpreter, rule: rule).train(epochs: epochs))
            }
            let session = try LearningSession(args, interpreter)
            return .table(try session.train(epochs: epochs))
        },
        Builtin(
            "experiment", "Many seeded runs at once (batched over runs, both cores); returns Figure 3's numbers.",
            [
                .positional("rule", .rule, "the learning rule"), .positional("game", .game, "a 2-agent game"),
                .keyword("policy", .string, default: "\"tabular\"", PolicyKind.listed(PolicyKind.scriptNames)),
                .keyword("hidden", .wholeNumber, default: "16", "hidden width of \"mlp\" policies"),
                .keyword("runs", .wholeNumber, default: "20", "independent runs"),
                .keyword("epochs", .wholeNumber, default: nil, "epochs per run"),
                .keyword(
                    "seed", .wholeNumber, default: "1", "seed; run r of seat i draws from stream r of seed*1000+i"),
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
        let runs = try args.whole("runs", in: 1...10_000, default: 20)
        let epochs = try args.whole("epochs", in: 1...100_000, default: 0)
        let seed = try args.seed("seed")
        let hidden = try args.whole("hidden", in: 1...4096, default: 16, as: "a width")
        let given = args.string("policy") ?? "tabular"
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
        return .record([
            ("runs", .number(Double(runs))), ("found_tft", .number(Double(outcome.titForTatCount))),
            ("proportion", .number(outcome.proportion)),
            ("policy", .policy(PolicyTable(states: game.stateNames, probabilities: outcome.averagePolicy))),
            ("proximal_iterations", .number(Double(outcome.proximalIterations))),
        ])
    }
}

/// One call of `step` or `train`: the rule, the game and the seated agents, checked.
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
    }

    /// Runs one epoch and installs it in every agent, or changes nothing and throws.
    func advance() throws -> StepReport {
        let state = LearningState(game: game, agents: boxes.map(\.agent), models: models())
        do {
            let (next, report) = try rule.step(state, interruption: interpreter.host.interruption)
            install(next, epochs: 1)
            return report
        } catch let error as RuntimeError {
            throw stopped(error, atEpoch: nil)
        }
    }

    /// Puts `state`'s agents and models into the boxes, `epochs` epochs on from theirs.
    private func install(_ state: LearningState<ContributionGame>, epochs: Int) {
        guard epochs > 0 else { return }
        for (box, agent) in zip(boxes, state.agents) {
            box.agent = agent
            box.epochs += epochs
        }
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
        let when = epoch.map { "at epoch \($0): " } ?? ""
        let kept = epoch.map { "the agents hold epoch \($0 - 1)" } ?? "the agents keep their parameters"
        return ScriptError(
            "\(args.callee) stopped \(when)" + error.message(call: args.callee), at: args.span,
            notes: [kept + "; a smaller learning rate may help"])
    }

    /// The agents' opponent models, where the rule models opponents: those the agents hold,
    /// and the rule's seeded random start for every seat not modelled yet.
    private func models() -> [[Agent]]? {
        guard let modelling = rule.opponentModelling else { return nil }
        let initial = modelling.initialModels(agents: game.agents, runs: 1)
        return boxes.enumerated().map { i, box in
            (0..<game.agents).map { j in (j < box.models.count ? box.models[j] : nil) ?? initial[i][j] }
        }
    }

    func record(_ report: StepReport) -> Value {
        var fields: [(String, Value)] = [("values", .list(report.values[0].map(Value.number)))]
        if !report.proximalIterations.isEmpty {
            fields.append(("iterations", .list(report.proximalIterations[0].map { .number(Double($0)) })))
        }
        if !report.modelFitSteps.isEmpty {
            fields.append(("model_steps", .list(report.modelFitSteps[0].map { .number(Double($0)) })))
        }
        return .record(fields)
    }

    func train(epochs: Int) throws -> Table {
        let names = game.stateNames
        let origins = provenance()
        var columns = ["epoch"] + (0..<game.agents).map { "V\($0)" }
        columns += (0..<game.agents).flatMap { i in names.map { "q\(i)_\($0)" } }
        let proximal = rule.reportsProximalIterations
        if proximal { columns += (0..<game.agents).map { "iters\($0)" } }
        var table = Table(columns: columns, rows: [], provenance: origins)
        let started = DispatchTime.now().uptimeNanoseconds
        defer { interpreter.host.progress(nil) }
        // The Runtime's epoch loop; the state it leaves, at the last completed epoch, goes into
        // the agents whether the loop finished or stopped.
        var state = LearningState(game: game, agents: boxes.map(\.agent), models: models())
        do {
            try Experiment(rule: rule, epochs: epochs).run(&state, interruption: interpreter.host.interruption) {
                record in
                var row = [Double(record.epoch)] + record.values[0] + record.policies[0].flatMap { $0 }
                if proximal { row += record.proximalIterations[0].map(Double.init) }
                table.rows.append(row)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                interpreter.host.progress(
                    ProgressReport(task: "train", done: record.epoch, total: epochs, elapsedSeconds: elapsed))
                return true
            }
        } catch let error as RuntimeError {
            install(state, epochs: table.rows.count)
            throw stopped(error, atEpoch: table.rows.count + 1)
        }
        install(state, epochs: epochs)
        return table
    }

    func provenance() -> [(String, String)] {
        [("game", Render.describe(game)), ("rule", Render.describe(rule))]
            + boxes.enumerated().map { ("agent \($0.offset)", $0.element.history) }
            + [("pola-repl", Version.current)]
    }
}

/// The version written into provenance.
public enum Version {
    public static let current = "0.1.0"
}
