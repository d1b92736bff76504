import Runtime

extension SampledSession {
    /// The run as a checkpoint: agents, models, the random stream's position and the rows so
    /// far, with the agents' origins and the table's provenance as notes. `installed` is the
    /// epoch the boxes count up to (the state may be ahead of them).
    func snapshot<Environment: CheckpointedEnvironment>(
        _ table: Table, _ state: SampledLearningState<Environment>, installed: Int
    ) -> Checkpoint {
        let notes = Annotation.record([
            .init("game", SavedNotes.annotation(Provenance.game(game))),
            .init("rule", SavedNotes.annotation(Provenance.rule(rule))),
            .init("agents", .list(boxes.map { SavedNotes.notes($0, extraEpochs: state.epoch - installed) })),
            .init("table", TrainCheckpoints.notes(table.provenance)),
        ])
        return SampledTrainingRun(
            state: state, rule: rule.rule, scores: ScoreTable(columns: table.columns, rows: table.rows), notes: notes
        ).snapshot()
    }

    /// The agents as a run that has done no epochs yet (`save(path, r, g, a, b)`).
    func snapshotAtStart() -> Checkpoint {
        switch game {
        case .ipd(let g): snapshot(Table(columns: [], rows: [], provenance: provenance()), start(g), installed: 0)
        case .coin(let g): snapshot(Table(columns: [], rows: [], provenance: provenance()), start(g), installed: 0)
        }
    }

    /// The run `file` holds, checked against this call's game, rule (with its seed) and agents,
    /// then installed in the agents and the rule's random stream. Nothing changes unless every
    /// check passes.
    func resumed<Environment: CheckpointedEnvironment>(
        from file: CheckpointFile, _ environment: Environment, epochs: Int
    ) throws -> (Table, SampledLearningState<Environment>) {
        let checkpoint = try file.read(interpreter.host.files)
        let checked = Result { () throws(CheckpointError) -> SampledTrainingRun in
            let run = try SampledTrainingRun(snapshot: checkpoint, game: environment.settings, rule: rule.rule)
            try run.requireAgents(like: boxes.map(\.agent))
            return run
        }
        let run: SampledTrainingRun
        switch checked {
        case .success(let checkedRun): run = checkedRun
        case .failure(let error): throw mismatch(error, file, checkpoint)
        }
        let savedRule = Provenance.text(SavedNotes.value(SavedNotes.field("rule", of: run.notes)))
        let givenRule = Provenance.text(Provenance.rule(rule))
        guard savedRule == givenRule else { throw file.error(.mismatch(.rule), saved: savedRule, given: givenRule) }
        let agentNotes = try TrainCheckpoints.agentNotes(
            run.notes, origin: "origin", given: boxes.map(\.origin), done: run.epochsDone, epochs: epochs, file, args)
        for (seat, box) in boxes.enumerated() {
            box.agent = run.agents[seat]
            box.model = run.models?[seat]
            box.epochs = SavedNotes.number("epochs", of: agentNotes[seat])
        }
        rule.generator = run.generator
        let provenance = TrainCheckpoints.provenance(SavedNotes.field("table", of: run.notes))
        // A run saved by `save` before any evaluation has no columns yet.
        let columns = run.scores.columns.isEmpty ? self.columns : run.scores.columns
        return (Table(columns: columns, rows: run.scores.rows, provenance: provenance), run.state(in: environment))
    }

    /// A checkpoint's refusal, with the saved and given game or agent spelled out.
    private func mismatch(_ error: CheckpointError, _ file: CheckpointFile, _ checkpoint: Checkpoint) -> ScriptError {
        guard case .mismatch(let part) = error, case .sampledRun(let saved) = checkpoint else {
            return file.error(error)
        }
        let text = { (key: String) in Provenance.text(SavedNotes.value(SavedNotes.field(key, of: saved.notes))) }
        switch part {
        case .game: return file.error(error, saved: text("game"), given: Provenance.text(Provenance.game(game)))
        case .rule: return file.error(error, saved: text("rule"), given: Provenance.text(Provenance.rule(rule)))
        case .agentCount: return file.error(error)
        case .agent(let seat):
            let shapes = { (agent: SampledAgent) in "an agent of parameter shapes \(agent.policy.parameterShapes)" }
            return file.error(error, saved: shapes(saved.agents[seat]), given: shapes(boxes[seat].agent))
        }
    }
}
