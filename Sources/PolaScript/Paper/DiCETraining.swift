import Dispatch
import PaperCommands
import Runtime
import TensorLayer

/// One seed of a `POLA_dice_jax.py` command: `train`'s loop on the command's game, agents and
/// rule, with the evaluation before the first epoch and after each, and a progress line every
/// `print_every` epochs.
///
/// It runs through the one epoch loop (`EpochLoop`) with the trainer `train` uses, so its rows
/// are those of `train(r, g, a, b, epochs: n)` on the same agents and rule.
///
/// With a checkpoint path (`--save_dir`) the run is saved every `--checkpoint_every` epochs and
/// after its last, and a run that finds its checkpoint continues from it bit for bit (a seed
/// whose checkpoint holds every epoch only gives its rows back).
public struct DiCETraining: Sendable {
    let command: DiCECommand
    let seed: UInt64
    let host: Host
    let report: @Sendable (String) -> Void
    /// `DIR/seed-S.ckpt` under `--save_dir DIR`, else nil.
    var checkpoint: String? = nil

    /// Why a checkpoint found in `--save_dir` cannot be continued; it is left as it is.
    public struct Refusal: Error {
        public let message: String
    }

    func run() throws -> Table {
        try run(command.game.environment)
    }

    private func run<Environment: FixedStrategyEnvironment & CheckpointedEnvironment>(_ environment: Environment)
        throws -> Table
    {
        let agents = (0..<2).map { seat in
            SampledAgent.gru(
                for: environment, hidden: command.hidden, layersBeforeGRU: command.layersBeforeGRU,
                seed: Seeding.seat(seat, of: seed))
        }
        var state = SampledLearningState(environment: environment, agents: agents, seed: seed)
        var table = Table(columns: SampledTrainRows.columns(coin: command.game.isCoinGame), rows: [], provenance: [])
        if let resumed = try resume(environment, agents: agents) {
            state = resumed.state(in: environment)
            table.rows = resumed.scores.rows
            report("seed \(seed): resumed from \(checkpoint!) at epoch \(state.epoch)/\(command.updates)")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        defer { host.progress(nil) }
        let firstEpoch = state.epoch
        let every = command.checkpointEvery ?? command.updates
        try EpochLoop(SampledTrainer<Environment>(rule: command.rule, evaluates: true)).run(
            &state, through: command.updates, recordStart: table.rows.isEmpty, interruption: host.interruption,
            checkpointEvery: checkpoint == nil ? nil : every,
            checkpoint: { state in
                // The loop also calls it before the first epoch, when there is nothing new to save.
                guard let path = checkpoint, state.epoch > firstEpoch else { return }
                let run = SampledTrainingRun(
                    state: state, rule: command.rule, scores: ScoreTable(columns: table.columns, rows: table.rows),
                    notes: .record([.init("seed", .number(Double(seed)))]))
                try host.files.write(bytes: run.snapshot().encoded(), to: path)
            },
            progress: { progress in
                guard let steps = progress.epochProgress else { return }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                host.progress(
                    ProgressReport(
                        task: "seed \(seed) epoch \(progress.epoch + 1)/\(progress.lastEpoch): outer steps",
                        done: steps.outerStepsDone, total: steps.outerSteps, elapsedSeconds: elapsed))
            }
        ) { state, evaluation in
            table.rows.append(SampledTrainRows.row(epoch: state.epoch, evaluation!))
            if state.epoch > firstEpoch, state.epoch % command.printEvery == 0 || state.epoch == command.updates {
                report(line(state.epoch, table.rows[table.rows.count - 1], started: started, from: firstEpoch))
            }
            return true
        }
        return table
    }

    /// The run saved at `checkpoint`, when there is one, checked against this seed's game, rule
    /// and agents.
    private func resume<Environment: CheckpointedEnvironment>(_ environment: Environment, agents: [SampledAgent])
        throws -> SampledTrainingRun?
    {
        guard let path = checkpoint, (try? host.files.read(path)) != nil else { return nil }
        let file = CheckpointFile(path: path, span: SourceSpan(0, 0))
        var saved: (game: String, rule: String) = ("", "")
        do {
            let checkpoint = try Checkpoint(decoding: try host.files.read(path))
            if case .sampledRun(let run) = checkpoint {
                saved = (run.game.description, SampledRuleValue(rule: run.rule, seed: seed).description)
            }
            let run = try SampledTrainingRun(snapshot: checkpoint, game: environment.sampledGame, rule: command.rule)
            try run.requireAgents(like: agents)
            guard case .record(let fields) = run.notes, fields.first?.value == .number(Double(seed)) else {
                throw Refusal(message: "'\(path)' holds the run of another seed, not of seed \(seed)")
            }
            guard run.epochsDone <= command.updates else {
                throw Refusal(
                    message: "'\(path)' already holds \(run.epochsDone) epochs, more than --n_update \(command.updates)"
                )
            }
            return run
        } catch let error as CheckpointError {
            let given: String =
                switch error {
                case .mismatch(.game): environment.sampledGame.description
                default: SampledRuleValue(rule: command.rule, seed: seed).description
                }
            let shown = error == .mismatch(.game) ? saved.game : saved.rule
            throw Refusal(message: file.error(error, saved: shown, given: given).message)
        }
    }

    /// `seed 1: epoch 10/101  score 0.31 0.30  alld -0.02 -0.03  (12.3 s per epoch)`: the
    /// paper's printout, in short.
    private func line(_ epoch: Int, _ row: [Double], started: UInt64, from first: Int) -> String {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let pair = { (k: Int) in
            NumberFormat.fixed(row[k], decimals: 3) + " " + NumberFormat.fixed(row[k + 1], decimals: 3)
        }
        var text = "seed \(seed): epoch \(epoch)/\(command.updates)  score \(pair(1))  alld \(pair(3))"
        if command.game.isCoinGame, let proportion = row.last, !proportion.isNaN {
            text += "  same \(NumberFormat.fixed(proportion, decimals: 3))"
        }
        return text + "  (\(NumberFormat.fixed(elapsed / Double(epoch - first), decimals: 1)) s per epoch)"
    }
}
