/// The expression productions of the parser, lowest precedence first. Each binary level loops
/// over its operators (left-associative) and counts every operator toward the statement's
/// length limit; `^` recurses to the right.
extension Parser {
    public mutating func expression() throws -> Expr {
        try nested { try $0.or() }
    }

    /// A binary operator at the end of a line continues the expression on the next.
    mutating func skipLineBreaksAfterOperator() {
        while current.kind == .newline { advance() }
    }

    /// or := and ('or' and)*
    mutating func or() throws -> Expr {
        try logical(.or, .or) { try $0.and() }
    }

    /// and := not ('and' not)*
    mutating func and() throws -> Expr {
        try logical(.and, .and) { try $0.not() }
    }

    /// not := 'not' not | comparison
    mutating func not() throws -> Expr {
        check(.not) ? try prefixed(.not) { try $0.not() } : try comparison()
    }

    /// operand (keyword operand)*, left-associative.
    private mutating func logical(
        _ keyword: Keyword, _ op: LogicalOp, operand: (inout Parser) throws -> Expr
    ) throws -> Expr {
        try leftAssociative(operand: operand, operator: { $0.match(keyword) ? op : nil }, Expr.logical)
    }

    /// operand (operator operand)*, left-associative: the loop of `or`, `and`, `+` and `*`'s
    /// levels. `take` consumes the operator under the cursor and says which it is (nil: the
    /// level ends); `combine` makes the node.
    private mutating func leftAssociative<Op>(
        operand: (inout Parser) throws -> Expr, operator take: (inout Parser) -> Op?,
        _ combine: (Op, Expr, Expr, SourceSpan) -> Expr
    ) throws -> Expr {
        var left = try operand(&self)
        while let op = take(&self) {
            try link()
            skipLineBreaksAfterOperator()
            let right = try operand(&self)
            left = combine(op, left, right, left.span.to(right.span))
        }
        return left
    }

    /// The operator under the cursor, consumed, when it is one of `operators`.
    private mutating func binaryOperator(_ operators: [Symbol: BinaryOp]) -> BinaryOp? {
        guard case .symbol(let symbol) = current.kind, let op = operators[symbol] else { return nil }
        advance()
        return op
    }

    /// The prefix operator under the cursor applied to `operand`, which counts toward the
    /// nesting limit (`not not ...` and `- - ...` recurse).
    private mutating func prefixed(_ op: UnaryOp, operand: (inout Parser) throws -> Expr) throws -> Expr {
        let start = advance().span
        let value = try nested(operand)
        return .unary(op, value, start.to(value.span))
    }

    /// comparison := range (('==' | '!=' | '<' | '<=' | '>' | '>=') range)?
    mutating func comparison() throws -> Expr {
        let left = try range()
        let operators: [Symbol: BinaryOp] = [
            .equalEqual: .equal, .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
            .greater: .greater, .greaterEqual: .greaterEqual,
        ]
        guard let op = binaryOperator(operators) else { return left }
        skipLineBreaksAfterOperator()
        let right = try range()
        return .binary(op, left, right, left.span.to(right.span))
    }

    /// range := additive ('..' additive)?
    mutating func range() throws -> Expr {
        let low = try additive()
        guard match(.dotDot) else { return low }
        let high = try additive()
        return .range(low, high, low.span.to(high.span))
    }

    /// additive := multiplicative (('+' | '-') multiplicative)*
    mutating func additive() throws -> Expr {
        try leftAssociative(
            operand: { try $0.multiplicative() }, operator: { $0.binaryOperator(Self.additiveOperators) }, Expr.binary)
    }

    private static let additiveOperators: [Symbol: BinaryOp] = [.plus: .add, .minus: .subtract]
    private static let multiplicativeOperators: [Symbol: BinaryOp] = [
        .star: .multiply, .slash: .divide, .percent: .remainder,
    ]

    /// multiplicative := unary (('*' | '/' | '%') unary)*
    mutating func multiplicative() throws -> Expr {
        try leftAssociative(
            operand: { try $0.unary() },
            operator: { $0.binaryOperator(Self.multiplicativeOperators) }, Expr.binary)
    }

    /// unary := '-' unary | power
    mutating func unary() throws -> Expr {
        check(.minus) ? try prefixed(.negate) { try $0.unary() } : try power()
    }

    /// power := postfix ('^' unary)?   (right-associative, binds tighter than unary minus on its left)
    mutating func power() throws -> Expr {
        let base = try postfix()
        guard match(.caret) else { return base }
        let exponent = try nested { try $0.unary() }
        return .binary(.power, base, exponent, base.span.to(exponent.span))
    }

    /// postfix := primary ('(' arguments ')' | '[' expr ']' | '.' NAME)*
    mutating func postfix() throws -> Expr {
        var expression = try primary()
        while true {
            if check(.leftParen) || check(.leftBracket) || check(.dot) { try link() }
            if check(.leftParen) {
                let open = advance()
                let arguments = try self.arguments(closing: open)
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

    /// arguments := (argument (',' argument)*)? ')'     argument := NAME ':' expr | '...' expr | expr
    mutating func arguments(closing open: Token) throws -> [Argument] {
        var arguments = [Argument]()
        var sawLabel = false
        while !check(.rightParen) {
            var label: (String, SourceSpan)?
            if case .identifier(let name) = current.kind, tokens[position + 1].kind == .symbol(.colon) {
                label = (name, advance().span)
                advance()
            }
            let spread = label == nil && match(.ellipsis)
            let value = try expression()
            if let label {
                if arguments.contains(where: { $0.label == label.0 }) {
                    diagnostics.append(Diagnostic("argument '\(label.0)' given twice", at: label.1))
                }
                sawLabel = true
            } else if sawLabel {
                diagnostics.append(
                    Diagnostic(
                        "positional argument after a named one", at: value.span,
                        notes: ["put positional arguments first: f(a, b, lr: 0.1)"]))
            }
            arguments.append(Argument(label: label?.0, labelSpan: label?.1, value: value, spread: spread))
            if !match(.comma) { break }
        }
        try close(.rightParen, opening: open)
        return arguments
    }

    /// primary := NUMBER | STRING | 'true' | 'false' | 'none' | NAME | '[' list ']' | '(' expr ')' | record
    mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value, token.span)
        case .string(let text):
            advance()
            return .string(text, token.span)
        case .identifier(let name):
            advance()
            return .name(name, token.span)
        case .keyword(.true):
            advance()
            return .bool(true, token.span)
        case .keyword(.false):
            advance()
            return .bool(false, token.span)
        case .keyword(.none):
            advance()
            return .none(token.span)
        case .symbol(.leftBracket):
            advance()
            var elements = [Expr]()
            while !check(.rightBracket) {
                elements.append(try expression())
                if !match(.comma) { break }
            }
            try close(.rightBracket, opening: token)
            return .list(elements, token.span.to(previous.span))
        case .symbol(.leftParen):
            advance()
            if case .identifier = current.kind, tokens[position + 1].kind == .symbol(.colon) {
                return try record(opening: token)
            }
            let inner = try expression()
            try close(.rightParen, opening: token)
            return inner
        default:
            throw fail("expected an expression, got \(token.description)")
        }
    }

    /// record := '(' NAME ':' expr (',' NAME ':' expr)* ','? ')'   (as records print)
    mutating func record(opening open: Token) throws -> Expr {
        var fields = [RecordField]()
        while !check(.rightParen) {
            let (name, span) = try identifier("for a field of the record")
            try expect(.colon, "after the field name '\(name)'")
            if fields.contains(where: { $0.name == name }) {
                diagnostics.append(Diagnostic("field '\(name)' given twice", at: span))
            }
            fields.append(RecordField(name: name, nameSpan: span, value: try expression()))
            if !match(.comma) { break }
        }
        try close(.rightParen, opening: open)
        return .record(fields, open.span.to(previous.span))
    }
}
