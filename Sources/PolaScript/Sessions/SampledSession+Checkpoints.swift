import Runtime

extension SampledSession {
    /// The run as a checkpoint: agents, models, the random stream's position and the rows so
    /// far, with the agents' histories and the table's provenance as notes (as an exact run's).
    func snapshot(_ run: TrainingRunSoFar<SampledLearningState<Environment>>) -> Checkpoint? {
        let notes = runNotes(run)
        return SampledTrainingRun(
            state: run.state, rule: rule.rule, scores: ScoreTable(columns: run.table.columns, rows: run.table.rows),
            notes: notes
        ).snapshot()
    }

    /// The run `file` holds, checked against this call's game, rule (with its seed) and agents,
    /// then installed in the agents and the rule's random stream. Nothing changes unless every
    /// check passes.
    func resumed(from file: CheckpointFile, epochs: Int) throws -> TrainingRunSoFar<SampledLearningState<Environment>> {
        let checkpoint = try file.read(interpreter.host.files)
        let checked = Result { () throws(CheckpointError) -> SampledTrainingRun in
            let run = try SampledTrainingRun(snapshot: checkpoint, game: environment.sampledGame, rule: rule.rule)
            try run.requireAgents(like: agents)
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
            run.notes, origin: SavedNotes.originField(of: run.notes), given: boxes.map(\.origin),
            done: run.epochsDone, epochs: epochs, file, args)
        for (seat, box) in boxes.enumerated() {
            let saved = SavedNotes.box(.sampled(run.agents[seat]), agentNotes[seat])
            saved.sampledModel = run.models?[seat]
            box.resume(from: saved)
        }
        rule.generator = run.generator
        let provenance = TrainCheckpoints.provenance(SavedNotes.field("table", of: run.notes))
        // A run saved by `save` before any evaluation has no columns yet.
        let columns = run.scores.columns.isEmpty ? self.columns : run.scores.columns
        // Runs saved before epochs were numbered on from the agents' began at epoch 1.
        let first =
            SavedNotes.field("first_epoch", of: run.notes) == .none
            ? 1 : SavedNotes.number("first_epoch", of: run.notes)
        return TrainingRunSoFar(
            table: Table(columns: columns, rows: run.scores.rows, provenance: provenance),
            state: run.state(in: environment), first: first)
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
            return file.error(error, saved: shapes(saved.agents[seat]), given: shapes(agents[seat]))
        }
    }
}
