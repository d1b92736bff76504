/// One epoch of a multi-run experiment, as plain numbers.
public struct EpochRecord: Sendable, Equatable {
    public let epoch: Int
    /// `[run][agent]`.
    public let values: [[Double]]
    /// `[run][agent][state]`, probabilities of cooperating.
    public let policies: [[[Double]]]
    /// `[run][agent]` (empty without a proximal loop).
    public let proximalIterations: [[Int]]
}

/// Runs a rule for a number of epochs over every run of a batched state.
public struct Experiment: Sendable {
    public let rule: any LearningRule
    public let epochs: Int

    public init(rule: any LearningRule, epochs: Int) {
        self.rule = rule
        self.epochs = epochs
    }

    /// Steps `state` `epochs` times, calling `observe` after each epoch; `observe` returns
    /// false to stop early (the state then holds the last completed epoch).
    /// - Throws: `RuntimeError.diverged`, with the state left at the last finite epoch.
    public func run(
        _ state: inout LearningState, observe: (EpochRecord) -> Bool = { _ in true }
    ) throws -> [EpochRecord] {
        var records = [EpochRecord]()
        for epoch in 1...max(epochs, 1) where epochs > 0 {
            let (next, report) = try rule.step(state)
            state = next
            let record = EpochRecord(
                epoch: epoch, values: report.values, policies: Self.policies(state),
                proximalIterations: report.proximalIterations)
            records.append(record)
            if !observe(record) { break }
        }
        return records
    }

    static func policies(_ state: LearningState) -> [[[Double]]] {
        let perAgent = state.agents.map { $0.probabilities() }
        let width = state.game.stateCount
        return (0..<state.runs).map { run in
            perAgent.map { Array($0.scalars[(run * width)..<((run + 1) * width)]) }
        }
    }
}

/// What Figure 3 reports for one method and contribution factor.
public struct Figure3Outcome: Sendable, Equatable {
    /// Per run: did it find tit-for-tat at any epoch?
    public let foundTitForTat: [Bool]
    /// Final policies over `DD, DC, CD, CC, start`, each agent from its own side, averaged over
    /// runs and agents.
    public let averagePolicy: [Double]
    public let proximalIterations: Int

    public var proportion: Double {
        Double(foundTitForTat.filter { $0 }.count) / Double(max(foundTitForTat.count, 1))
    }

    public init(game: ContributionGame, records: [EpochRecord]) {
        let runs = records.first?.values.count ?? 0
        foundTitForTat = (0..<runs).map { run in
            records.contains { Judgement.isTitForTat(game: game, policies: $0.policies[run], values: $0.values[run]) }
        }
        var sum = [Double](repeating: 0, count: game.stateCount)
        let final = records.last?.policies ?? []
        for run in final {
            for (agent, policy) in run.enumerated() {
                for (k, q) in Judgement.ownPerspective(policy, agent: agent).enumerated() { sum[k] += q }
            }
        }
        let count = Double(max(final.count * game.agents, 1))
        averagePolicy = sum.map { $0 / count }
        proximalIterations = records.reduce(0) { $0 + $1.proximalIterations.joined().reduce(0, +) }
    }
}
