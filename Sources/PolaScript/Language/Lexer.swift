/// Turns source text into tokens.
///
/// Line breaks become `newline` tokens, which end statements, except inside parentheses and
/// brackets, where an expression may span lines. `#` starts a comment to the end of the line.
/// Problems (a stray character, an unterminated string) become diagnostics and lexing goes on.
public struct Lexer {
    private let source: Source
    private var offset = 0
    private var nesting = 0
    public private(set) var diagnostics: [Diagnostic] = []

    public init(_ source: Source) {
        self.source = source
    }

    public static func tokenize(_ source: Source) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        var tokens = [Token]()
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .end { return (tokens, lexer.diagnostics) }
        }
    }

    private var scalars: [Unicode.Scalar] { source.scalars }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        offset + ahead < scalars.count ? scalars[offset + ahead] : nil
    }

    public mutating func next() -> Token {
        skipSpaceAndComments()
        let start = offset
        guard let c = peek() else { return Token(kind: .end, span: SourceSpan(start, start)) }
        if c == "\n" {
            offset += 1
            return Token(kind: .newline, span: SourceSpan(start, offset))
        }
        if c.properties.numericType != nil && c.isASCII { return number() }
        if c == "." && peek(1).map({ $0.isASCII && $0.properties.numericType != nil }) == true { return number() }
        if c == "\"" { return string() }
        if c == "_" || c.properties.isAlphabetic { return word() }
        for symbol in Symbol.allCases where matches(symbol.rawValue) {
            offset += symbol.rawValue.unicodeScalars.count
            switch symbol {
            case .leftParen, .leftBracket: nesting += 1
            case .rightParen, .rightBracket: nesting = max(nesting - 1, 0)
            default: break
            }
            return Token(kind: .symbol(symbol), span: SourceSpan(start, offset))
        }
        offset += 1
        diagnostics.append(Diagnostic("unexpected character '\(c)'", at: SourceSpan(start, offset)))
        return next()
    }

    private func matches(_ text: String) -> Bool {
        for (k, scalar) in text.unicodeScalars.enumerated() where peek(k) != scalar { return false }
        return true
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" || (c == "\n" && nesting > 0) {
                offset += 1
            } else if c == "#" {
                while let d = peek(), d != "\n" { offset += 1 }
            } else {
                return
            }
        }
    }

    private func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    /// `12`, `0.5`, `.5`, `1e-8`, `2.5E3`; a `..` after digits is a range, not a decimal point.
    private mutating func number() -> Token {
        let start = offset
        while isDigit(peek()) { offset += 1 }
        if peek() == ".", peek(1) != ".", isDigit(peek(1)) || !(peek(1)?.properties.isAlphabetic ?? false) {
            offset += 1
            while isDigit(peek()) { offset += 1 }
        }
        if peek() == "e" || peek() == "E" {
            let sign = peek(1) == "+" || peek(1) == "-" ? 1 : 0
            if isDigit(peek(1 + sign)) {
                offset += 1 + sign
                while isDigit(peek()) { offset += 1 }
            }
        }
        let span = SourceSpan(start, offset)
        let text = String(String.UnicodeScalarView(scalars[start..<offset]))
        guard let value = Double(text), value.isFinite else {
            diagnostics.append(Diagnostic("number '\(text)' is out of range", at: span))
            return Token(kind: .number(.nan), span: span)
        }
        return Token(kind: .number(value), span: span)
    }

    /// A double-quoted string on one line, with escapes `\"`, `\\`, `\n` and `\t`.
    private mutating func string() -> Token {
        let start = offset
        offset += 1
        var text = String.UnicodeScalarView()
        while let c = peek(), c != "\"", c != "\n" {
            offset += 1
            guard c == "\\" else {
                text.append(c)
                continue
            }
            switch peek() {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "\"": text.append("\"")
            case "\\": text.append("\\")
            default:
                let escape = peek().map { "\\\($0)" } ?? "\\"
                diagnostics.append(
                    Diagnostic("unknown escape '\(escape)' in string", at: SourceSpan(offset - 1, offset + 1)))
            }
            if peek() != nil { offset += 1 }
        }
        if peek() == "\"" {
            offset += 1
        } else {
            diagnostics.append(
                Diagnostic(
                    "unterminated string", at: SourceSpan(start, offset),
                    notes: ["strings end with '\"' on the same line"]))
        }
        return Token(kind: .string(String(text)), span: SourceSpan(start, offset))
    }

    private mutating func word() -> Token {
        let start = offset
        while let c = peek(), c == "_" || c.properties.isAlphabetic || isDigit(c) { offset += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<offset]))
        let kind: TokenKind = Keyword(rawValue: text).map { .keyword($0) } ?? .identifier(text)
        return Token(kind: kind, span: SourceSpan(start, offset))
    }
}
