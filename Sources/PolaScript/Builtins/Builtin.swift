import Runtime

/// What a builtin parameter accepts. Validation, messages and help all read it.
public enum ValueType: Sendable, Equatable {
    /// `agent` is an agent of any kind (`AgentBox.Kind`); a builtin that needs one kind checks it
    /// itself, saying why (`CallArguments.agent(_:of:)`).
    case number, wholeNumber, bool, string, list, numbers, game, agent, rule, table, any
    /// A number or a list of numbers (for `hidden: 16` or `hidden: [8, 8]`).
    case numberOrNumbers
    /// The sampled half's games and rules (`ipd_history`, `coin_game`, `pola_dice`, ...).
    case sampledGame, sampledRule
    /// Either half's rule or game: what `step` and `train` take.
    case anyRule, anyGame
    /// A number or a differentiable one (a formula game's parameter and what is computed from
    /// it); a list of such numbers: what the math builtins take.
    case differentiableNumber, differentiableNumbers

    /// As messages say it: "number expected, got string".
    public var name: String {
        switch self {
        case .number: "number"
        case .wholeNumber: "whole number"
        case .bool: "boolean"
        case .string: "string"
        case .list: "list"
        case .numbers: "list of numbers"
        case .game: "game"
        case .agent: "agent"
        case .rule: "rule"
        case .table: "table"
        case .any: "value"
        case .numberOrNumbers: "number or list of numbers"
        case .sampledGame: "sampled game"
        case .sampledRule: "sampled rule"
        case .anyRule: "rule"
        case .anyGame: "game"
        case .differentiableNumber: "number"
        case .differentiableNumbers: "list of numbers"
        }
    }

    func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _), (.number, .number), (.bool, .bool), (.string, .string), (.list, .list),
            (.game, .game), (.agent, .agent), (.rule, .rule), (.table, .table):
            true
        case (.wholeNumber, .number(let x)): x == x.rounded() && abs(x) < 1e15
        case (.numbers, .list(let items)): items.allSatisfy { if case .number = $0 { true } else { false } }
        case (.numbers, .policy): true
        case (.numberOrNumbers, .number): true
        case (.numberOrNumbers, let list): ValueType.numbers.accepts(list)
        case (.sampledGame, .sampledGame), (.sampledRule, .sampledRule), (.anyRule, .rule), (.anyRule, .sampledRule),
            (.anyGame, .game), (.anyGame, .sampledGame), (.anyGame, .formulaGame), (.differentiableNumber, .number),
            (.differentiableNumber, .differentiable):
            true
        case (.differentiableNumbers, .list(let items)):
            items.allSatisfy { if case .number = $0 { true } else { $0.isDifferentiable } }
        case (.differentiableNumbers, .policy): true
        default: false
        }
    }
}

public struct Parameter: Sendable {
    public enum Kind: Sendable {
        /// Given by position (or by name).
        case positional
        /// Given by name only.
        case keyword
        /// Any number of trailing positional values (`step(rule, game, a, b, ...)`).
        case variadic
    }

    public let name: String
    public let kind: Kind
    public let type: ValueType
    /// nil when required; otherwise the default, which help shows and the readers return.
    public let defaultValue: Default?
    public let help: String

    /// How the default reads in help (`0.96`); nil when required.
    public var defaultText: String? { defaultValue?.text }

    public static func positional(_ name: String, _ type: ValueType, default value: Default? = nil, _ help: String)
        -> Parameter
    {
        Parameter(name: name, kind: .positional, type: type, defaultValue: value, help: help)
    }

    public static func keyword(_ name: String, _ type: ValueType, default value: Default? = nil, _ help: String)
        -> Parameter
    {
        Parameter(name: name, kind: .keyword, type: type, defaultValue: value, help: help)
    }

    public static func variadic(_ name: String, _ type: ValueType, _ help: String) -> Parameter {
        Parameter(name: name, kind: .variadic, type: type, defaultValue: nil, help: help)
    }

    var isRequired: Bool { defaultValue == nil && kind != .variadic }
}

/// A function provided by the interpreter: its name, signature and help, and its body.
public struct Builtin: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [Parameter]
    /// A line of example use for `:help`.
    public let example: String
    let body: @Sendable (CallArguments, Interpreter) throws -> Value

    init(
        _ name: String, _ summary: String, _ parameters: [Parameter] = [], example: String = "",
        body: @escaping @Sendable (CallArguments, Interpreter) throws -> Value
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.example = example
        self.body = body
    }

    /// `lola(inner_lr:, outer_lr:, taylor: false, ...)`.
    public var signature: String {
        let parts = parameters.map { p -> String in
            switch p.kind {
            case .positional: p.defaultText.map { "\(p.name) = \($0)" } ?? p.name
            case .keyword: "\(p.name):" + (p.defaultText.map { " \($0)" } ?? "")
            case .variadic: "\(p.name)..."
            }
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }

    /// Matches call arguments to parameters, checking names, counts and types.
    func bind(_ arguments: [(label: String?, labelSpan: SourceSpan?, value: Value, span: SourceSpan)], call: SourceSpan)
        throws -> CallArguments
    {
        var bound = CallArguments(callee: name, span: call, parameters: parameters)
        let positional = parameters.filter { $0.kind == .positional }
        let variadic = parameters.first { $0.kind == .variadic }
        var nextPositional = 0
        for argument in arguments {
            if let label = argument.label {
                guard let parameter = parameters.first(where: { $0.name == label && $0.kind != .variadic }) else {
                    let names = parameters.filter { $0.kind != .variadic }.map(\.name)
                    let hint =
                        Self.closest(label, in: names).map { "did you mean '\($0)'?" }
                        ?? (names.isEmpty
                            ? "\(name) takes no named arguments" : "expected one of: " + names.joined(separator: ", "))
                    throw ScriptError(
                        "unknown argument '\(label)' to \(name)", at: argument.labelSpan ?? argument.span, notes: [hint]
                    )
                }
                if bound.values[label] != nil {
                    throw ScriptError(
                        "argument '\(label)' to \(name) given twice", at: argument.labelSpan ?? argument.span)
                }
                try check(parameter, argument.value, argument.span)
                bound.values[label] = (argument.value, argument.span)
            } else if nextPositional < positional.count {
                let parameter = positional[nextPositional]
                nextPositional += 1
                try check(parameter, argument.value, argument.span)
                bound.values[parameter.name] = (argument.value, argument.span)
            } else if let variadic {
                try check(variadic, argument.value, argument.span)
                bound.rest.append((argument.value, argument.span))
            } else {
                throw ScriptError(
                    "too many arguments to \(name) (\(positional.count) expected)", at: argument.span,
                    notes: ["usage: \(signature)"])
            }
        }
        for parameter in parameters where parameter.isRequired && bound.values[parameter.name] == nil {
            throw ScriptError(
                "missing argument '\(parameter.name)' to \(name)", at: call, notes: ["usage: \(signature)"])
        }
        return bound
    }

    private func check(_ parameter: Parameter, _ value: Value, _ span: SourceSpan) throws {
        guard parameter.type.accepts(value) else { throw rejection(parameter, value, span) }
    }

    /// Why `value` does not fit `parameter`: kept out of `check`, which every call of every
    /// builtin runs, so that it stays small.
    @inline(never)
    private func rejection(_ parameter: Parameter, _ value: Value, _ span: SourceSpan) -> ScriptError {
        if value.dependsOnParameters {
            return Differentiable.refusal("argument '\(parameter.name)' to \(name)", at: span)
        }
        return ScriptError(
            "bad argument '\(parameter.name)' to \(name) (\(parameter.type.name) expected, got \(Self.describe(value)))",
            at: span)
    }

    /// What a rejected value was: numbers by value (`1.5`), lists by their odd element.
    static func describe(_ value: Value) -> String {
        switch value {
        case .number: return Render.inline(value)
        case .list(let items):
            if let odd = items.first(where: { if case .number = $0 { false } else { true } }) {
                return "a list holding \(odd.typeNameInText) (\(Render.inline(odd)))"
            }
            return "a list"
        default: return value.typeName
        }
    }

    /// The candidate within edit distance 2, if any: a likely typo.
    static func closest(_ word: String, in candidates: [String]) -> String? {
        candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}

/// A builtin's arguments after binding, with their spans for positioned errors.
public struct CallArguments: Sendable {
    let callee: String
    let span: SourceSpan
    /// The builtin's parameters, whose defaults the readers return for absent arguments.
    var parameters: [Parameter]
    var values: [String: (value: Value, span: SourceSpan)] = [:]
    var rest: [(value: Value, span: SourceSpan)] = []

    init(callee: String, span: SourceSpan, parameters: [Parameter]) {
        self.callee = callee
        self.span = span
        self.parameters = parameters
    }

    func has(_ name: String) -> Bool { values[name] != nil }
    func value(_ name: String) -> Value? { values[name]?.value }
    func spanOf(_ name: String) -> SourceSpan { values[name]?.span ?? span }

    /// "bad argument 'lr' to lola (<expected>, got <got>)" at that argument.
    func bad(_ name: String, _ expected: String, got: String? = nil) -> ScriptError {
        let shown = got ?? value(name).map(Render.inline) ?? "nothing"
        return ScriptError("bad argument '\(name)' to \(callee) (\(expected), got \(shown))", at: spanOf(name))
    }

    /// A number: given, else the table's default (NaN when given as anything but a number).
    func number(_ name: String) -> Double {
        guard let given = value(name) else { return numberDefault(name) }
        if case .number(let x) = given { return x }
        return .nan
    }

    func optionalNumber(_ name: String) -> Double? {
        if case .number(let x) = value(name) { return x }
        return nil
    }

    /// A whole number: given, else the table's default.
    func whole(_ name: String) throws -> Int {
        guard let given = value(name) else { return wholeDefault(name) }
        guard case .number(let x) = given, let n = Int(exactly: x) else { throw bad(name, "whole number expected") }
        return n
    }

    /// A whole number within `range` (given, else the table's default), or "bad argument 'runs'
    /// to experiment (a whole number from 1 to 10000 expected, got 0)" at that argument: the one
    /// range check of the builtins.
    /// - Parameters:
    ///   - noun: what the number is, as the message names it ("a width", "a seat"); nil for
    ///     bare bounds ("0 to 15 expected").
    func whole(_ name: String, in range: ClosedRange<Int>, as noun: String? = "a whole number") throws -> Int {
        try checked(name, try whole(name), in: range, as: noun)
    }

    /// As `whole(_:in:as:)`, for a parameter whose default is computed (`every: epochs`): the
    /// body gives the value, and the table only describes it.
    func whole(_ name: String, in range: ClosedRange<Int>, default computed: Int, as noun: String? = "a whole number")
        throws -> Int
    {
        guard has(name) else {
            requireComputedDefault(name)
            return try checked(name, computed, in: range, as: noun)
        }
        return try checked(name, try whole(name), in: range, as: noun)
    }

    private func checked(_ name: String, _ n: Int, in range: ClosedRange<Int>, as noun: String?) throws -> Int {
        guard range.contains(n) else {
            let bounds = "\(range.lowerBound) to \(range.upperBound)"
            throw bad(name, (noun.map { "\($0) from \(bounds)" } ?? bounds) + " expected")
        }
        return n
    }

    /// A seed: any whole number from 0 (every builtin that draws at random takes one).
    func seed(_ name: String) throws -> UInt64 {
        let seed = try whole(name)
        guard seed >= 0 else { throw bad(name, "a whole number >= 0 expected") }
        return UInt64(seed)
    }

    /// A boolean: given, else the table's default.
    func bool(_ name: String) -> Bool {
        if case .bool(let b) = value(name) { return b }
        return boolDefault(name)
    }

    /// A string: given, else the table's default; nil when that is none.
    func string(_ name: String) -> String? {
        guard let given = value(name) else { return stringDefault(name) }
        if case .string(let s) = given { return s }
        return nil
    }

    func numbers(_ name: String) -> [Double]? {
        switch value(name) {
        case .list(let items): items.map { if case .number(let x) = $0 { x } else { .nan } }
        case .policy(let table): table.probabilities
        case .number(let x): [x]
        default: nil
        }
    }

    /// The argument `name` as the case `payload` takes apart: nil when it is absent or another
    /// value (the binder has checked its type, so that is a parameter whose default is none).
    private func given<Payload>(_ name: String, _ payload: (Value) -> Payload?) -> Payload? {
        value(name).flatMap(payload)
    }

    func game(_ name: String) -> ContributionGame? {
        given(name) { if case .game(let game) = $0 { game } else { nil } }
    }

    func agent(_ name: String) -> AgentBox? {
        given(name) { if case .agent(let box) = $0 { box } else { nil } }
    }

    /// The agent `name`, which this builtin needs to be of `kind`; another kind is refused, saying
    /// why it cannot serve and what to use instead.
    func agent(_ name: String, of kind: AgentBox.Kind) throws -> AgentBox? {
        guard let box = agent(name) else { return nil }
        guard box.kind == kind else {
            var error = bad(name, kind.described + " expected", got: box.kind.described)
            error.notes = [AgentKindNotes.why(callee, needs: kind, got: box.kind)]
            throw error
        }
        return box
    }

    func rule(_ name: String) -> RuleValue? {
        given(name) { if case .rule(let rule) = $0 { rule } else { nil } }
    }

    func sampledGame(_ name: String) -> SampledGame? {
        given(name) { if case .sampledGame(let game) = $0 { game } else { nil } }
    }

    func table(_ name: String) -> Table? {
        given(name) { if case .table(let table) = $0 { table } else { nil } }
    }
}
