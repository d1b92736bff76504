import Runtime

/// One call of `step` or `train` with an exact rule on an exact game (the contribution game and
/// matrix games): the rule, the game and the seated agents, checked.
struct LearningSession: TrainingSession {
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

    var ruleFields: Value { Provenance.rule(rule) }
    var gameFields: Value { Provenance.game(game) }

    func trainer(evaluating: Bool) -> ExactTrainer<ContributionGame> { ExactTrainer(rule: rule) }

    func startState() -> LearningState<ContributionGame> {
        LearningState(game: game, agents: boxes.map(\.agent), models: models())
    }

    /// Puts `state`'s opponent models, if any, into the boxes.
    func installExtras(_ state: LearningState<ContributionGame>) {
        if let models = state.models {
            // The model of one's own seat exists only to fill the matrix; it is never used.
            for (seat, (box, own)) in zip(boxes, models).enumerated() {
                box.models = own.enumerated().map { $0.offset == seat ? nil : $0.element }
            }
        }
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

    var columns: [String] { Self.columns(game, proximal: rule.reportsProximalIterations) }

    /// `epoch V0 V1 q0_DD ... q1_start`, then `iters0 iters1 converged0 converged1` for rules with
    /// a proximal loop (converged is 1 or 0).
    static func columns(_ game: ContributionGame, proximal: Bool, leading: String = "epoch") -> [String] {
        let seats = 0..<game.agents
        var columns = [leading] + seats.map { "V\($0)" }
        columns += seats.flatMap { i in game.stateNames.map { "q\(i)_\($0)" } }
        if proximal { columns += seats.map { "iters\($0)" } + seats.map { "converged\($0)" } }
        return columns
    }

    func row(epoch: Int, _ state: LearningState<ContributionGame>, _ report: StepReport) -> [Double] {
        [Double(epoch)] + report.values[0] + Experiment.policies(state)[0].flatMap { $0 }
            + proximalCells(report, of: rule)
    }

    /// `step`'s report: a `train` row without the policies (`policy(a)` has them), with every
    /// rule's fields. A rule without a proximal loop reports 0 iterations, converged: it solved
    /// nothing iteratively, and the sum of a run's `iters` stays its proximal work (Figure 3's).
    func report(epoch: Int, _ state: LearningState<ContributionGame>, _ report: StepReport) -> Value {
        Self.record(epoch: epoch, report, agents: game.agents)
    }

    /// The report of an exact rule's epoch, as every game's `step` gives it.
    static func record(epoch: Int, _ report: StepReport, agents: Int) -> Value {
        let seats = 0..<agents
        let iterations = report.proximalIterations.first ?? seats.map { _ in 0 }
        let converged = Self.converged(report.converged, run: 0, agents: agents)
        var fields: [(String, Value)] = [("epoch", .number(Double(epoch)))]
        fields += seats.map { ("V\($0)", .number(report.values[0][$0])) }
        fields += seats.map { ("iters\($0)", .number(Double(iterations[$0]))) }
        fields += seats.map { ("converged\($0)", .bool(converged[$0])) }
        if let fitted = report.modelFitSteps.first {
            fields += seats.map { ("model_steps\($0)", .number(Double(fitted[$0]))) }
        }
        return .record(fields)
    }

    func recordsStart(startRow: Bool) -> Bool { startRow }

    /// `train`'s epochs done of the run's (a step shows no line: an exact epoch is quick).
    func progressReport(_ progress: EpochLoop<ExactTrainer<ContributionGame>>.Progress, first: Int?, elapsed: Double)
        -> ProgressReport?
    {
        guard first != nil, progress.epochProgress == nil else { return nil }
        return ProgressReport(task: "train", done: progress.epoch, total: progress.lastEpoch, elapsedSeconds: elapsed)
    }

    /// A Runtime error as `step` or `train` reports it, for every kind of session.
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

    /// Run `run`'s convergence per agent; every agent converged for rules without a proximal loop.
    static func converged(_ flags: [[Bool]], run: Int, agents: Int) -> [Bool] {
        flags.isEmpty ? [Bool](repeating: true, count: agents) : flags[run]
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
}
