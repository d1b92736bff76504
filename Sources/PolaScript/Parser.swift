/// A recursive-descent parser producing statements and every syntax error it finds.
///
/// After an error it skips to the next statement boundary (`synchronize`) and goes on, so one
/// run reports several mistakes. Running out of input inside an unfinished construct is
/// reported as `incompleteInput`, which the prompt takes as "read another line".
public struct Parser {
    private let source: Source
    private let tokens: [Token]
    private var position = 0
    private var diagnostics: [Diagnostic]
    /// Open brackets and blocks, innermost last, for "expected ')' (to close '(' at line 3)".
    private var openers: [Token] = []
    /// Guards against inputs nested deeply enough to exhaust the native stack.
    private var depth = 0
    static let maximumDepth = 200
    /// Operators and postfix steps in the current statement: each adds a level to the tree,
    /// which evaluation and deallocation walk recursively.
    private var links = 0
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

    private struct Failure: Error {}

    // MARK: - Token helpers (small verbs)

    private var current: Token { tokens[position] }
    private var previous: Token { tokens[max(position - 1, 0)] }
    private var atEnd: Bool { current.kind == .end }

    private func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }
    private func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if !atEnd { position += 1 }
        return token
    }

    private mutating func match(_ symbol: Symbol) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    private mutating func match(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    private mutating func skipNewlines() {
        while current.kind == .newline || check(.semicolon) { advance() }
    }

    /// Records an error at the current token, as incomplete input when the input ran out
    /// (pointing just after the last token then, not at an empty line).
    private mutating func fail(_ message: String, notes: [String] = []) -> Failure {
        let kind: Diagnostic.Kind = atEnd ? .incompleteInput : .error
        diagnostics.append(Diagnostic(message, at: atEnd ? endOfText : current.span, kind: kind, notes: notes))
        return Failure()
    }

    /// Just after the last token that is not a line break.
    private var endOfText: SourceSpan {
        let last = tokens.last { $0.kind != .newline && $0.kind != .end }
        return SourceSpan(last?.span.end ?? 0, last?.span.end ?? 0)
    }

    private mutating func expect(_ symbol: Symbol, _ context: String) throws {
        guard match(symbol) else { throw fail("expected '\(symbol.rawValue)' \(context), got \(current.description)") }
    }

    /// Consumes the closing bracket of `opener`, or fails in Lua's words.
    private mutating func close(_ symbol: Symbol, opening opener: Token) throws {
        guard match(symbol) else {
            let line = source.location(of: opener.span.start).line
            throw fail("'\(symbol.rawValue)' expected (to close \(opener.description) at line \(line)), got \(current.description)")
        }
    }

    private mutating func identifier(_ context: String) throws -> (String, SourceSpan) {
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
    private mutating func synchronize() {
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
    private mutating func link() throws {
        links += 1
        guard links <= Self.maximumLinks else {
            throw fail("statement longer than \(Self.maximumLinks) operators and calls", notes: ["split it into named parts"])
        }
    }

    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw fail("nesting deeper than \(Self.maximumDepth) levels", notes: ["split the expression into named parts"])
        }
        return try body(&self)
    }

    // MARK: - Statements

    /// program := statement* EOF
    private mutating func program() -> [Stmt] {
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

    private mutating func statementRecovering() -> Stmt? {
        links = 0
        do {
            let statement = try statement()
            guard current.kind == .newline || check(.semicolon) || check(.rightBrace) || atEnd else {
                throw fail("expected end of line after statement, got \(current.description)")
            }
            return statement
        } catch {
            synchronize()
            return nil
        }
    }

    /// statement := fnDecl | if | for | while | return | break | continue | assignment | expr
    private mutating func statement() throws -> Stmt {
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

    private mutating func assignmentTarget(_ expression: Expr, equals: Token) throws -> AssignmentTarget {
        switch expression {
        case .name(let name, let span): return .name(name, span)
        case .index(let list, let index, let span): return .index(list, index, span)
        default:
            diagnostics.append(Diagnostic("cannot assign to this expression", at: expression.span,
                                          notes: ["assign to a name (x = 1) or a list element (xs[0] = 1)"]))
            throw Failure()
        }
    }

    /// fnDecl := 'fn' NAME '(' (NAME (',' NAME)*)? ')' block
    private mutating func functionDeclaration(_ start: SourceSpan) throws -> FunctionDeclaration {
        let (name, _) = try identifier("after 'fn'")
        let open = current
        try expect(.leftParen, "after the function name")
        openers.append(open)
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
        openers.removeLast()
        let body = try block("for the body of '\(name)'")
        return FunctionDeclaration(name: name, parameters: parameters, body: body, span: start.to(previous.span))
    }

    /// if := 'if' expr block ('else' (if | block))?
    private mutating func ifStatement(_ start: SourceSpan) throws -> Stmt {
        let condition = try expression()
        let then = try block("after the 'if' condition")
        var otherwise: [Stmt]?
        if match(.else) {
            let elseStart = previous.span
            otherwise = match(.if) ? [try ifStatement(elseStart)] : try block("after 'else'")
        }
        return .if(condition, then, otherwise, start.to(previous.span))
    }

    /// for := 'for' NAME 'in' expr block
    private mutating func forStatement(_ start: SourceSpan) throws -> Stmt {
        let (name, _) = try identifier("after 'for'")
        guard match(.in) else { throw fail("expected 'in' after 'for \(name)', got \(current.description)") }
        let sequence = try expression()
        return .for(name, sequence, try block("after the 'for' header"), start.to(previous.span))
    }

    /// block := '{' statement* '}'
    private mutating func block(_ context: String) throws -> [Stmt] {
        let open = current
        guard match(.leftBrace) else { throw fail("expected '{' \(context), got \(current.description)") }
        return try nested { parser in
            parser.openers.append(open)
            var statements = [Stmt]()
            parser.skipNewlines()
            while !parser.check(.rightBrace), !parser.atEnd {
                if let statement = parser.statementRecovering() { statements.append(statement) }
                parser.skipNewlines()
            }
            try parser.close(.rightBrace, opening: open)
            parser.openers.removeLast()
            return statements
        }
    }

    // MARK: - Expressions, lowest precedence first

    public mutating func expression() throws -> Expr {
        try nested { try $0.or() }
    }

    /// A binary operator at the end of a line continues the expression on the next.
    private mutating func skipLineBreaksAfterOperator() {
        while current.kind == .newline { advance() }
    }

    /// or := and ('or' and)*
    private mutating func or() throws -> Expr {
        var left = try and()
        while match(.or) {
            try link()
            skipLineBreaksAfterOperator()
            let right = try and()
            left = .logical(.or, left, right, left.span.to(right.span))
        }
        return left
    }

    /// and := not ('and' not)*
    private mutating func and() throws -> Expr {
        var left = try not()
        while match(.and) {
            try link()
            skipLineBreaksAfterOperator()
            let right = try not()
            left = .logical(.and, left, right, left.span.to(right.span))
        }
        return left
    }

    /// not := 'not' not | comparison
    private mutating func not() throws -> Expr {
        guard check(.not) else { return try comparison() }
        let start = advance().span
        let operand = try nested { try $0.not() }
        return .unary(.not, operand, start.to(operand.span))
    }

    /// comparison := range (('==' | '!=' | '<' | '<=' | '>' | '>=') range)?
    private mutating func comparison() throws -> Expr {
        let left = try range()
        let operators: [Symbol: BinaryOp] = [
            .equalEqual: .equal, .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
            .greater: .greater, .greaterEqual: .greaterEqual,
        ]
        guard case .symbol(let symbol) = current.kind, let op = operators[symbol] else { return left }
        advance()
        skipLineBreaksAfterOperator()
        let right = try range()
        return .binary(op, left, right, left.span.to(right.span))
    }

    /// range := additive ('..' additive)?
    private mutating func range() throws -> Expr {
        let low = try additive()
        guard match(.dotDot) else { return low }
        let high = try additive()
        return .range(low, high, low.span.to(high.span))
    }

    /// additive := multiplicative (('+' | '-') multiplicative)*
    private mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while check(.plus) || check(.minus) {
            let op: BinaryOp = advance().kind == .symbol(.plus) ? .add : .subtract
            try link()
            skipLineBreaksAfterOperator()
            let right = try multiplicative()
            left = .binary(op, left, right, left.span.to(right.span))
        }
        return left
    }

    /// multiplicative := unary (('*' | '/' | '%') unary)*
    private mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while check(.star) || check(.slash) || check(.percent) {
            let op: BinaryOp = switch advance().kind {
            case .symbol(.star): .multiply
            case .symbol(.slash): .divide
            default: .remainder
            }
            try link()
            skipLineBreaksAfterOperator()
            let right = try unary()
            left = .binary(op, left, right, left.span.to(right.span))
        }
        return left
    }

    /// unary := '-' unary | power
    private mutating func unary() throws -> Expr {
        guard check(.minus) else { return try power() }
        let start = advance().span
        let operand = try nested { try $0.unary() }
        return .unary(.negate, operand, start.to(operand.span))
    }

    /// power := postfix ('^' unary)?   (right-associative, binds tighter than unary minus on its left)
    private mutating func power() throws -> Expr {
        let base = try postfix()
        guard match(.caret) else { return base }
        let exponent = try nested { try $0.unary() }
        return .binary(.power, base, exponent, base.span.to(exponent.span))
    }

    /// postfix := primary ('(' arguments ')' | '[' expr ']' | '.' NAME)*
    private mutating func postfix() throws -> Expr {
        var expression = try primary()
        while true {
            if check(.leftParen) || check(.leftBracket) || check(.dot) { try link() }
            if check(.leftParen) {
                let open = advance()
                openers.append(open)
                let arguments = try self.arguments(closing: open)
                openers.removeLast()
                expression = .call(expression, arguments, expression.span.to(previous.span))
            } else if check(.leftBracket) {
                let open = advance()
                let index = try self.expression()
                try close(.rightBracket, opening: open)
                expression = .index(expression, index, expression.span.to(previous.span))
            } else if match(.dot) {
                let (name, span) = try identifier("after '.'")
                expression = .field(expression, name, expression.span.to(span))
            } else {
                return expression
            }
        }
    }

    /// arguments := (argument (',' argument)*)? ')'     argument := NAME ':' expr | expr
    private mutating func arguments(closing open: Token) throws -> [Argument] {
        var arguments = [Argument]()
        var sawLabel = false
        while !check(.rightParen) {
            var label: (String, SourceSpan)?
            if case .identifier(let name) = current.kind, tokens[position + 1].kind == .symbol(.colon) {
                label = (name, advance().span)
                advance()
            }
            let value = try expression()
            if let label {
                if arguments.contains(where: { $0.label == label.0 }) {
                    diagnostics.append(Diagnostic("argument '\(label.0)' given twice", at: label.1))
                }
                sawLabel = true
            } else if sawLabel {
                diagnostics.append(Diagnostic("positional argument after a named one", at: value.span,
                                              notes: ["put positional arguments first: f(a, b, lr: 0.1)"]))
            }
            arguments.append(Argument(label: label?.0, labelSpan: label?.1, value: value))
            if !match(.comma) { break }
        }
        try close(.rightParen, opening: open)
        return arguments
    }

    /// primary := NUMBER | STRING | 'true' | 'false' | 'none' | NAME | '[' list ']' | '(' expr ')'
    private mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value): advance(); return .number(value, token.span)
        case .string(let text): advance(); return .string(text, token.span)
        case .identifier(let name): advance(); return .name(name, token.span)
        case .keyword(.true): advance(); return .bool(true, token.span)
        case .keyword(.false): advance(); return .bool(false, token.span)
        case .keyword(.none): advance(); return .none(token.span)
        case .symbol(.leftBracket):
            advance()
            openers.append(token)
            var elements = [Expr]()
            while !check(.rightBracket) {
                elements.append(try expression())
                if !match(.comma) { break }
            }
            try close(.rightBracket, opening: token)
            openers.removeLast()
            return .list(elements, token.span.to(previous.span))
        case .symbol(.leftParen):
            advance()
            let inner = try expression()
            try close(.rightParen, opening: token)
            return inner
        default:
            throw fail("expected an expression, got \(token.description)")
        }
    }
}
