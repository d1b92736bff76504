import PolaScript

/// Gathers prompt lines into complete statements.
///
/// - An open block or bracket asks for another line.
/// - A syntax error inside a block that is still open is reported at once, and the rest of
///   that block is read and discarded up to its closing bracket, never run at top level.
/// - A multi-line `if` whose last line closes its block waits for one more line: if that line
///   starts with `else`, it continues the `if`; otherwise the `if` runs and the line is handed
///   back to be read as the next statement.
struct StatementReader {
    enum Outcome {
        case needMore
        /// Complete and parsed; `deferred` is a line read ahead that starts the next statement.
        case run([Stmt], Source, deferred: String?)
        /// Syntax errors in a complete statement; `entry` is what history keeps.
        case failed(Diagnostics, entry: String)
        /// Syntax errors inside a block still open: its remaining lines will be skipped.
        case skipping(Diagnostics)
        /// The broken block is closed and was discarded.
        case skipped(entry: String)
    }

    private var buffer = ""
    private var skipping = false
    private var awaitingElse: (program: [Stmt], source: Source)?

    var isEmpty: Bool { buffer.isEmpty }

    mutating func add(_ line: String) -> Outcome {
        if let waiting = awaitingElse {
            awaitingElse = nil
            guard Self.startsWithElse(line) else {
                buffer = ""
                return .run(waiting.program, waiting.source, deferred: line)
            }
            buffer = Self.continuing(buffer, with: line)
        } else {
            buffer += line + "\n"
        }
        if skipping {
            guard Self.openBrackets(in: buffer) <= 0 else { return .needMore }
            return .skipped(entry: take())
        }
        let source = Source(name: "<repl>", text: buffer)
        switch Parser.parse(source) {
        case .failure(let diagnostics):
            if !diagnostics.items.contains(where: { $0.kind == .error }) { return .needMore }
            guard Self.openBrackets(in: buffer) <= 0 else {
                skipping = true
                return .skipping(diagnostics)
            }
            return .failed(diagnostics, entry: take())
        case .success(let program):
            if buffer.dropLast().contains("\n"), Self.endsWithIfAwaitingElse(program),
                buffer.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}")
            {
                awaitingElse = (program, source)
                return .needMore
            }
            buffer = ""
            return .run(program, source, deferred: nil)
        }
    }

    /// At end of input: a statement still waiting for a possible `else` runs.
    mutating func finish() -> Outcome {
        defer { self = StatementReader() }
        guard let waiting = awaitingElse else { return .needMore }
        return .run(waiting.program, waiting.source, deferred: nil)
    }

    private mutating func take() -> String {
        defer {
            buffer = ""
            skipping = false
        }
        return String(buffer.dropLast())
    }

    /// The `if` in `buffer` continued by the `else` line: on its own line where the language
    /// reads `else` after a line break, else joined to the `}` line (positions in that line
    /// then shift, the meaning does not).
    static func continuing(_ buffer: String, with line: String) -> String {
        let onItsOwnLine = buffer + line + "\n"
        if case .failure(let diagnostics) = Parser.parse(Source(name: "<repl>", text: onItsOwnLine)),
            diagnostics.items.contains(where: { $0.kind == .error })
        {
            return String(buffer.dropLast()) + " " + line.trimmingCharacters(in: .whitespaces) + "\n"
        }
        return onItsOwnLine
    }

    static func startsWithElse(_ line: String) -> Bool {
        let tokens = Lexer.tokenize(Source(name: "<repl>", text: line)).tokens
        return tokens.first?.kind == .keyword(.else)
    }

    /// Opening brackets minus closing ones, by token (brackets in strings and comments aside).
    static func openBrackets(in text: String) -> Int {
        Lexer.tokenize(Source(name: "<repl>", text: text)).tokens.reduce(0) { depth, token in
            switch token.kind {
            case .symbol(.leftBrace), .symbol(.leftParen), .symbol(.leftBracket): depth + 1
            case .symbol(.rightBrace), .symbol(.rightParen), .symbol(.rightBracket): depth - 1
            default: depth
            }
        }
    }

    /// Whether the last statement is an `if` (or `else if` chain) that has no final `else`.
    static func endsWithIfAwaitingElse(_ program: [Stmt]) -> Bool {
        guard case .if(_, _, let otherwise, _) = program.last else { return false }
        guard let otherwise else { return true }
        return otherwise.count == 1 && endsWithIfAwaitingElse(otherwise)
    }
}
