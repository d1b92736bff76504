import TensorLayer

/// An exact training run in progress, as a checkpoint holds it: the state (game, agents of
/// every run, opponent models), the rule's signature, the epochs done, the score records so far
/// and the host's notes. A driver snapshots it every k epochs and continues from it after a
/// failure; the continuation is the straight run bit for bit, since an exact epoch reads
/// nothing else.
///
///     var run = ExactTrainingRun(state: state, rule: rule, scores: ScoreTable(columns: ["epoch", "V0", "V1"]))
///     // ... epochs, then every k of them:
///     try host.writeAtomically(run.snapshot().encoded(), to: path)
///     // after a failure:
///     run = try ExactTrainingRun(snapshot: Checkpoint(decoding: bytes), game: game, rule: rule)
public struct ExactTrainingRun: Sendable {
    public var state: LearningState<ContributionGame>
    public var rule: RuleSignature
    public var epochsDone: Int
    public var scores: ScoreTable
    public var notes: Annotation

    public init(
        state: LearningState<ContributionGame>, rule: any LearningRule, epochsDone: Int = 0, scores: ScoreTable,
        notes: Annotation = .none
    ) {
        self.state = state
        self.rule = RuleSignature(rule)
        self.epochsDone = epochsDone
        self.scores = scores
        self.notes = notes
    }

    public func snapshot() -> Checkpoint { .exactRun(self) }

    /// The run `snapshot` holds, to be continued by `rule` on `game`.
    /// - Throws: `wrongKind` unless it holds an exact run, `mismatch` unless its game and rule
    ///   are these.
    public init(snapshot: Checkpoint, game: ContributionGame, rule: any LearningRule) throws(CheckpointError) {
        guard case .exactRun(let run) = snapshot else { throw .wrongKind(expected: .exactRun, found: snapshot.kind) }
        guard run.state.game == game else { throw .mismatch(.game) }
        guard run.rule == RuleSignature(rule) else { throw .mismatch(.rule) }
        self = run
    }

    /// Checks that `agents` could be this run's: as many, each of the same policy and shapes.
    public func requireAgents(like agents: [Agent]) throws(CheckpointError) {
        try requireSeats(saved: state.agents, given: agents) { saved, given in
            saved.policy.kind == given.policy.kind
                && saved.parameters.map({ $0.shape.dropFirst() }) == given.parameters.map({ $0.shape.dropFirst() })
        }
    }

    func sections() -> [(tag: String, bytes: [UInt8])] {
        [
            ("GAME", Checkpoint.bytes { state.game.write(to: &$0) }),
            ("RULE", Checkpoint.bytes { rule.write(to: &$0) }),
            ("EPOC", Checkpoint.bytes { $0.count(epochsDone) }),
            ("AGNT", Checkpoint.bytes { Self.write(state.agents, to: &$0) }),
            (
                "MODL",
                Checkpoint.bytes { writer in
                    writer.bool(state.models != nil)
                    for row in state.models ?? [] { Self.write(row, to: &writer) }
                }
            ),
            ("SCOR", Checkpoint.bytes { scores.write(to: &$0) }),
            ("NOTE", Checkpoint.bytes { notes.write(to: &$0) }),
        ]
    }

    init(_ file: CheckpointSections) throws(CheckpointError) {
        let game = try file.section("GAME") { r throws(CheckpointError) in try ContributionGame.read(from: &r) }
        rule = try file.section("RULE") { r throws(CheckpointError) in try RuleSignature.read(from: &r) }
        epochsDone = try file.section("EPOC") { r throws(CheckpointError) in try r.size() }
        let agents = try file.section("AGNT") { r throws(CheckpointError) in try Self.readAgents(from: &r) }
        let models = try file.section("MODL") { r throws(CheckpointError) -> [[Agent]]? in
            guard try r.bool() else { return nil }
            var rows = [[Agent]]()
            for _ in agents { rows.append(try Self.readAgents(from: &r)) }
            return rows
        }
        guard agents.count == game.agents, models?.allSatisfy({ $0.count == game.agents }) ?? true else {
            throw .malformed(section: "AGNT", "agents that do not fill the game's \(game.agents) seats")
        }
        state = LearningState(game: game, agents: agents, models: models, epoch: epochsDone)
        scores = try file.section("SCOR") { r throws(CheckpointError) in try ScoreTable.read(from: &r) }
        notes = try file.notes()
    }

    private static func write(_ agents: [Agent], to writer: inout ByteWriter) { writer.list(agents) }

    private static func readAgents(from reader: inout ByteReader) throws(CheckpointError) -> [Agent] {
        try reader.list(of: Agent.self)
    }
}

/// A sampled (DiCE) training run in progress: the game, the rule, both agents, POLA-OM's models,
/// the random stream's position, the epochs done, the score records so far and the host's
/// notes. Continued from its checkpoint, it is the straight run bit for bit: every rollout
/// draws from the stream, whose position is saved with it.
public struct SampledTrainingRun: Sendable {
    public var game: SampledGame
    public var rule: DiCERule
    public var agents: [SampledAgent]
    public var models: [SampledAgent]?
    public var generator: SplitMix64
    public var epochsDone: Int
    public var scores: ScoreTable
    public var notes: Annotation

    /// A snapshot of `state` (its epoch counts the epochs done) trained by `rule`.
    public init<Environment: CheckpointedEnvironment>(
        state: SampledLearningState<Environment>, rule: DiCERule, scores: ScoreTable, notes: Annotation = .none
    ) {
        game = state.environment.sampledGame
        self.rule = rule
        agents = state.agents
        models = state.models
        generator = state.generator
        epochsDone = state.epoch
        self.scores = scores
        self.notes = notes
    }

    /// The learning state to continue from, in `environment` (the run's game).
    public func state<Environment: CheckpointedEnvironment>(in environment: Environment)
        -> SampledLearningState<Environment>
    {
        var state = SampledLearningState(environment: environment, agents: agents, models: models, seed: 0)
        state.generator = generator
        state.epoch = epochsDone
        return state
    }

    public func snapshot() -> Checkpoint { .sampledRun(self) }

    /// The run `snapshot` holds, to be continued by `rule` on `game`.
    /// - Throws: `wrongKind` unless it holds a sampled run, `mismatch` unless its game and rule
    ///   are these.
    public init(snapshot: Checkpoint, game: SampledGame, rule: DiCERule) throws(CheckpointError) {
        guard case .sampledRun(let run) = snapshot else {
            throw .wrongKind(expected: .sampledRun, found: snapshot.kind)
        }
        guard run.game == game else { throw .mismatch(.game) }
        guard run.rule == rule else { throw .mismatch(.rule) }
        self = run
    }

    /// Checks that `agents` could be this run's: two, each with networks of the same shapes.
    public func requireAgents(like agents: [SampledAgent]) throws(CheckpointError) {
        try requireSeats(saved: self.agents, given: agents) { saved, given in
            saved.policy.parameterShapes == given.policy.parameterShapes
                && saved.valueNetwork.parameterShapes == given.valueNetwork.parameterShapes
                && type(of: saved.policy) == type(of: given.policy)
        }
    }

    func sections() -> [(tag: String, bytes: [UInt8])] {
        [
            ("GAME", Checkpoint.bytes { game.write(to: &$0) }),
            ("RULE", Checkpoint.bytes { rule.write(to: &$0) }),
            ("EPOC", Checkpoint.bytes { $0.count(epochsDone) }),
            ("RAND", Checkpoint.bytes { $0.u64(generator.state) }),
            ("AGNT", Checkpoint.bytes { Self.write(agents, to: &$0) }),
            (
                "MODL",
                Checkpoint.bytes { writer in
                    writer.bool(models != nil)
                    if let models { Self.write(models, to: &writer) }
                }
            ),
            ("SCOR", Checkpoint.bytes { scores.write(to: &$0) }),
            ("NOTE", Checkpoint.bytes { notes.write(to: &$0) }),
        ]
    }

    init(_ file: CheckpointSections) throws(CheckpointError) {
        game = try file.section("GAME") { r throws(CheckpointError) in try SampledGame.read(from: &r) }
        rule = try file.section("RULE") { r throws(CheckpointError) in try DiCERule.read(from: &r) }
        epochsDone = try file.section("EPOC") { r throws(CheckpointError) in try r.size() }
        generator = SplitMix64(seed: try file.section("RAND") { r throws(CheckpointError) in try r.u64() })
        agents = try file.section("AGNT") { r throws(CheckpointError) in try Self.readAgents(from: &r) }
        models = try file.section("MODL") { r throws(CheckpointError) -> [SampledAgent]? in
            try r.bool() ? try Self.readAgents(from: &r) : nil
        }
        guard agents.count == 2, models?.count ?? 2 == 2 else {
            throw .malformed(section: "AGNT", "agents that do not fill the game's 2 seats")
        }
        scores = try file.section("SCOR") { r throws(CheckpointError) in try ScoreTable.read(from: &r) }
        notes = try file.notes()
    }

    private static func write(_ agents: [SampledAgent], to writer: inout ByteWriter) { writer.list(agents) }

    private static func readAgents(from reader: inout ByteReader) throws(CheckpointError) -> [SampledAgent] {
        try reader.list(of: SampledAgent.self)
    }
}

/// What both runs' `requireAgents` check: as many agents given as saved (else `agentCount`), and
/// each seat's given agent one that `fits` the saved one (else `agent(seat:)`, the first seat).
private func requireSeats<SeatAgent>(
    saved: [SeatAgent], given: [SeatAgent], fits: (SeatAgent, SeatAgent) -> Bool
) throws(CheckpointError) {
    guard given.count == saved.count else { throw .mismatch(.agentCount(saved: saved.count, given: given.count)) }
    for (seat, (saved, given)) in zip(saved, given).enumerated() where !fits(saved, given) {
        throw .mismatch(.agent(seat: seat))
    }
}
