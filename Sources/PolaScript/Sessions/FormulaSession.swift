import Runtime

/// One call of `step` or `train` on a formula game: the rule, the game and the seated points,
/// checked. Reports and tables name things as for the other games (`V0`, `iters0`,
/// `converged0`), with one column per parameter named after the function's arguments.
struct FormulaSession: TrainingSession {
    let args: CallArguments
    let interpreter: Interpreter
    let formula: FormulaGameValue
    let rule: any LearningRule
    let boxes: [AgentBox]

    init(_ args: CallArguments, _ interpreter: Interpreter, _ formula: FormulaGameValue) throws {
        guard case .rule(let value) = args.value("rule")! else {
            throw args.bad(
                "rule", "an exact rule (naive, lola, pola, lookahead, sos, sga, co, cgd) expected for a formula game",
                got: args.value("rule")!.typeName)
        }
        guard value.rule.opponentModelling == nil else {
            var error = args.bad("rule", "a rule without model: expected for a formula game", got: "a modelling rule")
            error.notes = ["opponent models are policies over a game's states; a formula game has none"]
            throw error
        }
        (self.args, self.interpreter, self.formula, rule) = (args, interpreter, formula, value.rule)
        boxes = try args.seatedAgents(.formula(formula))
    }

    private var seats: Range<Int> { 0..<formula.agents }

    var ruleFields: Value { Provenance.rule(rule) }
    var gameFields: Value { formula.fields }

    func trainer(evaluating: Bool) -> FormulaTrainer {
        FormulaTrainer(rule: rule)
    }

    func startState() -> LearningState<FormulaGame> {
        LearningState(game: formula.game(interpreter, at: args.span), agents: points)
    }

    private var points: [FormulaGame.Player] { boxes.map { $0.player(FormulaGame.Player.self)! } }

    /// A formula game's agents are their points alone.
    func installExtras(_ state: LearningState<FormulaGame>) {}

    /// `epoch V0 V1 x y` (one column per parameter, named after the function's arguments: `x`, or
    /// `x_0 x_1` for a point of several), then `iters0 ... converged0 ...` for a proximal rule.
    var columns: [String] {
        let names = formula.losses.declaration.parameters
        var columns = ["epoch"] + seats.map { "V\($0)" }
        columns += zip(names, points).flatMap { name, point in
            point.parameters[0].count == 1 ? [name] : (0..<point.parameters[0].count).map { "\(name)_\($0)" }
        }
        if rule.reportsProximalIterations { columns += seats.map { "iters\($0)" } + seats.map { "converged\($0)" } }
        return columns
    }

    func row(epoch: Int, _ state: LearningState<FormulaGame>, _ report: StepReport) -> [Double] {
        [Double(epoch)] + report.values[0] + state.agents.flatMap { $0.parameters[0].scalars }
            + proximalCells(report, of: rule)
    }

    func report(epoch: Int, _ state: LearningState<FormulaGame>, _ report: StepReport) -> Value {
        LearningSession.record(epoch: epoch, report, agents: formula.agents)
    }

    func recordsStart(startRow: Bool) -> Bool { startRow }

    func progressReport(_ progress: EpochLoop<FormulaTrainer>.Progress, first: Int?, elapsed: Double)
        -> ProgressReport?
    {
        guard first != nil, progress.epochProgress == nil else { return nil }
        return ProgressReport(task: "train", done: progress.epoch, total: progress.lastEpoch, elapsedSeconds: elapsed)
    }

    /// A formula game's run is not saved (`TrainCheckpoints.refuseFormulaGame` refuses first):
    /// its losses are a function, which a checkpoint cannot hold.
    func snapshot(_ run: TrainingRunSoFar<LearningState<FormulaGame>>) -> Checkpoint? { nil }

    func resumed(from file: CheckpointFile, epochs: Int) throws -> TrainingRunSoFar<LearningState<FormulaGame>> {
        try TrainCheckpoints.refuseFormulaGame(args)
        return fresh()
    }

    /// A formula's error (positioned in the function) with a note on what the agents hold.
    static func noted(_ error: any Error, _ note: String) -> any Error {
        switch error {
        case let located as Interpreter.Located:
            var inner = located.error
            inner.notes.append(note)
            return Interpreter.Located(source: located.source, error: inner)
        case var script as ScriptError:
            script.notes.append(note)
            return script
        default: return error
        }
    }
}

/// An exact rule on a formula game, whose values run a PolaScript function: a failing formula
/// makes the game's values NaN and fires the interruption, so the rule stops at its next check
/// (or on the NaN); the formula's own error is reported then (`Failure`), positioned in the
/// function, and nothing is installed.
struct FormulaTrainer: EpochTrainer {
    let rule: any LearningRule

    /// The formula's own error, which voided the epoch.
    struct Failure: Error {
        let error: any Error
    }

    func epoch(
        _ state: LearningState<FormulaGame>, interruption: Interruption,
        progress: @escaping @Sendable (EpochProgress) -> Void
    ) throws -> (LearningState<FormulaGame>, StepReport) {
        let game = state.game
        let stop = Interruption { interruption.isRequested || game.failure != nil }
        do {
            let result = try ExactTrainer<FormulaGame>(rule: rule).epoch(state, interruption: stop, progress: progress)
            // A failure the rule did not notice (a look-ahead point, say) still voids the step.
            if let failure = game.failure { throw Failure(error: failure) }
            return result
        } catch let error as RuntimeError {
            throw game.failure.map { Failure(error: $0) } ?? error
        }
    }

    /// The points' values as they start, minus their losses, with no proximal work; a failing
    /// formula's error stops the run before its first epoch.
    func startRecord(_ state: inout LearningState<FormulaGame>) throws -> StepReport {
        let values = try state.game.losses(of: state.agents).map { $0.map { -$0 } }
        return StepReport(atStart: values, proximal: rule.reportsProximalIterations)
    }
}
