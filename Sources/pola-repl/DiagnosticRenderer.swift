import PolaScript

/// Renders diagnostics as `file:line:col: error: message`, the source line, and a caret run
/// under the span, with notes below.
struct DiagnosticRenderer {
    let terminal: Terminal

    func render(_ diagnostics: Diagnostics) -> String {
        diagnostics.items.map { render($0, in: diagnostics.source) }.joined()
    }

    func render(_ diagnostic: Diagnostic, in source: Source) -> String {
        let (line, column) = source.location(of: diagnostic.span.start)
        let (shown, shownColumn) = Self.window(source.lineText(containing: diagnostic.span.start), around: column)
        let text = Self.visibleLine(shown)
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        // The caret run stays on the shown part of the first line of a span that crosses lines.
        let available = max(text.unicodeScalars.count - (shownColumn - 1), 1)
        let width = max(1, min(diagnostic.span.end - diagnostic.span.start, available))
        let caret = String(repeating: " ", count: shownColumn - 1) + "^" + String(repeating: "~", count: width - 1)
        var out =
            "\(source.name):\(line):\(column): " + terminal.paint("error:", "1;31") + " "
            + terminal.paint(Self.escaped(diagnostic.message), "1") + "\n"
        out += " \(gutter) | \(text)\n"
        out += " \(pad) | " + terminal.paint(caret, "1;32") + "\n"
        for note in diagnostic.notes { out += " \(pad) = note: \(Self.escaped(note))\n" }
        return out
    }

    /// Control characters in a message written as escapes (`\u{1B}`), so a stray byte in a
    /// script can neither garble the terminal nor hide in the report.
    static func escaped(_ message: String) -> String {
        String(
            message.unicodeScalars.map { scalar in
                isControl(scalar) && scalar != "\n"
                    ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : "\(scalar)"
            }.joined())
    }

    /// The source line with each control character (tabs aside) shown as one `?`, so the caret
    /// still lines up.
    static func visibleLine(_ line: String) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.map { isControl($0) && $0 != "\t" ? "?" : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// At most about 100 characters of a long line, around `column`, with `...` where cut;
    /// and the column within what is shown.
    static func window(_ line: String, around column: Int, width: Int = 100) -> (String, Int) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > width + 20 else { return (line, column) }
        let start = max(0, min(column - 1 - width * 2 / 3, scalars.count - width))
        let end = min(scalars.count, start + width)
        var shown = String(String.UnicodeScalarView(scalars[start..<end]))
        var shownColumn = column - start
        if start > 0 {
            shown = "..." + shown
            shownColumn += 3
        }
        if end < scalars.count { shown += "..." }
        return (shown, shownColumn)
    }
}
