import Runtime

/// `value.name`: the fields each kind of value offers.
enum Fields {
    static func read(_ value: Value, _ name: String, _ span: SourceSpan) throws -> Value {
        let fields = available(value)
        if let field = fields.first(where: { $0.0 == name }) { return field.1() }
        let names = fields.map(\.0)
        let hint =
            Builtin.closest(name, in: names).map { "did you mean '\($0)'?" }
            ?? (names.isEmpty
                ? "a \(value.typeName) has no fields" : "fields: " + names.prefix(24).joined(separator: ", "))
        throw ScriptError("\(value.typeName) has no field '\(name)'", at: span, notes: [hint])
    }

    /// Field names of a value, for completion and messages.
    static func names(of value: Value) -> [String] { available(value).map(\.0) }

    private static func available(_ value: Value) -> [(String, () -> Value)] {
        switch value {
        case .record(let fields):
            return fields.map { field in (field.0, { field.1 }) }
        case .table(let table):
            let labels = table.labelColumns.enumerated().map { k, column in
                (column, { Value.list(table.labels.map { .string($0[k]) }) })
            }
            return labels + table.columns.map { column in (column, { .list(table.column(column)!.map(Value.number)) }) }
                + [
                    ("rows", { .number(Double(table.rows.count)) }),
                    ("columns", { .list((table.labelColumns + table.columns).map(Value.string)) }),
                ]
        case .policy(let table):
            return zip(table.states, table.probabilities).map { state, q in (state, { .number(q) }) }
        case .agent(let box):
            let common: [(String, () -> Value)] = [
                ("epochs", { .number(Double(box.epochs)) }), ("history", { .string(box.history) }),
            ]
            switch box.body {
            case .exact(let agent):
                return [
                    ("policy", { .policy(Builtins.policyTable(box)) }), ("params", { Builtins.parameterList(box) }),
                    ("kind", { .string(agent.policy.kind) }),
                ] + common
            case .sampled:
                return [("kind", { .string("gru") })] + common + [("has_model", { .bool(box.sampledModel != nil) })]
            case .point(let point):
                return [
                    ("params", { .list(point.parameters[0].scalars.map(Value.number)) }),
                    ("kind", { .string("point") }),
                ] + common
            }
        case .game(let game):
            return [
                ("n", { .number(Double(game.agents)) }),
                ("cf", { game.contributionFactor.map(Value.number) ?? .none }),
                ("payoffs", { if case .matrix(let table) = game.payoffs { Provenance.payoffs(table) } else { .none } }),
                ("gamma", { .number(game.gamma) }), ("start", { .string(game.start.rawValue) }),
                ("states", { .list(game.stateNames.map(Value.string)) }),
                ("cooperative_value", { .number(game.cooperativeValue) }),
            ]
        case .rule(let rule):
            return rule.rule.settings.map { setting, value in
                (SettingNames.argument(setting), { SettingNames.value(value) })
            }
        case .sampledRule(let rule):
            return rule.rule.settings.map { setting, value in
                (SettingNames.argument(setting), { SettingNames.value(value) })
            } + [("seed", { .number(Double(rule.seed)) })]
        case .formulaGame(let game):
            return [("n", { .number(Double(game.agents)) })]
        case .list(let items):
            return [("length", { .number(Double(items.count)) })]
        default:
            return []
        }
    }
}
