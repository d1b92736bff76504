import Foundation
import Runtime

/// How values read on screen. Numbers always use the shortest text that reads back exactly.
public enum Render {
    /// Inside lists, messages and one-line echoes: strings quoted.
    public static func inline(_ value: Value) -> String {
        switch value {
        case .number(let x): NumberFormat.shortest(x)
        case .bool(let b): b ? "true" : "false"
        case .string(let s): quoted(s)
        case .none: "none"
        case .list(let items): "[" + items.map(inline).joined(separator: ", ") + "]"
        case .record(let fields): "(" + fields.map { "\($0.0): \(inline($0.1))" }.joined(separator: ", ") + ")"
        case .function(let f): "<fn \(f.declaration.name)(\(f.declaration.parameters.joined(separator: ", ")))>"
        case .builtin(let b): "<builtin \(b.name)>"
        case .game(let game): describe(game)
        case .agent(let box): "<agent \(box.origin)>"
        case .rule(let rule): describe(rule.rule)
        case .table(let table): "<table: \(table.rows.count) rows, columns \(table.columns.joined(separator: " "))>"
        case .sampledGame(let game): game.description
        case .sampledRule(let rule): rule.description
        case .differentiable(let t): NumberFormat.shortest(Differentiable.number(t))
        case .formulaGame(let game): Provenance.text(game.fields)
        case .policy(let table):
            "("
                + zip(table.states, table.probabilities).map { "\($0): \(NumberFormat.shortest($1))" }.joined(
                    separator: ", ") + ")"
        }
    }

    /// What `print`, `show` and the prompt's echo write: strings bare, policies and tables laid
    /// out in aligned columns, records one field a line.
    public static func display(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        case .policy(let table): grid(header: table.states, rows: [table.probabilities.map(NumberFormat.shortest)])
        case .agent(let box):
            switch box.body {
            case .exact: "agent \(box.origin)\n" + display(.policy(Builtins.policyTable(box)))
            case .sampled: "agent \(box.history)"
            case .point(let point):
                "agent \(box.history)\n"
                    + grid(
                        header: point.parameters[0].scalars.indices.map { "p\($0)" },
                        rows: [point.parameters[0].scalars.map(NumberFormat.shortest)])
            }
        case .table(let table): tableText(table, limit: 12)
        case .record(let fields): fields.map { "\($0.0): \(fieldText($0.1))" }.joined(separator: "\n")
        default: inline(value)
        }
    }

    private static func fieldText(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        if case .policy = value {
            return "\n" + display(value).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        }
        return inline(value)
    }

    static func quoted(_ s: String) -> String {
        "\""
            + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
    }

    /// Columns padded to their widest cell, two spaces apart, no trailing blanks.
    static func grid(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { k in all.map { $0[k].count }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { k, cell in
                k == cells.count - 1 ? cell : cell.padding(toLength: widths[k], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// A table with at most `limit` rows shown (the first and last ones), or all with nil.
    public static func tableText(_ table: Table, limit: Int?) -> String {
        var shown = table.rows.indices.map { $0 }
        var elided = 0
        if let limit, table.rows.count > limit {
            shown = Array(table.rows.indices.prefix(limit / 2)) + Array(table.rows.indices.suffix(limit / 2))
            elided = table.rows.count - shown.count
        }
        var lines = shown.map {
            (table.labels.isEmpty ? [] : table.labels[$0]) + table.rows[$0].map(NumberFormat.shortest)
        }
        if elided > 0 {
            lines.insert((table.labelColumns + table.columns).map { _ in "..." }, at: limit! / 2)
        }
        let text = grid(header: table.labelColumns + table.columns, rows: lines)
        return elided > 0 ? text + "\n(\(table.rows.count) rows; show(t) prints them all)" : text
    }

    /// Row `index` of a table as a record.
    static func row(_ table: Table, _ index: Int) -> Value {
        .record(
            zip(table.labelColumns, table.labels.isEmpty ? [] : table.labels[index]).map { ($0, .string($1)) }
                + zip(table.columns, table.rows[index]).map { ($0, .number($1)) })
    }

    /// The call that makes `game` again: `ipd(cf: 1.33, gamma: 0.96, start: "separate")`.
    public static func describe(_ game: ContributionGame) -> String {
        Provenance.text(Provenance.game(game))
    }

    public static func describe(_ rule: any LearningRule) -> String {
        rule.name + "("
            + rule.settings.map { setting, value in
                "\(SettingNames.argument(setting)): \(inline(SettingNames.value(value)))"
            }.joined(separator: ", ") + ")"
    }
}
