import Foundation
import Runtime

/// One call of `step` or `train`, whatever trains: the rule, the game and the seated agents,
/// checked. `LearningSession` (an exact rule on an exact game), `SampledSession` (a DiCE rule on
/// a sampled game) and `FormulaSession` (an exact rule on a formula game) say what differs: the
/// trainer, the columns and rows, the report, what besides the agents a step installs, and how
/// a run is saved. What a call does with them is written once, here: the epochs numbered on
/// from the agents' last, all agents or none per epoch, the finished rows kept when a run
/// stops, the agents' histories, provenance and checkpoints.
///
/// Per-agent quantities are named the same everywhere, a stem and the seat: `V0` (value),
/// `q0_DD` (policy), `iters0` (proximal iterations), `converged0`, `score0`.
protocol TrainingSession: Sendable {
    associatedtype Trainer: EpochTrainer where Trainer.State.Player: BoxedAgent

    var args: CallArguments { get }
    var interpreter: Interpreter { get }
    /// The agents, in seat order, checked by `seatedAgents`.
    var boxes: [AgentBox] { get }
    /// The rule and the game as provenance records them, for tables and agents' histories.
    var ruleFields: Value { get }
    var gameFields: Value { get }

    /// The trainer of `train` (`evaluating`: with each epoch's record, where recording costs
    /// work: a sampled run's evaluation) or of `step`.
    func trainer(evaluating: Bool) -> Trainer
    /// The agents as they stand, as a run of no epochs yet.
    func startState() -> Trainer.State
    /// Puts what a completed epoch changed besides the agents (opponent models, the rule's
    /// random stream) where the next call finds it.
    func installExtras(_ state: Trainer.State)

    /// `train`'s columns and its row for the state after epoch `epoch` (numbered on from the
    /// agents'), or for the state as it starts.
    var columns: [String] { get }
    func row(epoch: Int, _ state: Trainer.State, _ record: Trainer.Record) -> [Double]
    /// `step`'s report of epoch `epoch`.
    func report(epoch: Int, _ state: Trainer.State, _ record: Trainer.Record) -> Value
    /// Whether each agent's proximal loop met its tolerance (nil: the rule has none to meet).
    func converged(_ record: Trainer.Record) -> [Bool]?
    /// Whether `train` begins with a row for the agents as they start.
    func recordsStart(startRow: Bool) -> Bool
    /// The progress line while the loop runs: `first` is the number of the run's first epoch
    /// in `train`, nil in `step`.
    func progressReport(_ progress: EpochLoop<Trainer>.Progress, first: Int?, elapsed: Double) -> ProgressReport?

    /// The run as a checkpoint, with the boxes holding its agents' histories; nil for a game
    /// whose runs cannot be saved (a formula game's: `TrainCheckpoints` refuses them first).
    func snapshot(_ run: TrainingRunSoFar<Trainer.State>) -> Checkpoint?
    /// The run `file` holds, checked against this call and installed in the agents.
    func resumed(from file: CheckpointFile, epochs: Int) throws -> TrainingRunSoFar<Trainer.State>
}

/// A `train` call's work so far: the table, the state (its `epoch` counts the run's epochs) and
/// the number the run's first epoch has (epochs are numbered on from the agents').
struct TrainingRunSoFar<State> {
    var table: Table
    var state: State
    let first: Int
}

extension TrainingSession {
    /// The number the next epoch gets: one past the most trained agent's.
    var nextEpoch: Int { (boxes.map(\.epochs).max() ?? 0) + 1 }

    /// Every `train` table's provenance: game, rule, every agent as it was when the table
    /// began, and the version.
    func provenance() -> [(String, Value)] {
        [("game", gameFields), ("rule", ruleFields)]
            + boxes.enumerated().map { ("agent \($0.offset)", $0.element.provenance) }
            + [("pola-repl", .string(Version.current))]
    }

    /// One epoch, installed in every agent, or nothing changed and an error.
    func advance() throws -> Value {
        var state = startState()
        let epoch = nextEpoch
        var report = Value.none
        var converged: [Bool]?
        let host = interpreter.host
        let started = DispatchTime.now().uptimeNanoseconds
        defer { host.progress(nil) }
        do {
            try EpochLoop(trainer(evaluating: false)).run(
                &state, through: 1, interruption: host.interruption,
                progress: progressLine(first: nil, started: started)
            ) { state, record in
                report = self.report(epoch: epoch, state, record)
                converged = self.converged(record)
                return true
            }
        } catch {
            throw stopped(error, atEpoch: nil) ?? error
        }
        install(state, epochs: 1)
        if let converged, converged.contains(false) {
            let seats = converged.indices.filter { !converged[$0] }.map(String.init).joined(separator: ", ")
            warnUnconverged("for agent\(seats.count > 1 ? "s" : "") \(seats)")
        }
        return report
    }

    /// Runs the epochs up to `epochs` into a table, or continues the run a checkpoint holds up to
    /// that many. Stopped part-way (Ctrl-C, divergence, a formula's error), the agents hold the
    /// last completed epoch and the error carries the rows finished (if any), for the
    /// assignment; the last checkpoint written stays whole.
    /// - Parameter startRow: begin with a row for the agents as they are.
    func train(epochs: Int, startRow: Bool, checkpoints: TrainCheckpoints) throws -> Table {
        let run = try checkpoints.resume.map { try resumed(from: $0, epochs: epochs) } ?? fresh()
        // Separate variables: the loop changes the state while its observer adds rows.
        var (table, state, installed) = (run.table, run.state, run.state.epoch)
        let first = run.first
        var unconverged = 0
        let host = interpreter.host
        let started = DispatchTime.now().uptimeNanoseconds
        defer { host.progress(nil) }
        do {
            try EpochLoop(trainer(evaluating: true)).run(
                &state, through: epochs,
                recordStart: recordsStart(startRow: startRow) && table.rows.isEmpty && state.epoch == 0,
                interruption: host.interruption, checkpointEvery: checkpoints.target.map { _ in checkpoints.every },
                checkpoint: { state in
                    install(state, epochs: state.epoch - installed)
                    installed = state.epoch
                    try checkpoints.save(
                        snapshot(TrainingRunSoFar(table: table, state: state, first: first)), host.files)
                },
                progress: progressLine(first: first, started: started)
            ) { state, record in
                table.rows.append(row(epoch: first - 1 + state.epoch, state, record))
                if converged(record)?.contains(false) ?? false { unconverged += 1 }
                return true
            }
        } catch {
            install(state, epochs: state.epoch - installed)
            let epoch = first + state.epoch
            if unconverged > 0 { warnUnconverged("in \(unconverged) of \(state.epoch) epochs") }
            guard var failure = stopped(error, atEpoch: epoch) else { throw error }
            let how = error as? RuntimeError == .interrupted ? "interrupted" : "stopped"
            table.provenance.append(("stopped", .string("\(how) during epoch \(epoch)")))
            // Nothing finished, nothing to bind: the name keeps what it held.
            if !table.rows.isEmpty, var script = failure as? ScriptError {
                script.partial = .table(table)
                failure = script
            }
            throw failure
        }
        install(state, epochs: state.epoch - installed)
        if unconverged > 0 { warnUnconverged("in \(unconverged) of \(epochs) epochs (see the converged columns)") }
        return table
    }

    /// A train call from the agents as they are: no rows yet, epochs numbered on from theirs.
    func fresh() -> TrainingRunSoFar<Trainer.State> {
        TrainingRunSoFar(
            table: Table(columns: columns, rows: [], provenance: provenance()), state: startState(), first: nextEpoch)
    }

    /// What a checkpoint of the run keeps beside the Runtime's numbers: the game, the rule, each
    /// agent's history, the table's provenance and the number of the run's first epoch.
    func runNotes(_ run: TrainingRunSoFar<Trainer.State>) -> Annotation {
        .record([
            .init("game", SavedNotes.annotation(gameFields)), .init("rule", SavedNotes.annotation(ruleFields)),
            .init("agents", .list(boxes.map(SavedNotes.notes))),
            .init("table", TrainCheckpoints.notes(run.table.provenance)),
            .init("first_epoch", .number(Double(run.first))),
        ])
    }

    /// The agents as a run that has done no epochs yet (`save(path, r, g, a, b)`).
    func snapshotAtStart() -> Checkpoint? { snapshot(fresh()) }

    /// Puts `state`'s agents into the boxes, `epochs` epochs on from theirs, and what else the
    /// epochs changed.
    func install(_ state: Trainer.State, epochs: Int) {
        guard epochs > 0 else { return }
        for (box, agent) in zip(boxes, state.agents) {
            box.body = agent.body
            box.learned(epochs, rule: ruleFields, game: gameFields)
        }
        installExtras(state)
    }

    /// What the host's progress line shows while the loop runs.
    private func progressLine(first: Int?, started: UInt64) -> @Sendable (EpochLoop<Trainer>.Progress) -> Void {
        let host = interpreter.host
        let session = self
        return { progress in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if let report = session.progressReport(progress, first: first, elapsed: elapsed) { host.progress(report) }
        }
    }

    /// A failure of the rule or the game as `step` or `train` reports it (`epoch`: the one
    /// `train` was running), or nil for another error, which passes through as it is (a
    /// checkpoint that cannot be written, say).
    func stopped(_ error: any Error, atEpoch epoch: Int?) -> (any Error)? {
        switch error {
        case let runtime as RuntimeError: return LearningSession.stopped(runtime, atEpoch: epoch, args)
        case let formula as FormulaTrainer.Failure:
            return FormulaSession.noted(
                formula.error, epoch.map { "the agents hold epoch \($0 - 1)" } ?? "the agents keep their parameters")
        default: return nil
        }
    }

    func warnUnconverged(_ place: String) {
        guard case .rule(let value) = args.value("rule") else { return }
        LearningSession.warnUnconverged(value.rule, place, host: interpreter.host)
    }
}

/// What the sessions of the exact rules (on exact and formula games) share: their record is
/// the rule's `StepReport`.
extension TrainingSession where Trainer.Record == StepReport {
    func converged(_ report: StepReport) -> [Bool]? { report.converged.first }

    /// A table row's `iters0 iters1 converged0 converged1` (converged as 1 or 0) for a rule with
    /// a proximal loop; nothing for one without.
    func proximalCells(_ report: StepReport, of rule: any LearningRule) -> [Double] {
        guard rule.reportsProximalIterations else { return [] }
        let converged = LearningSession.converged(report.converged, run: 0, agents: report.values[0].count)
        return report.proximalIterations[0].map(Double.init) + converged.map { $0 ? 1 : 0 }
    }
}
