import Foundation

/// Tables as RFC 4180 CSV (CRLF line ends, quoted fields where needed) with numbers in their
/// shortest exact form, and provenance as a small JSON object.
enum CSV {
    static func text(_ table: Table) -> String {
        var lines = [(table.labelColumns + table.columns).map(field).joined(separator: ",")]
        for (k, row) in table.rows.enumerated() {
            let labels = table.labels.isEmpty ? [] : table.labels[k].map(field)
            lines.append((labels + row.map(NumberFormat.shortest)).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line's fields, quotes undone: the reverse of `field` (a line holds no line break,
    /// since `text` writes none inside a field of its own tables' numbers and names).
    static func fields(of line: String) -> [String] {
        var fields = [String]()
        var current = ""
        var quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch (character, quoted) {
            case ("\"", false) where current.isEmpty: quoted = true
            case ("\"", true):
                // A doubled quote inside a quoted field is one quote; a single one closes it.
                if let following = characters.next() {
                    if following == "\"" {
                        current.append("\"")
                    } else {
                        quoted = false
                        if following == "," {
                            fields.append(current)
                            current = ""
                        } else {
                            current.append(following)
                        }
                    }
                } else {
                    quoted = false
                }
            case (",", false):
                fields.append(current)
                current = ""
            default: current.append(character)
            }
        }
        return fields + [current]
    }

    /// The provenance fields, then the columns and the number of rows.
    static func provenanceJSON(_ table: Table) -> String {
        let fields =
            table.provenance + [
                ("columns", .list((table.labelColumns + table.columns).map(Value.string))),
                ("rows", .number(Double(table.rows.count))),
            ]
        return Provenance.json(.record(fields)) + "\n"
    }
}
