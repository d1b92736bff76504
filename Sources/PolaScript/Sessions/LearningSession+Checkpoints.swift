import Runtime

extension LearningSession {
    /// The run as a checkpoint: the Runtime's state and rows, with the agents' histories and the
    /// table's provenance as notes.
    func snapshot(_ progress: TrainingRunSoFar<LearningState<ContributionGame>>) -> Checkpoint? {
        let notes = runNotes(progress)
        return ExactTrainingRun(
            state: progress.state, rule: rule, epochsDone: progress.state.epoch,
            scores: ScoreTable(columns: progress.table.columns, rows: progress.table.rows), notes: notes
        ).snapshot()
    }

    /// The run `file` holds, checked against this call's game, rule and agents, then installed in
    /// the agents (parameters, histories, opponent models). Nothing changes unless every check
    /// passes.
    func resumed(from file: CheckpointFile, epochs: Int) throws -> TrainingRunSoFar<LearningState<ContributionGame>> {
        let checkpoint = try file.read(interpreter.host.files)
        let checked = Result { () throws(CheckpointError) -> ExactTrainingRun in
            let run = try ExactTrainingRun(snapshot: checkpoint, game: game, rule: rule)
            try run.requireAgents(like: boxes.map(\.agent))
            return run
        }
        let run: ExactTrainingRun
        switch checked {
        case .success(let checkedRun): run = checkedRun
        case .failure(let error): throw mismatch(error, file, checkpoint)
        }
        let agentNotes = try TrainCheckpoints.agentNotes(
            run.notes, origin: "made", given: boxes.map(\.origin), done: run.epochsDone, epochs: epochs, file, args)
        for (box, (agent, notes)) in zip(boxes, zip(run.state.agents, agentNotes)) {
            box.resume(from: SavedNotes.box(.exact(agent), notes))
        }
        installExtras(run.state)
        let table = Table(
            columns: run.scores.columns, rows: run.scores.rows,
            provenance: TrainCheckpoints.provenance(SavedNotes.field("table", of: run.notes)))
        return TrainingRunSoFar(table: table, state: run.state, first: SavedNotes.number("first_epoch", of: run.notes))
    }

    /// A checkpoint's refusal, with the saved and given game, rule or agent spelled out.
    private func mismatch(_ error: CheckpointError, _ file: CheckpointFile, _ checkpoint: Checkpoint) -> ScriptError {
        guard case .mismatch(let part) = error, case .exactRun(let saved) = checkpoint else { return file.error(error) }
        let notes = saved.notes
        let text = { (key: String) in Provenance.text(SavedNotes.value(SavedNotes.field(key, of: notes))) }
        switch part {
        case .game: return file.error(error, saved: text("game"), given: Provenance.text(Provenance.game(game)))
        case .rule: return file.error(error, saved: text("rule"), given: Provenance.text(Provenance.rule(rule)))
        case .agentCount: return file.error(error)
        case .agent(let seat):
            return file.error(
                error, saved: "a \(saved.state.agents[seat].policy.kind) agent",
                given: "a \(boxes[seat].agent.policy.kind) agent")
        }
    }
}
