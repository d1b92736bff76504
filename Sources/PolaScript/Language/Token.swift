/// The words PolaScript reserves.
public enum Keyword: String, Sendable, CaseIterable {
    case fn, `if`, `else`, `for`, `in`, `while`, `return`, `break`, `continue`
    case `true`, `false`, none, and, or, not
}

/// Punctuation and operators, longest first where one is a prefix of another.
public enum Symbol: String, Sendable, CaseIterable {
    case ellipsis = "..."
    case dotDot = ".."
    case equalEqual = "=="
    case bangEqual = "!="
    case lessEqual = "<="
    case greaterEqual = ">="
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case leftBrace = "{"
    case rightBrace = "}"
    case comma = ","
    case colon = ":"
    case semicolon = ";"
    case dot = "."
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
    case caret = "^"
    case equal = "="
    case less = "<"
    case greater = ">"
}

public enum TokenKind: Sendable, Equatable {
    case number(Double)
    case string(String)
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    /// A line break that may end a statement (none are produced inside parentheses or brackets).
    case newline
    case end
}

public struct Token: Sendable, Equatable {
    public let kind: TokenKind
    public let span: SourceSpan

    /// How the token reads in a message: `'('`, `number 3`, `end of input`.
    public var description: String {
        switch kind {
        case .number(let value): "number \(NumberFormat.shortest(value))"
        case .string(let text): "string \"\(text)\""
        case .identifier(let name): "'\(name)'"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .newline: "end of line"
        case .end: "end of input"
        }
    }
}
