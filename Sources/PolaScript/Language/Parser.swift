/// A recursive-descent parser producing statements and every syntax error it finds.
///
/// After an error it skips to the next statement boundary (`synchronize`) and goes on, so one
/// run reports several mistakes. Running out of input inside an unfinished construct is
/// reported as `incompleteInput`, which the prompt takes as "read another line".
public struct Parser {
    let source: Source
    let tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic]
    /// Guards against inputs nested deeply enough to exhaust the native stack.
    var depth = 0
    static let maximumDepth = 200
    /// Operators and postfix steps in the current statement: each adds a level to the tree,
    /// which evaluation and deallocation walk recursively.
    var links = 0
    static let maximumLinks = 1000

    public static func parse(_ source: Source) -> Result<[Stmt], Diagnostics> {
        let (tokens, lexical) = Lexer.tokenize(source)
        var parser = Parser(source: source, tokens: tokens, diagnostics: lexical)
        let program = parser.program()
        guard parser.diagnostics.isEmpty else {
            var items = parser.diagnostics.sorted { $0.span.start < $1.span.start }
            // An unterminated string swallows the rest of its line; what fails after it is its echo.
            if let string = items.first(where: { $0.message == "unterminated string" }) {
                items.removeAll { $0.span.start > string.span.start && !lexical.contains($0) }
            }
            return .failure(Diagnostics(source: source, items: items))
        }
        return .success(program)
    }

    struct Failure: Error {}

    // MARK: - Token helpers (small verbs)

    var current: Token { tokens[position] }
    var previous: Token { tokens[max(position - 1, 0)] }
    var atEnd: Bool { current.kind == .end }

    func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }
    func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if !atEnd { position += 1 }
        return token
    }

    mutating func match(_ symbol: Symbol) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    /// Matches `keyword` here or after line breaks (which it then consumes); else consumes nothing.
    mutating func matchAfterLineBreaks(_ keyword: Keyword) -> Bool {
        var ahead = position
        while tokens[ahead].kind == .newline { ahead += 1 }
        guard tokens[ahead].kind == .keyword(keyword) else { return false }
        position = ahead + 1
        return true
    }

    mutating func skipNewlines() {
        while current.kind == .newline || check(.semicolon) { advance() }
    }

    /// Records an error at the current token, as incomplete input when the input ran out
    /// (pointing just after the last token then, not at an empty line).
    mutating func fail(_ message: String, notes: [String] = []) -> Failure {
        let kind: Diagnostic.Kind = atEnd ? .incompleteInput : .error
        diagnostics.append(Diagnostic(message, at: atEnd ? endOfText : current.span, kind: kind, notes: notes))
        return Failure()
    }

    /// Just after the last token that is not a line break.
    var endOfText: SourceSpan {
        let last = tokens.last { $0.kind != .newline && $0.kind != .end }
        return SourceSpan(last?.span.end ?? 0, last?.span.end ?? 0)
    }

    mutating func expect(_ symbol: Symbol, _ context: String) throws {
        guard match(symbol) else { throw fail("expected '\(symbol.rawValue)' \(context), got \(current.description)") }
    }

    /// Consumes the closing bracket of `opener`, or fails in Lua's words.
    mutating func close(_ symbol: Symbol, opening opener: Token) throws {
        guard match(symbol) else {
            let line = source.location(of: opener.span.start).line
            throw fail(
                "'\(symbol.rawValue)' expected (to close \(opener.description) at line \(line)), got \(current.description)"
            )
        }
    }

    mutating func identifier(_ context: String) throws -> (String, SourceSpan) {
        guard case .identifier(let name) = current.kind else {
            if case .keyword(let keyword) = current.kind {
                throw fail("expected a name \(context), got the keyword '\(keyword.rawValue)'")
            }
            throw fail("expected a name \(context), got \(current.description)")
        }
        return (name, advance().span)
    }

    /// Skips to the start of the next statement after an error: past the offending token, then
    /// to a line break or `;` outside any block opened while skipping, or to the `}` closing the
    /// enclosing block (left for it), or to a keyword that starts a statement.
    mutating func synchronize() {
        var depth = 0
        if !atEnd, current.kind != .newline, !check(.rightBrace) {
            if check(.leftBrace) { depth += 1 }
            advance()
        }
        while !atEnd {
            if depth == 0, current.kind == .newline || check(.semicolon) {
                advance()
                return
            }
            if check(.rightBrace) {
                if depth == 0 { return }
                depth -= 1
            } else if check(.leftBrace) {
                depth += 1
            } else if depth == 0, [.fn, .if, .for, .while, .return].contains(where: check) {
                return
            }
            advance()
        }
    }

    /// Counts one more operator or postfix step in this statement.
    mutating func link() throws {
        links += 1
        guard links <= Self.maximumLinks else {
            throw fail(
                "statement longer than \(Self.maximumLinks) operators and calls", notes: ["split it into named parts"])
        }
    }

    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        // The statement's own expression is a level too: n brackets make n + 1 levels, and the
        // limit counts brackets, as the README states.
        guard depth <= Self.maximumDepth + 1 else {
            throw fail(
                "nesting deeper than \(Self.maximumDepth) levels", notes: ["split the expression into named parts"])
        }
        return try body(&self)
    }

    // MARK: - Statements

    /// program := statement* EOF
    mutating func program() -> [Stmt] {
        var statements = [Stmt]()
        skipNewlines()
        while !atEnd {
            if check(.rightBrace) {
                diagnostics.append(Diagnostic("unexpected '}' with no open block", at: advance().span))
                skipNewlines()
                continue
            }
            if let statement = statementRecovering() { statements.append(statement) }
            skipNewlines()
        }
        return statements
    }

    mutating func statementRecovering() -> Stmt? {
        links = 0
        do {
            let statement = try statement()
            // After a block's '}' a new statement may follow on the same line: no expression
            // goes on past a block, so whatever comes next starts a statement.
            let afterBlock = previous.kind == .symbol(.rightBrace)
            guard afterBlock || current.kind == .newline || check(.semicolon) || check(.rightBrace) || atEnd else {
                throw fail("expected end of line after statement, got \(current.description)")
            }
            return statement
        } catch {
            synchronize()
            return nil
        }
    }

    /// statement := fnDecl | if | for | while | return | break | continue | assignment | expr
    mutating func statement() throws -> Stmt {
        let start = current.span
        if match(.fn) { return .function(try functionDeclaration(start)) }
        if match(.if) { return try ifStatement(start) }
        if match(.for) { return try forStatement(start) }
        if match(.while) {
            let condition = try expression()
            return .while(condition, try block("after the 'while' condition"), start.to(previous.span))
        }
        if match(.return) {
            let endsHere = current.kind == .newline || check(.semicolon) || check(.rightBrace) || atEnd
            let value = endsHere ? nil : try expression()
            return .return(value, start.to(previous.span))
        }
        if check(.else) {
            throw fail(
                "'else' with no 'if' before it",
                notes: ["'else' follows the '}' closing an 'if' block, on its line or the next"])
        }
        if match(.break) { return .break(start) }
        if match(.continue) { return .continue(start) }
        let expression = try expression()
        guard check(.equal) else { return .expression(expression) }
        let equals = advance()
        let target = try assignmentTarget(expression, equals: equals)
        skipLineBreaksAfterOperator()
        let value = try self.expression()
        return .assign(target, value, start.to(value.span))
    }

    mutating func assignmentTarget(_ expression: Expr, equals: Token) throws -> AssignmentTarget {
        switch expression {
        case .name(let name, let span): return .name(name, span)
        case .index(let list, let index, let span): return .index(list, index, span)
        default:
            diagnostics.append(
                Diagnostic(
                    "cannot assign to this expression", at: expression.span,
                    notes: ["assign to a name (x = 1) or a list element (xs[0] = 1)"]))
            throw Failure()
        }
    }

    /// fnDecl := 'fn' NAME '(' (NAME (',' NAME)*)? ')' block
    mutating func functionDeclaration(_ start: SourceSpan) throws -> FunctionDeclaration {
        let (name, _) = try identifier("after 'fn'")
        let open = current
        try expect(.leftParen, "after the function name")
        var parameters = [String]()
        if !check(.rightParen) {
            repeat {
                let (parameter, span) = try identifier("for a parameter")
                if parameters.contains(parameter) {
                    diagnostics.append(Diagnostic("parameter '\(parameter)' appears twice", at: span))
                }
                parameters.append(parameter)
            } while match(.comma)
        }
        try close(.rightParen, opening: open)
        let body = try block("for the body of '\(name)'")
        return FunctionDeclaration(name: name, parameters: parameters, body: body, span: start.to(previous.span))
    }

    /// if := 'if' expr block (NEWLINE* 'else' (if | block))?
    mutating func ifStatement(_ start: SourceSpan) throws -> Stmt {
        let condition = try expression()
        let then = try block("after the 'if' condition")
        var otherwise: [Stmt]?
        if matchAfterLineBreaks(.else) {
            let elseStart = previous.span
            otherwise = match(.if) ? [try ifStatement(elseStart)] : try block("after 'else'")
        }
        return .if(condition, then, otherwise, start.to(previous.span))
    }

    /// for := 'for' NAME 'in' expr block
    mutating func forStatement(_ start: SourceSpan) throws -> Stmt {
        let (name, _) = try identifier("after 'for'")
        guard match(.in) else { throw fail("expected 'in' after 'for \(name)', got \(current.description)") }
        let sequence = try expression()
        return .for(name, sequence, try block("after the 'for' header"), start.to(previous.span))
    }

    /// block := '{' statement* '}'
    mutating func block(_ context: String) throws -> [Stmt] {
        let open = current
        guard match(.leftBrace) else { throw fail("expected '{' \(context), got \(current.description)") }
        return try nested { parser in
            var statements = [Stmt]()
            parser.skipNewlines()
            while !parser.check(.rightBrace), !parser.atEnd {
                if let statement = parser.statementRecovering() { statements.append(statement) }
                parser.skipNewlines()
            }
            try parser.close(.rightBrace, opening: open)
            return statements
        }
    }
}
