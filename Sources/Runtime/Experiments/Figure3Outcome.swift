/// What Figure 3 reports for one method and contribution factor.
public struct Figure3Outcome: Sendable, Equatable {
    /// Per run: did it find tit-for-tat at any epoch?
    public let foundTitForTat: [Bool]
    /// Final policies over `DD, DC, CD, CC, start`, each agent from its own side, averaged over
    /// runs and agents.
    public let averagePolicy: [Double]
    /// All proximal iterations used, over runs, agents and epochs.
    public let proximalIterations: Int

    public var titForTatCount: Int { foundTitForTat.filter { $0 }.count }

    public var proportion: Double {
        Double(titForTatCount) / Double(max(foundTitForTat.count, 1))
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
