import Dispatch
import TensorLayer

/// One epoch of a multi-run experiment, as plain numbers.
public struct EpochRecord: Sendable, Equatable {
    public let epoch: Int
    /// `[run][agent]`.
    public let values: [[Double]]
    /// `[run][agent][state]`, probabilities of cooperating.
    public let policies: [[[Double]]]
    /// `[run][agent]` (empty without a proximal loop).
    public let proximalIterations: [[Int]]
    /// `[run][agent]`, whether each proximal loop met its tolerance (empty without one).
    public let converged: [[Bool]]
}

/// Runs a rule for a number of epochs over every run of a batched state of the contribution
/// game: `experiment` at the prompt, the paper's exact commands and `train`'s exact tables.
public struct Experiment: Sendable {
    public let rule: any LearningRule
    public let epochs: Int

    public init(rule: any LearningRule, epochs: Int) {
        self.rule = rule
        self.epochs = epochs
    }

    /// Steps `state` `epochs` times through the epoch loop (`EpochLoop`), handing each epoch's
    /// record to `observe`, which returns false to stop early. Records are not kept here, so a
    /// long run holds only what `observe` keeps.
    /// - Throws: the rule's errors (`RuntimeError.diverged`, `.interrupted`), with `state` left
    ///   at the last completed epoch: a step installs nothing until it has succeeded.
    public func run(
        _ state: inout LearningState<ContributionGame>, interruption: Interruption = .never,
        observe: (EpochRecord) -> Bool
    ) throws {
        let first = state.epoch
        try EpochLoop(ExactTrainer<ContributionGame>(rule: rule)).run(
            &state, through: first + epochs, interruption: interruption
        ) { state, report in
            observe(Self.record(epoch: state.epoch - first, state, report))
        }
    }

    /// An epoch's record: the report's numbers and the policies the state holds after it.
    public static func record(epoch: Int, _ state: LearningState<ContributionGame>, _ report: StepReport)
        -> EpochRecord
    {
        EpochRecord(
            epoch: epoch, values: report.values, policies: policies(state),
            proximalIterations: report.proximalIterations, converged: report.converged)
    }

    /// The same experiment with the runs shared out over `workers` threads.
    ///
    /// Runs never interact, so every run's numbers are identical to a single-threaded run;
    /// only the wall time changes. Worker `w` takes runs `w, w + workers, ...`, which spreads
    /// slow and fast runs evenly.
    /// - Parameter onEpoch: called (from the worker's thread) after every epoch of every worker.
    /// - Throws: `RuntimeError.invalidWorkerCount` for fewer than one worker, and the rule's errors.
    public func run(
        _ state: LearningState<ContributionGame>, workers: Int, interruption: Interruption = .never,
        onEpoch: @escaping @Sendable () -> Void = {}
    ) throws -> (LearningState<ContributionGame>, [EpochRecord]) {
        guard workers >= 1 else { throw RuntimeError.invalidWorkerCount(workers) }
        let groups = (0..<min(workers, state.runs)).map { w in Array(stride(from: w, to: state.runs, by: workers)) }
        @Sendable func runGroup(_ start: LearningState<ContributionGame>) throws -> (
            LearningState<ContributionGame>, [EpochRecord]
        ) {
            var part = start
            var records = [EpochRecord]()
            try run(&part, interruption: interruption) { record in
                records.append(record)
                onEpoch()
                return true
            }
            return (part, records)
        }
        guard groups.count > 1 else { return try runGroup(state) }
        let results = Locked(
            [Result<(LearningState<ContributionGame>, [EpochRecord]), Error>?](repeating: nil, count: groups.count))
        DispatchQueue.concurrentPerform(iterations: groups.count) { w in
            let result = Result { try runGroup(state.selectingRuns(groups[w])) }
            results.withLock { $0[w] = result }
        }
        var parts = [(LearningState<ContributionGame>, [EpochRecord])]()
        for (w, slot) in results.withLock({ $0 }).enumerated() {
            do {
                parts.append(try slot!.get())
            } catch RuntimeError.diverged(let agent, let quantity, let run) {
                throw RuntimeError.diverged(agent: agent, quantity: quantity, run: groups[w][run])
            }
        }
        return (Self.merge(parts.map(\.0), groups), Self.merge(parts.map(\.1), groups))
    }

    /// `[run][agent][state]`: every agent's probabilities of cooperating.
    public static func policies(_ state: LearningState<ContributionGame>) -> [[[Double]]] {
        let perAgent = state.agents.map { $0.probabilities() }
        let width = state.game.stateCount
        return (0..<state.runs).map { run in
            perAgent.map { Array($0.scalars[(run * width)..<((run + 1) * width)]) }
        }
    }

    /// Reassembles per-group states into one state in the original run order.
    private static func merge(
        _ states: [LearningState<ContributionGame>], _ groups: [[Int]]
    ) -> LearningState<ContributionGame> {
        let order = inverse(groups)
        func merged(_ agents: [Agent]) -> Agent {
            let stacked = agents[0].parameters.indices.map { k in
                Tensor.concatenate(agents.map { $0.parameters[k] }, axis: 0).selectingRuns(order)
            }
            return Agent(policy: agents[0].policy, parameters: stacked)
        }
        var result = states[0]
        result.agents = states[0].agents.indices.map { i in merged(states.map { $0.agents[i] }) }
        result.models = states[0].models.map { models in
            models.indices.map { i in models[i].indices.map { j in merged(states.map { $0.models![i][j] }) } }
        }
        return result
    }

    /// Reassembles per-group records (all groups ran the same epochs unless one stopped early).
    private static func merge(_ records: [[EpochRecord]], _ groups: [[Int]]) -> [EpochRecord] {
        let order = inverse(groups)
        let epochs = records.map(\.count).min() ?? 0
        return (0..<epochs).map { e in
            let parts = records.map { $0[e] }
            func gather<T>(_ field: (EpochRecord) -> [T]) -> [T] {
                let all = parts.flatMap(field)
                return all.isEmpty ? [] : order.map { all[$0] }
            }
            return EpochRecord(
                epoch: parts[0].epoch, values: gather(\.values), policies: gather(\.policies),
                proximalIterations: gather(\.proximalIterations), converged: gather(\.converged))
        }
    }

    /// Positions, in the concatenation of `groups`, of runs 0, 1, 2, ...
    private static func inverse(_ groups: [[Int]]) -> [Int] {
        let flat = groups.flatMap { $0 }
        var order = [Int](repeating: 0, count: flat.count)
        for (position, run) in flat.enumerated() { order[run] = position }
        return order
    }
}
