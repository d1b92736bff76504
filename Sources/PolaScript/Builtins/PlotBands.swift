/// `plot`'s band and reference-line arguments, read and checked against the table.
extension Builtins {
    /// `se: ["pola_se", "lola_se"]`: one standard-error column per charted column, in order.
    static func plotStandardErrors(_ args: CallArguments, table: Table, columns: [String]) throws -> [[Double]?] {
        guard let value = args.value("se") else { return [] }
        guard case .list(let items) = value, items.count == columns.count else {
            throw args.bad(
                "se", "a list of \(columns.count) column name\(columns.count == 1 ? "" : "s"), one per charted column")
        }
        return try zip(items, columns).map { item, column in
            guard case .string(let name) = item else {
                throw args.bad("se", "column names expected for the standard errors of '\(column)'")
            }
            guard let errors = table.column(name) else {
                let hint = Builtin.closest(name, in: table.columns).map { " (did you mean '\($0)'?)" } ?? ""
                throw args.bad("se", "a column of the table expected for the standard errors of '\(column)'\(hint)")
            }
            return errors
        }
    }

    /// `lines: (allc: 0.33, alld: 0)`: named horizontal reference lines, in the record's order.
    static func plotReferences(_ args: CallArguments) throws -> [(name: String, value: Double)] {
        guard let value = args.value("lines") else { return [] }
        guard case .record(let fields) = value, !fields.isEmpty else {
            throw args.bad("lines", "a record of named values, as in (allc: 0.33, alld: 0)")
        }
        return try fields.map { name, field in
            guard case .number(let y) = field, y.isFinite else {
                throw args.bad("lines", "a finite number for the line '\(name)'")
            }
            return (name: name, value: y)
        }
    }
}
