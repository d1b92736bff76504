/// Per-run bookkeeping for loops that stop at different iterations in different runs.
///
/// Runs are batched, so a loop keeps computing for every run; a run that has stopped simply
/// keeps its parameters. Each run's arithmetic is independent of the others', so its result is
/// exactly what an unbatched loop stopping at the same iteration would give.
struct RunMask {
    private(set) var active: [Bool]
    private(set) var iterations: [Int]

    init(runs: Int) {
        active = [Bool](repeating: true, count: runs)
        iterations = [Int](repeating: 0, count: runs)
    }

    var anyActive: Bool { active.contains(true) }

    /// Takes `proposed` for every active run, counts the iteration, and retires the runs for
    /// which `done` holds.
    mutating func accept(_ proposed: [Tensor], over current: [Tensor], done: (Int) -> Bool) -> [Tensor] {
        let runs = active.count
        let result = zip(current, proposed).map { old, new -> Tensor in
            let width = old.count / runs
            var scalars = old.scalars
            for run in 0..<runs where active[run] {
                scalars.replaceSubrange((run * width)..<((run + 1) * width), with: new.scalars[(run * width)..<((run + 1) * width)])
            }
            return Tensor(shape: old.shape, scalars: scalars)
        }
        for run in 0..<runs where active[run] {
            iterations[run] += 1
            if done(run) { active[run] = false }
        }
        return result
    }
}
