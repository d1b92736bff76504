import Runtime
import TensorLayer

/// A PolaScript value. Numbers, strings, lists and records are values; agents are shared
/// references, because learning steps change them in place for every name that holds them.
public enum Value: Sendable {
    case number(Double)
    case bool(Bool)
    case string(String)
    case list([Value])
    /// Named fields in order, such as the report of `step`.
    case record([(String, Value)])
    case none
    case function(UserFunction)
    case builtin(Builtin)
    case game(ContributionGame)
    /// An agent of any kind (`AgentBox.Kind`): exact, GRU or point.
    case agent(AgentBox)
    case rule(RuleValue)
    case table(Table)
    /// An agent's cooperation probabilities per state, labelled with the game's state names.
    case policy(PolicyTable)
    /// The sampled half (`ipd_history`, `coin_game`, `gru`, `lola_dice`, ...).
    case sampledGame(SampledGame)
    case sampledRule(SampledRuleValue)
    /// A number computed from a formula game's parameters: its tensor (`[runs, 1]`, one run at
    /// the prompt) is a node of the differentiation graph, so the rules can take its gradients.
    case differentiable(Tensor<Double>)
    /// A game written as a PolaScript function of the agents' parameters (`formula_game`).
    case formulaGame(FormulaGameValue)

    /// The type's name as messages use it.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .bool: "boolean"
        case .string: "string"
        case .list: "list"
        case .record: "record"
        case .none: "none"
        case .function, .builtin: "function"
        case .game: "game"
        case .agent: "agent"
        case .rule: "rule"
        case .table: "table"
        case .policy: "policy"
        case .sampledGame: "sampled game"
        case .sampledRule: "sampled rule"
        case .differentiable: "number"
        case .formulaGame: "formula game"
        }
    }

    /// The type's name after an article, as running text uses it: "an agent", "a list", "none".
    public var typeNameInText: String {
        switch self {
        case .none: "none"
        case .agent: "an agent"
        default: "a \(typeName)"
        }
    }

    /// How deeply lists nest inside this value, counted up to `limit` (deeper reports `limit`).
    func listDepth(limit: Int) -> Int {
        guard case .list(let items) = self, limit > 0 else { return 0 }
        var deepest = 0
        for item in items {
            guard case .list = item else { continue }
            deepest = max(deepest, item.listDepth(limit: limit - 1))
            if deepest >= limit - 1 { break }
        }
        return 1 + deepest
    }

    public var isTruthy: Bool {
        switch self {
        case .bool(let b): b
        case .none: false
        case .number(let x): x != 0
        default: true
        }
    }
}

/// A function written in PolaScript.
///
/// A call sees its own parameters and locals, then the session's global names. It does not
/// capture the scope it was defined in: PolaScript has no closures, and a function stored in the
/// scope it captured would keep that scope alive for ever (a reference cycle).
public struct UserFunction: Sendable {
    public let declaration: FunctionDeclaration
    /// The text it was defined in, for positioning errors raised in its body.
    let source: Source
}

/// A learning rule with the words it was made with.
public struct RuleValue: Sendable {
    public let rule: any LearningRule
    /// With opponent modelling, the same rule for a given game (the models' shapes follow it).
    /// It takes the contribution game itself, not any `DifferentiableGame`: exact opponent
    /// models are policies over that game's states (an MLP model reads its one-hot encoding).
    let forGame: @Sendable (ContributionGame) throws -> any LearningRule
}

/// One agent's cooperation probabilities per state.
public struct PolicyTable: Sendable {
    public let states: [String]
    public let probabilities: [Double]
}

/// One row per epoch, named columns, and how it was made.
public struct Table: Sendable {
    public let columns: [String]
    public var rows: [[Double]]
    /// Text columns shown and written before the numbers (a tournament's agent names); empty
    /// for tables of numbers alone.
    public var labelColumns: [String] = []
    /// One text per label column, per row.
    public var labels: [[String]] = []
    /// `(key, value)` pairs: game, rule, agents, pola-repl version, as fields (see `Provenance`).
    public var provenance: [(String, Value)]

    public func column(_ name: String) -> [Double]? {
        columns.firstIndex(of: name).map { k in rows.map { $0[k] } }
    }
}
