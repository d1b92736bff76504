import Foundation

/// Tables as RFC 4180 CSV (CRLF line ends, quoted fields where needed) with numbers in their
/// shortest exact form, and provenance as a small JSON object.
enum CSV {
    static func text(_ table: Table) -> String {
        var lines = [table.columns.map(field).joined(separator: ",")]
        for row in table.rows { lines.append(row.map(NumberFormat.shortest).joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func provenanceJSON(_ table: Table) -> String {
        let entries = table.provenance.map { "  \(json($0.0)): \(json($0.1))" }
        let columns = "  \"columns\": [" + table.columns.map(json).joined(separator: ", ") + "]"
        return "{\n" + (entries + [columns, "  \"rows\": \(table.rows.count)"]).joined(separator: ",\n") + "\n}\n"
    }

    private static func json(_ text: String) -> String {
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
