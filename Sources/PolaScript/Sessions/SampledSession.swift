import Foundation
import Runtime

/// One call of `step` or `train` with a DiCE rule: the rule, the sampled game and the two
/// seated agents, checked. Like `LearningSession` for the exact rules: all or nothing per epoch.
struct SampledSession {
    let args: CallArguments
    let interpreter: Interpreter
    let game: SampledGame
    let rule: SampledRuleValue
    let boxes: [SampledAgentBox]

    init(_ args: CallArguments, _ interpreter: Interpreter, rule: SampledRuleValue) throws {
        guard case .sampledGame(let game) = args.value("game") else {
            throw args.bad(
                "game", "a sampled game expected for \(rule.rule.kind.scriptName)",
                got: args.value("game")?.typeName ?? "nothing")
        }
        self.args = args
        self.interpreter = interpreter
        self.game = game
        self.rule = rule
        boxes = try Builtins.sampledSeats(args, game)
    }

    /// One epoch, installed in both agents, or nothing changed and an error.
    func advance() throws -> Value {
        switch game {
        case .ipd(let g): try advance(g)
        case .coin(let g): try advance(g)
        }
        return .record([
            ("epoch", .number(Double(boxes[0].epochs))), ("outer_steps", .number(Double(rule.rule.outerSteps))),
        ])
    }

    /// `epochs` epochs with the evaluation before the first and after each: one row per
    /// evaluation (`epoch` 0 is the start).
    /// With `checkpoints`, the run is saved as it goes, or continued from a checkpoint up to
    /// `epochs`.
    func train(epochs: Int, checkpoints: TrainCheckpoints) throws -> Table {
        switch game {
        case .ipd(let g): try train(g, epochs: epochs, checkpoints: checkpoints)
        case .coin(let g): try train(g, epochs: epochs, checkpoints: checkpoints)
        }
    }

    private func advance<Environment: FixedStrategyEnvironment & CheckpointedEnvironment>(
        _ environment: Environment
    ) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { interpreter.host.progress(nil) }
        let state = try epoch(
            start(environment), task: "\(rule.rule.kind.scriptName): outer steps", started: started, epoch: nil)
        install(state, epochs: 1)
    }

    private func train<Environment: FixedStrategyEnvironment & CheckpointedEnvironment>(
        _ environment: Environment, epochs: Int, checkpoints: TrainCheckpoints
    ) throws -> Table {
        var (table, state) =
            try checkpoints.resume.map { try resumed(from: $0, environment, epochs: epochs) }
            ?? (Table(columns: columns, rows: [], provenance: provenance()), start(environment))
        // The epochs the boxes already count: those of the agents given, or of the checkpoint.
        let installed = state.epoch
        let started = DispatchTime.now().uptimeNanoseconds
        defer { interpreter.host.progress(nil) }
        func evaluate() {
            let evaluation = SampledEvaluation.evaluate(
                environment, agents: state.agents, batch: rule.rule.batch, using: &state.generator)
            table.rows.append(SampledTrainRows.row(epoch: table.rows.count, evaluation))
        }
        if table.rows.isEmpty { evaluate() }
        try checkpoints.save(snapshot(table, state, installed: installed), interpreter.host.files)
        while state.epoch < epochs {
            let k = state.epoch + 1
            do {
                state = try epoch(state, task: "train epoch \(k)/\(epochs): outer steps", started: started, epoch: k)
            } catch let error as RuntimeError {
                install(state, epochs: state.epoch - installed)
                throw stopped(error, atEpoch: k)
            }
            evaluate()
            if k == checkpoints.nextStop(after: k - 1, of: epochs) {
                try checkpoints.save(snapshot(table, state, installed: installed), interpreter.host.files)
            }
        }
        install(state, epochs: state.epoch - installed)
        return table
    }

    /// `epoch score0 score1 alld0 alld1 allc0 allc1 tft0 tft1`, and `same different` in the Coin Game.
    var columns: [String] {
        if case .coin = game { SampledTrainRows.columns(coin: true) } else { SampledTrainRows.columns(coin: false) }
    }

    func start<Environment: SampledEnvironment>(_ environment: Environment)
        -> SampledLearningState<Environment>
    {
        let models = boxes.allSatisfy { $0.model != nil } ? boxes.map { $0.model! } : nil
        var state = SampledLearningState(environment: environment, agents: boxes.map(\.agent), models: models, seed: 0)
        state.generator = rule.generator
        return state
    }

    /// One epoch of the rule, its outer steps on the progress line; `epoch` is `train`'s.
    private func epoch<Environment: SampledEnvironment>(
        _ state: SampledLearningState<Environment>, task: String, started: UInt64, epoch: Int?
    ) throws -> SampledLearningState<Environment> {
        let host = interpreter.host
        let progress: @Sendable (EpochProgress) -> Void = { done in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            host.progress(
                ProgressReport(task: task, done: done.outerStepsDone, total: done.outerSteps, elapsedSeconds: elapsed))
        }
        progress(EpochProgress(outerStepsDone: 0, outerSteps: rule.rule.outerSteps))
        do {
            return try rule.rule.step(state, interruption: host.interruption, progress: progress)
        } catch let error as RuntimeError where epoch == nil {
            throw stopped(error, atEpoch: nil)
        }
    }

    /// Puts the state's agents, models and random stream into the boxes and the rule.
    func install<Environment>(_ state: SampledLearningState<Environment>, epochs: Int) {
        guard epochs > 0 else { return }
        for (i, box) in boxes.enumerated() {
            box.agent = state.agents[i]
            box.model = state.models?[i] ?? box.model
            box.epochs += epochs
        }
        rule.generator = state.generator
    }

    /// A Runtime error as `step` or `train` reports it; `epoch` is the one `train` was running.
    private func stopped(_ error: RuntimeError, atEpoch epoch: Int?) -> ScriptError {
        LearningSession.stopped(error, atEpoch: epoch, args)
    }

    func provenance() -> [(String, Value)] {
        [("game", Provenance.game(game)), ("rule", Provenance.rule(rule))]
            + boxes.enumerated().map { ("agent \($0.offset)", .string($0.element.history)) }
            + [("pola-repl", .string(Version.current))]
    }
}
