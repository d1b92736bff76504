import Dispatch
import Runtime
import TensorLayer

/// One seed of a `POLA_dice_jax.py` command: `train`'s loop on the command's game, agents and
/// rule, with the evaluation before the first epoch and after each, and a progress line every
/// `print_every` epochs.
///
/// It draws from the random streams in `SampledSession.train`'s order, so its rows are those
/// of `train(r, g, a, b, epochs: n)` on the same agents and rule.
struct DiCETraining {
    let command: DiCECommand
    let seed: UInt64
    let host: Host
    let report: @Sendable (String) -> Void

    static func columns(coin: Bool) -> [String] {
        let strategies = FixedStrategy.allCases.map(\.scriptName)
        return ["epoch", "score0", "score1"] + strategies.flatMap { ["\($0)0", "\($0)1"] }
            + (coin ? ["same", "different"] : [])
    }

    func run() throws -> Table {
        switch command.game {
        case .ipd(let g): try run(g)
        case .coin(let g): try run(g)
        }
    }

    private func run<Environment: FixedStrategyEnvironment>(_ environment: Environment) throws -> Table {
        let agents = (0..<2).map { seat in
            SampledAgent.gru(
                for: environment, hidden: command.hidden, layersBeforeGRU: command.layersBeforeGRU,
                seed: seed &* 1000 &+ UInt64(seat))
        }
        var state = SampledLearningState(environment: environment, agents: agents, seed: seed)
        var table = Table(columns: Self.columns(coin: command.isCoinGame), rows: [], provenance: [])
        let started = DispatchTime.now().uptimeNanoseconds
        defer { host.progress(nil) }
        func evaluate() {
            let evaluation = SampledEvaluation.evaluate(
                environment, agents: state.agents, batch: command.rule.batch, using: &state.generator)
            var row = [Double(table.rows.count)] + evaluation.mutual
            row += FixedStrategy.allCases.flatMap { evaluation.againstFixed[$0]! }
            if let coins = evaluation.coins { row += [coins.samePerEpisode, coins.differentPerEpisode] }
            table.rows.append(row)
        }
        evaluate()
        for epoch in 1...command.updates {
            state = try command.rule.step(state, interruption: host.interruption) { done in
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                host.progress(
                    ProgressReport(
                        task: "seed \(seed) epoch \(epoch)/\(command.updates): outer steps", done: done.outerStepsDone,
                        total: done.outerSteps, elapsedSeconds: elapsed))
            }
            evaluate()
            if epoch % command.printEvery == 0 || epoch == command.updates {
                report(line(epoch, table.rows[table.rows.count - 1], started: started))
            }
        }
        return table
    }

    /// `seed 1: epoch 10/101  score 0.31 0.30  alld -0.02 -0.03  (12.3 s per epoch)`: the
    /// paper's printout, in short.
    private func line(_ epoch: Int, _ row: [Double], started: UInt64) -> String {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let pair = { (k: Int) in
            NumberFormat.fixed(row[k], decimals: 3) + " " + NumberFormat.fixed(row[k + 1], decimals: 3)
        }
        var text = "seed \(seed): epoch \(epoch)/\(command.updates)  score \(pair(1))  alld \(pair(3))"
        if command.isCoinGame, let same = row.dropLast().last, let different = row.last, same + different > 0 {
            text += "  same \(NumberFormat.fixed(same / (same + different), decimals: 3))"
        }
        return text + "  (\(NumberFormat.fixed(elapsed / Double(epoch), decimals: 1)) s per epoch)"
    }
}
