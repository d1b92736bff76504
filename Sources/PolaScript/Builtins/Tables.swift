import Foundation
import Runtime

extension Builtins {
    static let tables: [Builtin] = [
        Builtin(
            "csv",
            "Writes a table as CSV (RFC 4180, exact numbers) and its provenance beside it (FILE.json): both or neither; "
                + "under run --shard k/n, to FILE.shard-k-of-n.csv.",
            [.positional("table", .table, "a table from train"), .positional("path", .string, "the file to write")],
            example: "csv(t, \"run.csv\")"
        ) { args, interpreter in
            var table = args.table("table")!
            var path = args.string("path")!
            if let shard = interpreter.host.shard {
                // One share of a sweep: its own file, marked for `merge`.
                path = shard.path(for: path)
                table.provenance.append(shard.provenance)
            }
            do {
                try interpreter.host.files.write([(CSV.text(table), path), (CSV.provenanceJSON(table), path + ".json")])
            } catch FileAccess.Failure.refused(let reason) {
                throw ScriptError(reason, at: args.spanOf("path"))
            }
            return .none
        },
        Builtin(
            "plot",
            "Charts table columns against the epoch: in the terminal, or as SVG when a path ending in .svg is given.",
            [
                .positional("table", .table, "a table from train"),
                .variadic("columns", .any, "column names, then optionally \"file.svg\""),
                .keyword(
                    "x", .string, default: .described("\"epoch\""),
                    "the column along the x axis (the row number when the table has no epoch)"),
                .keyword("title", .string, default: .nothing, "a title for the chart"),
                .keyword(
                    "se", .list, default: .nothing,
                    "standard-error columns, one per charted column: a band of ±1.96 of them (SVG)"),
                .keyword("lines", .any, default: .nothing, "named reference lines, as in (allc: 0.33, alld: 0)"),
            ],
            example: "plot(t, \"V0\", \"V1\")"
        ) { args, interpreter in
            try plot(args, interpreter)
        },
        Builtin(
            "table", "Builds a table from named columns of equal length.",
            [.variadic("columns", .any, "pairs: name, list of numbers, name, list, ...")],
            example: "table(\"cf\", [1.1, 1.25], \"tft\", [1, 1])"
        ) { args, _ in
            try buildTable(args)
        },
    ]

    private static func plot(_ args: CallArguments, _ interpreter: Interpreter) throws -> Value {
        let table = args.table("table")!
        var names = [String]()
        var file: (String, SourceSpan)?
        for (value, span) in args.rest {
            guard case .string(let name) = value else {
                throw ScriptError("bad argument to plot (column name expected, got \(value.typeName))", at: span)
            }
            if name.lowercased().hasSuffix(".svg") {
                file = (name, span)
            } else {
                guard table.columns.contains(name) else {
                    let fileType = (name as NSString).pathExtension
                    if !fileType.isEmpty, fileType.allSatisfy(\.isLetter) || name.contains("/") {
                        throw ScriptError(
                            "plot writes SVG files only, not '.\(fileType)'", at: span,
                            notes: ["give a path ending in .svg: plot(t, \"V0\", \"chart.svg\")"])
                    }
                    let hint =
                        Builtin.closest(name, in: table.columns).map { "did you mean '\($0)'?" } ?? "columns: "
                        + table.columns.joined(separator: " ")
                    throw ScriptError("the table has no column '\(name)'", at: span, notes: [hint])
                }
                names.append(name)
            }
        }
        guard !names.isEmpty else {
            throw ScriptError("plot needs at least one column name", at: args.span, notes: ["plot(t, \"V0\", \"V1\")"])
        }
        let xName = args.has("x") ? args.string("x")! : (table.columns.contains("epoch") ? "epoch" : "row")
        guard xName == "row" || table.columns.contains(xName) else {
            let hint =
                Builtin.closest(xName, in: table.columns).map { "did you mean '\($0)'?" } ?? "columns: "
                + table.columns.joined(separator: " ")
            throw ScriptError("the table has no column '\(xName)' for the x axis", at: args.spanOf("x"), notes: [hint])
        }
        let x = table.column(xName) ?? table.rows.indices.map { Double($0 + 1) }
        let series = names.map { (name: $0, values: table.column($0)!) }
        var chart = Chart(x: x, xLabel: xName, series: series, title: args.string("title"))
        chart.standardErrors = try plotStandardErrors(args, table: table, columns: names)
        chart.references = try plotReferences(args)
        if let (path, span) = file {
            do {
                try interpreter.host.files.write(chart.svg(), to: interpreter.host.shard?.path(for: path) ?? path)
            } catch FileAccess.Failure.refused(let reason) {
                throw ScriptError(reason, at: span)
            }
        } else {
            interpreter.host.write(chart.text() + "\n")
        }
        return .none
    }

    private static func buildTable(_ args: CallArguments) throws -> Value {
        guard args.rest.count >= 2, args.rest.count % 2 == 0 else {
            throw ScriptError("table needs pairs of a column name and a list of numbers", at: args.span)
        }
        var columns = [String]()
        var data = [[Double]]()
        for k in stride(from: 0, to: args.rest.count, by: 2) {
            guard case .string(let name) = args.rest[k].value else {
                throw ScriptError(
                    "bad argument to table (column name expected, got \(args.rest[k].value.typeName))",
                    at: args.rest[k].span)
            }
            guard case .list(let items) = args.rest[k + 1].value, ValueType.numbers.accepts(.list(items)) else {
                throw ScriptError(
                    "bad argument to table (list of numbers expected for column '\(name)')", at: args.rest[k + 1].span)
            }
            if columns.contains(name) {
                throw ScriptError(
                    "bad argument to table (column '\(name)' is named twice)", at: args.rest[k].span,
                    notes: ["every column needs its own name"])
            }
            columns.append(name)
            data.append(items.map { if case .number(let x) = $0 { x } else { .nan } })
        }
        guard Set(data.map(\.count)).count == 1 else {
            throw ScriptError(
                "table columns differ in length (\(data.map { String($0.count) }.joined(separator: ", ")))",
                at: args.span)
        }
        let rows = data[0].indices.map { r in data.map { $0[r] } }
        return .table(
            Table(
                columns: columns, rows: rows,
                provenance: [("made by", .string("table(...)")), ("pola-repl", .string(Version.current))]))
    }
}
