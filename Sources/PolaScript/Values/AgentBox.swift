import Runtime

/// An agent that several names share: `step` and `train` update it in place for every name
/// that holds it. One type for every kind of agent (a policy over an exact game's states, a GRU
/// agent of the sampled half, a formula game's point), so that `copy`, `.epochs`, `.history`,
/// `save` and provenance work for all of them through one path; only what a kind cannot answer
/// (a GRU agent has no policy table) is refused, saying why.
public final class AgentBox: @unchecked Sendable {
    /// The agent itself, of one kind. Only the interpreter's thread touches a box, and updates
    /// replace the whole value.
    public var body: Body
    /// How it was made, as fields for provenance: `(name: "tabular", seed: 1, std: 0.1)`.
    public let made: Value
    /// The state names of the exact game it was made for.
    public let stateNames: [String]?
    /// An exact agent's opponent models of the agent in each seat (nil: not yet made).
    public var models: [Agent?] = []
    /// A GRU agent's POLA-OM model of the agent in the other seat (nil until a POLA-OM step).
    public var sampledModel: SampledAgent?
    /// The learning applied since it was made, oldest first, for provenance.
    public private(set) var steps: [LearningStep]
    /// The seat it took in its last `step` or `train` (nil before any): its own seat, which it
    /// has no model of.
    public var lastSeat: Int?

    public enum Body: Sendable {
        /// A policy over an exact game's states: tabular, preconditioned, MLP or a fixed strategy.
        case exact(Agent)
        /// The sampled half's policy and value networks (`gru`).
        case sampled(SampledAgent)
        /// A formula game's point of real numbers (`point`).
        case point(FormulaGame.Player)
    }

    public enum Kind: Sendable, Equatable {
        case exact, sampled, point

        /// As messages name an agent of this kind: "an agent of an exact game".
        public var described: String {
            switch self {
            case .exact: "an agent of an exact game"
            case .sampled: "a GRU agent"
            case .point: "a point agent"
            }
        }

        /// How agents of this kind are made, for the notes of a refusal.
        var madeBy: String {
            switch self {
            case .exact: "an exact game's agents are made by tabular(g), precond(g), mlp(g) or a strategy"
            case .sampled: "sampled games take agents made by gru(game, ...)"
            case .point: "a formula game's agents are points: point(g, 0.5)"
            }
        }
    }

    public init(_ body: Body, made: Value, states: [String]? = nil, steps: [LearningStep] = []) {
        self.body = body
        self.made = made
        self.stateNames = states
        self.steps = steps
    }

    public convenience init(agent: Agent, made: Value, states: [String]? = nil, steps: [LearningStep] = []) {
        self.init(.exact(agent), made: made, states: states, steps: steps)
    }

    public convenience init(agent: Agent, origin: String, states: [String]? = nil) {
        self.init(.exact(agent), made: .string(origin), states: states)
    }

    public var kind: Kind {
        switch body {
        case .exact: .exact
        case .sampled: .sampled
        case .point: .point
        }
    }

    /// The exact agent it holds, for code that has checked the kind (`seatedAgents`,
    /// `CallArguments.agent(_:of:)`, a builtin whose parameter only an exact game's agent passes).
    public var agent: Agent {
        get {
            guard case .exact(let agent) = body else { preconditionFailure("\(kind.described), not an exact one") }
            return agent
        }
        set { body = .exact(newValue) }
    }

    /// The agent it holds as the Runtime's type `P`, if it is of that kind.
    func player<P: BoxedAgent>(_: P.Type = P.self) -> P? {
        switch body {
        case .exact(let agent): agent as? P
        case .sampled(let agent): agent as? P
        case .point(let point): point as? P
        }
    }

    /// How it was made, as a call: `tabular(seed: 1, std: 0.1)`.
    public var origin: String { Provenance.text(made) }
    /// Learning epochs applied since it was made; the next one is numbered `epochs + 1`.
    public var epochs: Int { steps.last?.last ?? 0 }
    /// Its origin and every step since, as `show` prints it.
    public var history: String { Provenance.text(provenance) }
    /// Its origin followed by its learning steps.
    var provenance: Value { .list([made] + steps.map(\.record)) }

    /// A new agent holding the same parameters, history and models, updated independently.
    func copy() -> AgentBox {
        let copy = AgentBox(body, made: made, states: stateNames, steps: steps)
        copy.models = models
        copy.sampledModel = sampledModel
        return copy
    }

    /// Takes the parameters, learning history and opponent models of `saved`: this agent at a
    /// later epoch, read back from a checkpoint.
    func resume(from saved: AgentBox) {
        body = saved.body
        steps = saved.steps
        models = saved.models
        sampledModel = saved.sampledModel
    }

    /// Records `count` more epochs of `rule` on `game`, joining the last step when it was the same.
    func learned(_ count: Int, rule: Value, game: Value) {
        // A fixed strategy has no parameters: a rule's step leaves it as it was, so it has no history.
        if case .exact(let agent) = body, !agent.parameters.contains(where: { $0.count > 0 }) { return }
        steps.record(count, rule: rule, game: game)
    }
}

/// The Runtime's agent types a box holds, so the seat checker and the sessions read each kind
/// as its own type (`AgentBox.player(_:)`).
protocol BoxedAgent: Sendable {
    var body: AgentBox.Body { get }
}

extension Agent: BoxedAgent {
    var body: AgentBox.Body { .exact(self) }
}

extension SampledAgent: BoxedAgent {
    var body: AgentBox.Body { .sampled(self) }
}

extension FormulaGame.Player: BoxedAgent {
    var body: AgentBox.Body { .point(self) }
}
