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
        let text = source.lineText(containing: diagnostic.span.start)
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        // The caret run stays on the first line of a span that crosses lines.
        let available = max(text.unicodeScalars.count - (column - 1), 1)
        let width = max(1, min(diagnostic.span.end - diagnostic.span.start, available))
        let caret = String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: width - 1)
        var out = "\(source.name):\(line):\(column): " + terminal.paint("error:", "1;31") + " " + terminal.paint(diagnostic.message, "1") + "\n"
        out += " \(gutter) | \(text)\n"
        out += " \(pad) | " + terminal.paint(caret, "1;32") + "\n"
        for note in diagnostic.notes { out += " \(pad) = note: \(note)\n" }
        return out
    }
}
