import Foundation
import Runtime

/// How a table or an agent was made, as fields: settings are numbers, flags and strings, not
/// call text, so the `.json` beside a CSV can be read back by any program.
///
/// A record whose first field is `name` stands for a call (`ipd(cf: 1.1, ...)`), and reads so
/// in `show`; a list is a chain of steps, oldest first.
enum Provenance {
    static func game(_ game: ContributionGame) -> Value {
        var fields: [(String, Value)]
        switch game.payoffs {
        case .contribution(let factor):
            fields = [("name", .string(game.agents == 2 ? "ipd" : "contribution"))]
            if game.agents != 2 { fields.append(("n", .number(Double(game.agents)))) }
            fields.append(("cf", .number(factor)))
        case .matrix(let table):
            fields = [("name", .string("matrix_game")), ("payoffs", payoffs(table))]
        }
        fields += [("gamma", .number(game.gamma)), ("start", .string(game.start.rawValue))]
        if let horizon = game.horizon { fields.append(("horizon", .number(Double(horizon)))) }
        return .record(fields)
    }

    /// Both agents' tables, `[[[R0, S0], [T0, P0]], [[R1, S1], [T1, P1]]]`: what `matrix_game` takes.
    static func payoffs(_ table: MatrixPayoffs) -> Value {
        .list(table.tables.map { .list($0.map { .list($0.map(Value.number)) }) })
    }

    static func rule(_ rule: any LearningRule) -> Value {
        .record(
            [("name", .string(rule.name))]
                + rule.settings.map { (SettingNames.argument($0.0), SettingNames.value($0.1)) })
    }

    /// A sampled game as fields: `ipd_history` with cf, start and rollout, or `coin_game`.
    static func game(_ game: SampledGame) -> Value {
        switch game {
        case .ipd(let g):
            .record([
                ("name", .string("ipd_history")), ("cf", .number(g.contributionFactor)),
                ("start", .string(g.start.rawValue)), ("rollout", .number(Double(g.episodeLength))),
            ])
        case .coin(let g): .record([("name", .string("coin_game")), ("rollout", .number(Double(g.episodeLength)))])
        }
    }

    /// A sampled rule as fields: its builtin's name, every setting by argument name, its seed.
    static func rule(_ rule: SampledRuleValue) -> Value {
        .record(
            [("name", .string(rule.rule.kind.scriptName))]
                + rule.rule.settings.map { (SettingNames.argument($0.0), SettingNames.value($0.1)) }
                + [("seed", .number(Double(rule.seed)))])
    }

    /// One line of text: calls as calls, chains joined by "then", strings bare.
    static func text(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        case .list(let steps): steps.map(text).joined(separator: " then ")
        case .record(let fields) where fields.map(\.0) == ["rule", "game", "epochs"]:
            "\(inline(fields[0].1)) on \(inline(fields[1].1)) for " + epochRange(fields[2].1)
        default: inline(value)
        }
    }

    /// `[1, 30]` as "epochs 1-30", and `[4, 4]` as "epoch 4".
    private static func epochRange(_ value: Value) -> String {
        guard case .list(let ends) = value, ends.count == 2 else { return Render.inline(value) }
        let (first, last) = (Render.inline(ends[0]), Render.inline(ends[1]))
        return first == last ? "epoch \(first)" : "epochs \(first)-\(last)"
    }

    private static func inline(_ value: Value) -> String {
        guard case .record(let fields) = value else { return Render.inline(value) }
        let arguments = { (fields: ArraySlice<(String, Value)>) in
            fields.map { "\($0.0): \(inline($0.1))" }.joined(separator: ", ")
        }
        if let first = fields.first, first.0 == "name", case .string(let name) = first.1 {
            return name + "(" + arguments(fields.dropFirst()) + ")"
        }
        return arguments(fields[...])
    }

    /// JSON text, indented two spaces a level: records as objects, lists as arrays, numbers as
    /// numbers (null where not finite, which JSON cannot hold).
    static func json(_ value: Value, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .number(let x): return x.isFinite ? NumberFormat.shortest(x) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return json(s)
        case .list(let items) where items.allSatisfy({ if case .record = $0 { false } else { true } }):
            return "[" + items.map { json($0, indent: inner) }.joined(separator: ", ") + "]"
        case .list(let items):
            return "[\n" + items.map { inner + json($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .record(let fields):
            return "{\n"
                + fields.map { "\(inner)\(json($0.0)): \(json($0.1, indent: inner))" }.joined(separator: ",\n")
                + "\n\(indent)}"
        default: return json(Render.inline(value))
        }
    }

    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Epochs `first...last` of one rule on one game, in an agent's history.
public struct LearningStep: Sendable {
    let rule: Value
    let game: Value
    public let first: Int
    public let last: Int

    var record: Value {
        .record([
            ("rule", rule), ("game", game), ("epochs", .list([.number(Double(first)), .number(Double(last))])),
        ])
    }
}
