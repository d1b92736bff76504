import TensorLayer

/// Per-run bookkeeping for loops that stop at different iterations in different runs.
///
/// Runs are batched. Each iteration computes only the runs still active (the batch is
/// compacted to them), and a run that has stopped keeps its parameters. Each run's arithmetic
/// is independent of the others', so its result is exactly what an unbatched loop stopping at
/// the same iteration would give.
struct RunMask {
    private(set) var active: [Bool]
    private(set) var iterations: [Int]
    /// Indices of the active runs, in order.
    private(set) var activeRuns: [Int]

    init(runs: Int) {
        active = [Bool](repeating: true, count: runs)
        iterations = [Int](repeating: 0, count: runs)
        activeRuns = Array(0..<runs)
    }

    var anyActive: Bool { !activeRuns.isEmpty }
    var allActive: Bool { activeRuns.count == active.count }

    /// Installs `proposed` (one entry per active run, in order) into `current`, counts the
    /// iteration, and retires the runs for which `done(position)` holds, where `position`
    /// indexes `proposed`.
    mutating func accept(_ proposed: [Tensor<Double>], over current: [Tensor<Double>], done: (Int) -> Bool) -> [Tensor<
        Double
    >] {
        let result = allActive ? proposed : zip(current, proposed).map { scatter($1, into: $0) }
        for (position, run) in activeRuns.enumerated() {
            iterations[run] += 1
            if done(position) { active[run] = false }
        }
        activeRuns = activeRuns.filter { active[$0] }
        return result
    }

    /// `full` with the rows of the active runs replaced by `rows`.
    private func scatter(_ rows: Tensor<Double>, into full: Tensor<Double>) -> Tensor<Double> {
        let width = full.count / full.shape[0]
        var scalars = full.scalars
        for (position, run) in activeRuns.enumerated() {
            scalars.replaceSubrange(
                (run * width)..<((run + 1) * width), with: rows.scalars[(position * width)..<((position + 1) * width)])
        }
        return Tensor(shape: full.shape, scalars: scalars)
    }
}

extension Tensor<Double> {
    /// The rows `runs` of the leading axis, as a constant.
    func selectingRuns(_ runs: [Int]) -> Tensor<Double> {
        let width = count / shape[0]
        var scalars = [Double]()
        scalars.reserveCapacity(runs.count * width)
        for run in runs { scalars.append(contentsOf: self.scalars[(run * width)..<((run + 1) * width)]) }
        return Tensor(shape: [runs.count] + shape.dropFirst(), scalars: scalars)
    }
}

extension LearningState {
    /// The same state restricted to the given runs, with a cache of traces of its own (a group
    /// of runs given to a worker thread shares none).
    public func selectingRuns(_ runs: [Int]) -> LearningState<Game> {
        selectingRuns(runs, traces: TraceCache())
    }

    /// The same state restricted to the given runs, with `traces` (a rule's loop over its own
    /// active runs keeps the training's).
    func selectingRuns(_ runs: [Int], traces: TraceCache) -> LearningState<Game> {
        guard runs.count != self.runs else { return self }
        var selected = LearningState(
            game: game, agents: agents.map { $0.selectingRuns(runs) },
            models: models?.map { $0.map { $0.selectingRuns(runs) } }, traces: traces)
        selected.epoch = epoch
        return selected
    }
}
