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

    /// An exact agent's origin, state names and learning steps.
    static func notes(_ box: AgentBox) -> Annotation {
        .record([
            .init("made", annotation(box.made)), .init("states", .list((box.stateNames ?? []).map(Annotation.string))),
            .init("steps", .list(box.steps.map { annotation($0.record) })),
        ])
    }

    /// The agent `notes` describe, holding `agent`.
    static func box(_ agent: Agent, _ notes: Annotation) -> AgentBox {
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
        return AgentBox(agent: agent, made: value(field("made", of: notes)), states: states, steps: steps)
    }

    /// A sampled agent's origin and epochs (`extraEpochs` more than it holds now, for a run saved
    /// before its agents are updated).
    static func notes(_ box: SampledAgentBox, extraEpochs: Int = 0) -> Annotation {
        .record([.init("origin", .string(box.origin)), .init("epochs", .number(Double(box.epochs + extraEpochs)))])
    }

    static func box(_ agent: SampledAgent, _ notes: Annotation) -> SampledAgentBox {
        let origin = if case .string(let s) = field("origin", of: notes) { s } else { "loaded" }
        let box = SampledAgentBox(agent: agent, origin: origin)
        box.epochs = number("epochs", of: notes)
        return box
    }
}
