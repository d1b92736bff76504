import Runtime

/// `experiment`'s per-run table: one row per run, with the names `train` uses.
///
/// `run V0 V1 q0_DD ... q1_start tft tft_epoch`, then `iters0 iters1 converged0 converged1`
/// for rules with a proximal loop. Values and policies are the final epoch's; `tft` is 1 when
/// the run found tit-for-tat at any epoch and `tft_epoch` the first epoch it did (0: never);
/// `iters` sums the agent's proximal iterations over every epoch, and `converged` is 1 when
/// every one of its proximal loops met `tol`.
struct ExperimentRuns {
    let game: ContributionGame
    let proximal: Bool
    let records: [EpochRecord]

    var columns: [String] {
        let seats = 0..<game.agents
        var columns = ["run"] + seats.map { "V\($0)" }
        columns += seats.flatMap { i in game.stateNames.map { "q\(i)_\($0)" } } + ["tft", "tft_epoch"]
        if proximal { columns += seats.map { "iters\($0)" } + seats.map { "converged\($0)" } }
        return columns
    }

    func table(provenance: [(String, Value)]) -> Table {
        let runs = records.first?.values.count ?? 0
        return Table(columns: columns, rows: (0..<runs).map(row), provenance: provenance)
    }

    private func row(_ run: Int) -> [Double] {
        let last = records[records.count - 1]
        let found = records.first {
            Judgement.isTitForTat(game: game, policies: $0.policies[run], values: $0.values[run])
        }
        var row = [Double(run + 1)] + last.values[run] + last.policies[run].flatMap { $0 }
        row += [found == nil ? 0 : 1, Double(found?.epoch ?? 0)]
        if proximal {
            let seats = 0..<game.agents
            row += seats.map { i in Double(records.reduce(0) { $0 + $1.proximalIterations[run][i] }) }
            row += seats.map { i in
                records.allSatisfy { LearningSession.converged($0.converged, run: run, agents: game.agents)[i] }
                    ? 1 : 0
            }
        }
        return row
    }
}
