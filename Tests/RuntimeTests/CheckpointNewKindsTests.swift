import Runtime
import TensorLayer
import Testing

/// Checkpoints of what the matrix games, the fixed strategies and the newer exact rules added:
/// a matrix game's payoff tables, a strategy's table and seat, and the settings of lookahead,
/// SOS, SGA, CO and CGD are stored, so a resumed run is checked against the same game and rule
/// and continues as the straight run bit for bit.
@Suite struct CheckpointNewKindsTests {
    static let dilemma = try! ContributionGame(matrix: .prisonersDilemma)

    static func strategy(_ strategy: MemoryOneStrategy, seat: Int, runs: Int = 1) -> Agent {
        Agent(policy: strategy.seated(seat), parameters: [Tensor(shape: [runs, 0], scalars: [])])
    }

    @Test(arguments: [
        strategy(MemoryOneStrategy(.titForTat), seat: 1, runs: 3),
        strategy(MemoryOneStrategy(ownView: [0.25, 1, 0, 0.5, 1]), seat: 0),
    ])
    func aStrategyComesBackWithItsTableAndSeat(_ agent: Agent) throws {
        let bytes = Checkpoint.exactAgent(agent, notes: .none).encoded()
        guard case .exactAgent(let back, _) = try Checkpoint(decoding: bytes) else {
            Issue.record("not an exact agent")
            return
        }
        #expect(back.policy as? MemoryOneStrategy == agent.policy as? MemoryOneStrategy)
        #expect(back.parameters.map(\.shape) == agent.parameters.map(\.shape))
        #expect(back.logits().scalars.map(\.bitPattern) == agent.logits().scalars.map(\.bitPattern))
    }

    @Test func aStrategyOutOfItsDomainIsRefused() throws {
        let given = MemoryOneStrategy(ownView: [0.25, 1, 0, 0.5, 1])
        var bytes = Checkpoint.exactAgent(Self.strategy(given, seat: 0), notes: .none).encoded()
        // The first probability's f64 follows the AGNT header (12), the family (1), the empty
        // name (8) and the seat (8): set it to 2, then fix the checksum.
        let offset = 25 + 12 + 1 + 8 + 8
        bytes.replaceSubrange(
            offset..<(offset + 8), with: withUnsafeBytes(of: (2.0).bitPattern.littleEndian, Array.init))
        let crc = CheckpointTests().crc32(bytes[..<(bytes.count - 4)])
        bytes.replaceSubrange((bytes.count - 4)..., with: withUnsafeBytes(of: crc.littleEndian, Array.init))
        #expect(
            throws: CheckpointError.malformed(
                section: "AGNT", "a strategy table that is not five probabilities for seat 0 or 1")
        ) {
            try Checkpoint(decoding: bytes)
        }
    }

    /// Runs `rule` on `game` for 5 epochs straight, and for 3, through bytes, then 2 more: the
    /// same bits. Returns the checkpoint after 3.
    @discardableResult
    static func continuesBitForBit(_ rule: any LearningRule, _ game: ContributionGame, _ agents: [Agent]) throws
        -> Checkpoint
    {
        func epochs(_ run: inout ExactTrainingRun, _ count: Int) throws {
            try Experiment(rule: rule, epochs: count).run(&run.state) { record in
                run.scores.rows += record.values.map { [Double(run.epochsDone + record.epoch)] + $0 }
                return true
            }
            run.epochsDone += count
        }
        let start = LearningState(game: game, agents: agents)
        var straight = ExactTrainingRun(state: start, rule: rule, scores: ScoreTable(columns: ["epoch", "V0", "V1"]))
        try epochs(&straight, 5)
        var resumed = ExactTrainingRun(state: start, rule: rule, scores: ScoreTable(columns: ["epoch", "V0", "V1"]))
        try epochs(&resumed, 3)
        let saved = try Checkpoint(decoding: resumed.snapshot().encoded())
        resumed = try ExactTrainingRun(snapshot: saved, game: game, rule: rule)
        try epochs(&resumed, 2)
        #expect(resumed.snapshot().encoded() == straight.snapshot().encoded())
        #expect(
            resumed.state.agents.flatMap(\.parameters).flatMap { $0.scalars.map(\.bitPattern) }
                == straight.state.agents.flatMap(\.parameters).flatMap { $0.scalars.map(\.bitPattern) })
        #expect(resumed.scores.rows.count == 5 * agents[0].runs)
        return saved
    }

    static func tabular(seed: UInt64) -> [Agent] {
        (0..<2).map { Agent.random(policy: TabularPolicy(stateCount: 5), seed: seed, seat: $0, runs: 2) }
    }

    @Test func lolaAgainstTitForTatOnThePrisonersDilemmaContinues() throws {
        let rule = try LOLARule(innerRate: 0.1, outerRate: 0.05)
        let agents = [Self.tabular(seed: 4)[0], Self.strategy(MemoryOneStrategy(.titForTat), seat: 1, runs: 2)]
        let saved = try Self.continuesBitForBit(rule, Self.dilemma, agents)
        guard case .exactRun(let run) = saved else {
            Issue.record("not a run")
            return
        }
        #expect(run.state.game == Self.dilemma)
        #expect(run.state.agents[1].policy as? MemoryOneStrategy == agents[1].policy as? MemoryOneStrategy)
        #expect(throws: CheckpointError.mismatch(.game)) {
            try ExactTrainingRun(snapshot: saved, game: ContributionGame(matrix: .stagHunt), rule: rule)
        }
        #expect(throws: CheckpointError.mismatch(.game)) {
            try ExactTrainingRun(snapshot: saved, game: ContributionGame(contributionFactor: 1.1), rule: rule)
        }
    }

    /// Every newer exact rule on the prisoner's dilemma: continued bit for bit, and refused by
    /// the same rule with one setting changed (its signature holds them all).
    @Test(arguments: [
        (
            try! LookAheadRule(innerRate: 0.1, outerRate: 0.05) as any LearningRule,
            try! LookAheadRule(innerRate: 0.2, outerRate: 0.05) as any LearningRule
        ),
        (try! SOSRule(innerRate: 0.1, outerRate: 0.05), try! SOSRule(innerRate: 0.1, outerRate: 0.05, a: 0.4)),
        (try! SOSRule(innerRate: 0.1, outerRate: 0.05), try! SOSRule(innerRate: 0.1, outerRate: 0.05, b: 0.2)),
        (try! SGARule(rate: 0.05), try! SGARule(rate: 0.05, epsilon: 0.2)),
        (try! ConsensusRule(rate: 0.05), try! ConsensusRule(rate: 0.05, weight: 0.5)),
        (try! CGDRule(rate: 0.05), try! CGDRule(rate: 0.06)),
    ])
    func aNewerRuleContinuesAndIsCheckedBySetting(_ rule: any LearningRule, _ other: any LearningRule) throws {
        let saved = try Self.continuesBitForBit(rule, Self.dilemma, Self.tabular(seed: 9))
        #expect(throws: CheckpointError.mismatch(.rule)) {
            try ExactTrainingRun(snapshot: saved, game: Self.dilemma, rule: other)
        }
    }
}
