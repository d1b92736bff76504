import Runtime

/// What PolaScript keeps in a checkpoint beside the Runtime's numbers: how each agent was made
/// and what trained it, and a run's provenance, as `Annotation`s (the Runtime stores them
/// untouched).
enum SavedNotes {
    /// Provenance values hold numbers, flags, text, lists and records; anything else is kept as
    /// the text it shows.
    static func annotation(_ value: Value) -> Annotation {
        switch value {
        case .none: .none
        case .bool(let b): .bool(b)
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        case .list(let items): .list(items.map(annotation))
        case .record(let fields): .record(fields.map { Annotation.Field($0.0, annotation($0.1)) })
        default: .string(Render.inline(value))
        }
    }

    static func value(_ annotation: Annotation) -> Value {
        switch annotation {
        case .none: .none
        case .bool(let b): .bool(b)
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        case .list(let items): .list(items.map(value))
        case .record(let fields): .record(fields.map { ($0.name, value($0.value)) })
        }
    }

    /// The field `name` of a record note, or `.none`.
    static func field(_ name: String, of notes: Annotation) -> Annotation {
        guard case .record(let fields) = notes else { return .none }
        return fields.first { $0.name == name }?.value ?? .none
    }

    static func number(_ name: String, of notes: Annotation) -> Int {
        guard case .number(let x) = field(name, of: notes), x.isFinite, abs(x) < 1e15 else { return 0 }
        return Int(x)
    }

    // MARK: Agents

    /// An agent's origin, state names and learning steps, for every kind of agent alike.
    static func notes(_ box: AgentBox) -> Annotation {
        .record([
            .init("made", annotation(box.made)), .init("states", .list((box.stateNames ?? []).map(Annotation.string))),
            .init("steps", .list(box.steps.map { annotation($0.record) })),
        ])
    }

    /// The agent `notes` describe, holding `body`.
    ///
    /// Files written before every kind of agent kept its history hold a GRU agent's origin as
    /// text and its epochs as a count (`origin`, `epochs`); such an agent reads back with that
    /// origin and one step of that many epochs, `rule(recorded: false) on game(recorded: false)`.
    static func box(_ body: AgentBox.Body, _ notes: Annotation) -> AgentBox {
        if case .string(let origin) = field("origin", of: notes), field("made", of: notes) == .none {
            let epochs = number("epochs", of: notes)
            let unrecorded = { (what: String) in Value.record([("name", .string(what)), ("recorded", .bool(false))]) }
            let steps =
                epochs > 0
                ? [LearningStep(rule: unrecorded("rule"), game: unrecorded("game"), first: 1, last: epochs)] : []
            return AgentBox(body, made: .string(origin), steps: steps)
        }
        var states: [String]?
        if case .list(let names) = field("states", of: notes), !names.isEmpty {
            states = names.map { if case .string(let s) = $0 { s } else { "?" } }
        }
        var steps = [LearningStep]()
        if case .list(let records) = field("steps", of: notes) {
            steps = records.compactMap { step in
                guard case .list(let ends) = field("epochs", of: step), ends.count == 2,
                    case .number(let first) = ends[0], case .number(let last) = ends[1]
                else { return nil }
                return LearningStep(
                    rule: value(field("rule", of: step)), game: value(field("game", of: step)), first: Int(first),
                    last: Int(last))
            }
        }
        return AgentBox(body, made: value(field("made", of: notes)), states: states, steps: steps)
    }

    /// The field of a run's agent notes that holds each agent's origin: `made`, or `origin` in
    /// files of GRU agents written before they kept their history.
    static func originField(of runNotes: Annotation) -> String {
        guard case .list(let each) = field("agents", of: runNotes), let first = each.first else { return "made" }
        return field("made", of: first) == .none && field("origin", of: first) != .none ? "origin" : "made"
    }
}
