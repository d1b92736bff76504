import Runtime
import TensorLayer
import TestSupport
import Testing

/// Checkpoints (docs/checkpoint-format.md): agents and runs turn into bytes and back bit for
/// bit, damaged files are refused with the reason, and a run continued from its checkpoint is
/// the straight run.
@Suite struct CheckpointTests {
    static let game = try! ContributionGame(contributionFactor: 1.1)

    /// Every policy family, and a network of a 3-agent game starting as after cooperation (its
    /// inputs encode both).
    static func exactAgents() -> [Agent] {
        let kinds: [PolicyKind] = [.tabular, .preconditionedTabular, .mlp(hidden: 3), .preconditionedMLP(hidden: 2)]
        let threeCC = try! ContributionGame(agents: 3, contributionFactor: 1.5, start: .cc)
        return kinds.map { Agent.random(policy: $0.policy(for: game), seed: 7, runs: 3) }
            + [Agent.random(policy: NeuralPolicy(game: threeCC, hidden: [4, 2]), seed: 1)]
    }

    static func bits(_ tensors: [Tensor<Double>]) -> [UInt64] { tensors.flatMap { $0.scalars.map(\.bitPattern) } }
    static func bits(_ tensors: [Tensor<Float>]) -> [UInt32] { tensors.flatMap { $0.scalars.map(\.bitPattern) } }

    static func bits(_ agent: SampledAgent) -> [UInt32] {
        bits(agent.policyParameters) + bits(agent.valueParameters)
    }

    @Test(arguments: exactAgents())
    func anExactAgentComesBackBitForBit(_ agent: Agent) throws {
        let notes = Annotation.record([.init("made", .string("tabular(seed: 7)")), .init("epochs", .number(0.1))])
        let bytes = Checkpoint.exactAgent(agent, notes: notes).encoded()
        guard case .exactAgent(let back, let backNotes) = try Checkpoint(decoding: bytes) else {
            Issue.record("not an exact agent")
            return
        }
        #expect(back.policy.kind == agent.policy.kind)
        #expect(Self.bits(back.parameters) == Self.bits(agent.parameters))
        #expect(back.parameters.map(\.shape) == agent.parameters.map(\.shape))
        #expect(Self.bits([back.logits()]) == Self.bits([agent.logits()]))
        #expect(backNotes == notes)
    }

    @Test func sampledAgentsComeBackBitForBit() throws {
        let gru = SampledAgent.gru(for: try CoinGame(), hidden: 8, layersBeforeGRU: 2, seed: 3)
        for agent in [gru, DiCERuleTests.memoryOne([0.1, -0.25, 3, 0, 1e-30])] {
            guard
                case .sampledAgent(let back, _) = try Checkpoint(
                    decoding: Checkpoint.sampledAgent(agent, notes: .none).encoded())
            else {
                Issue.record("not a sampled agent")
                continue
            }
            #expect(Self.bits(back) == Self.bits(agent))
            #expect(back.policy.parameterShapes == agent.policy.parameterShapes)
            #expect(type(of: back.policy) == type(of: agent.policy))
        }
    }

    static func agentFile() -> [UInt8] {
        Checkpoint.exactAgent(exactAgents()[0], notes: .string("a")).encoded()
    }

    @Test func damagedFilesAreRefusedWithTheReason() throws {
        let bytes = Self.agentFile()
        #expect(throws: CheckpointError.truncated(bytes: bytes.count - 10, expected: bytes.count)) {
            try Checkpoint(decoding: Array(bytes.dropLast(10)))
        }
        #expect(throws: CheckpointError.truncated(bytes: 3, expected: 25)) {
            try Checkpoint(decoding: Array(bytes.prefix(3)))
        }
        #expect(throws: CheckpointError.truncated(bytes: 0, expected: 25)) { try Checkpoint(decoding: []) }
        for position in [30, bytes.count / 2, bytes.count - 1] {
            var corrupt = bytes
            corrupt[position] ^= 0x10
            #expect(throws: CheckpointError.checksumMismatch, "byte \(position)") { try Checkpoint(decoding: corrupt) }
        }
        var future = bytes
        future[8] = 2
        #expect(throws: CheckpointError.unsupportedVersion(found: 2, supported: 1)) {
            try Checkpoint(decoding: future)
        }
        #expect(throws: CheckpointError.notACheckpoint) { try Checkpoint(decoding: Array("epoch,V0\n1,2\n".utf8)) }
    }

    /// A file whose checksum holds but whose fields cannot be right (a broken writer) is refused
    /// naming the section: here the exact agent's policy family, the first byte of `AGNT`'s
    /// contents, set to one this build does not know. The file is checksummed again by zlib's
    /// CRC-32 (checked on its standard value), so getting past the checksum shows the format's
    /// is zlib's.
    @Test func aFieldOutOfItsDomainIsRefusedNamingTheSection() throws {
        #expect(crc32(Array("123456789".utf8)[...]) == 0xCBF4_3926)
        var bytes = Self.agentFile()
        let family = 25 + 4 + 8
        #expect(bytes[25..<29].elementsEqual("AGNT".utf8) && bytes[family] == 1)
        bytes[family] = 9
        let end = bytes.count - 4
        let crc = crc32(bytes[..<end])
        for k in 0..<4 { bytes[end + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        #expect(throws: CheckpointError.malformed(section: "AGNT", "a policy family 9 this build does not know")) {
            try Checkpoint(decoding: bytes)
        }
    }

    /// CRC-32 as zlib computes it, bit by bit (independent of the Runtime's table).
    func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c = ~UInt32(0)
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return ~c
    }

    @Test func aRunIsRefusedForAnotherGameRuleOrKind() throws {
        let rule = try LOLARule(innerRate: 3, outerRate: 25)
        let state = LearningState(game: Self.game, agents: Array(Self.exactAgents()[0..<2]))
        let snapshot = try Checkpoint(
            decoding: ExactTrainingRun(state: state, rule: rule, scores: ScoreTable(columns: ["epoch"])).snapshot()
                .encoded())
        #expect(throws: CheckpointError.mismatch(.game)) {
            try ExactTrainingRun(snapshot: snapshot, game: ContributionGame(contributionFactor: 1.2), rule: rule)
        }
        #expect(throws: CheckpointError.mismatch(.rule)) {
            try ExactTrainingRun(snapshot: snapshot, game: Self.game, rule: LOLARule(innerRate: 3, outerRate: 24))
        }
        #expect(throws: CheckpointError.wrongKind(expected: .exactRun, found: .exactAgent)) {
            try ExactTrainingRun(snapshot: Checkpoint(decoding: Self.agentFile()), game: Self.game, rule: rule)
        }
        let run = try ExactTrainingRun(snapshot: snapshot, game: Self.game, rule: rule)
        #expect(throws: CheckpointError.mismatch(.agent(seat: 1))) {
            try run.requireAgents(like: [Self.exactAgents()[0], Self.exactAgents()[2]])
        }
        try run.requireAgents(like: Array(Self.exactAgents()[0..<2]))
    }

    /// LOLA with opponent models on network agents, three runs at once: 3 epochs, a checkpoint
    /// through bytes, 2 more, against 5 straight; parameters, models and scores compared as bits.
    @Test(arguments: [false, true])
    func anExactRunContinuesBitForBit(pola: Bool) throws {
        let modelling = try OpponentModelling(policy: TabularPolicy(stateCount: 5), rate: 0.5, seed: 3)
        let rule: any LearningRule =
            pola
            ? try POLARule(innerRate: 1, outerRate: 0.3, beta: 0.5, opponentModelling: modelling)
            : try LOLARule(innerRate: 1, outerRate: 1, opponentModelling: modelling)
        let policy = PolicyKind.mlp(hidden: 4).policy(for: Self.game)
        let start = LearningState(
            game: Self.game, agents: (0..<2).map { Agent.random(policy: policy, seed: 5, seat: $0, runs: 3) })
        func epochs(_ run: inout ExactTrainingRun, _ count: Int) throws {
            try Experiment(rule: rule, epochs: count).run(&run.state) { record in
                run.scores.rows += record.values.map { [Double(run.epochsDone + record.epoch)] + $0 }
                return true
            }
            run.epochsDone += count
        }
        var straight = ExactTrainingRun(state: start, rule: rule, scores: ScoreTable(columns: ["epoch", "V0", "V1"]))
        try epochs(&straight, 5)
        var resumed = ExactTrainingRun(state: start, rule: rule, scores: ScoreTable(columns: ["epoch", "V0", "V1"]))
        try epochs(&resumed, 3)
        resumed = try ExactTrainingRun(
            snapshot: Checkpoint(decoding: resumed.snapshot().encoded()), game: Self.game, rule: rule)
        try epochs(&resumed, 2)
        #expect(resumed.epochsDone == 5)
        #expect(resumed.snapshot().encoded() == straight.snapshot().encoded())
        #expect(
            Self.bits(resumed.state.agents.flatMap(\.parameters))
                == Self.bits(straight.state.agents.flatMap(\.parameters)))
        #expect(
            resumed.scores.rows.flatMap { $0.map(\.bitPattern) }
                == straight.scores.rows.flatMap { $0.map(\.bitPattern) })
        #expect(resumed.state.models != nil)
    }

    /// LOLA-DiCE and POLA-OM on the IPD with history (tiny GRUs, small batches): 2 epochs, a
    /// checkpoint through bytes, 1 more, against 3 straight, with the random stream's position
    /// carried by the checkpoint.
    @Test(arguments: [DiCERule.Kind.lolaDiCE, .polaOM])
    func aSampledRunContinuesBitForBit(kind: DiCERule.Kind) throws {
        let rule = try DiCERule(
            kind, innerRate: 0.05, outerRate: 0.01, outerSteps: 2, outerBeta: 0.5, batch: 8, modelBatches: 2)
        let environment = try IPDWithHistory(episodeLength: 6)
        let agents = (0..<2).map { SampledAgent.gru(for: environment, hidden: 4, seed: UInt64($0 + 1)) }
        let start = SampledLearningState(environment: environment, agents: agents, seed: 9)
        func epochs(_ run: inout SampledTrainingRun, _ count: Int) throws {
            var state = run.state(in: environment)
            for _ in 0..<count {
                state = try rule.step(state)
                let evaluation = SampledEvaluation.evaluate(
                    environment, agents: state.agents, batch: 8, using: &state.generator)
                run.scores.rows.append([Double(state.epoch)] + evaluation.mutual)
            }
            run = SampledTrainingRun(state: state, rule: rule, scores: run.scores, notes: run.notes)
        }
        let columns = ScoreTable(columns: ["epoch", "score0", "score1"])
        var straight = SampledTrainingRun(state: start, rule: rule, scores: columns)
        try epochs(&straight, 3)
        var resumed = SampledTrainingRun(state: start, rule: rule, scores: columns, notes: .string("x"))
        try epochs(&resumed, 2)
        resumed = try SampledTrainingRun(
            snapshot: Checkpoint(decoding: resumed.snapshot().encoded()), game: environment.sampledGame, rule: rule)
        try epochs(&resumed, 1)
        #expect(resumed.epochsDone == 3)
        #expect(resumed.agents.flatMap(Self.bits) == straight.agents.flatMap(Self.bits))
        #expect((resumed.models ?? []).flatMap(Self.bits) == (straight.models ?? []).flatMap(Self.bits))
        #expect(kind != .polaOM || resumed.models != nil)
        #expect(
            resumed.scores.rows.flatMap { $0.map(\.bitPattern) }
                == straight.scores.rows.flatMap { $0.map(\.bitPattern) })
        #expect(resumed.generator.state == straight.generator.state)
        #expect(throws: CheckpointError.mismatch(.rule)) {
            try SampledTrainingRun(
                snapshot: resumed.snapshot(), game: environment.sampledGame,
                rule: DiCERule(kind, innerRate: 0.06, outerRate: 0.01, outerSteps: 2, batch: 8, modelBatches: 2))
        }
        #expect(throws: CheckpointError.mismatch(.game)) {
            try SampledTrainingRun(snapshot: resumed.snapshot(), game: .coin(CoinGame()), rule: rule)
        }
    }
}
