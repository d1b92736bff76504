import PolaScript
import Testing

@Suite struct LexerTests {
    static func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(Source(name: "t", text: text)).tokens.map(\.kind)
    }

    @Test(
        arguments: [
            (
                "1 0.5 .25 1e-8 2.5E3",
                [TokenKind.number(1), .number(0.5), .number(0.25), .number(1e-8), .number(2500), .end]
            ),
            ("1..30", [.number(1), .symbol(.dotDot), .number(30), .end]),
            ("x_1 = \"a\\\"b\"", [.identifier("x_1"), .symbol(.equal), .string("a\"b"), .end]),
            (
                "fn if else for in while return break continue true false none and or not",
                [
                    .keyword(.fn), .keyword(.if), .keyword(.else), .keyword(.for), .keyword(.in), .keyword(.while),
                    .keyword(.return),
                    .keyword(.break), .keyword(.continue), .keyword(.true), .keyword(.false), .keyword(.none),
                    .keyword(.and),
                    .keyword(.or), .keyword(.not), .end,
                ]
            ),
            (
                "<= >= == != < > ^ %",
                [
                    .symbol(.lessEqual), .symbol(.greaterEqual), .symbol(.equalEqual), .symbol(.bangEqual),
                    .symbol(.less), .symbol(.greater), .symbol(.caret), .symbol(.percent), .end,
                ]
            ),
            ("a # comment\nb", [.identifier("a"), .newline, .identifier("b"), .end]),
            (
                "f(1,\n2)\n",
                [
                    .identifier("f"), .symbol(.leftParen), .number(1), .symbol(.comma), .number(2),
                    .symbol(.rightParen), .newline, .end,
                ]
            ),
            ("t.V0", [.identifier("t"), .symbol(.dot), .identifier("V0"), .end]),
        ] as [(String, [TokenKind])])
    func tokens(source: String, expected: [TokenKind]) {
        #expect(Self.kinds(source) == expected)
    }

    @Test(arguments: [
        ("x = $", "unexpected character '$'", 4),
        ("\"abc", "unterminated string", 0),
        ("1e999", "number '1e999' is out of range", 0),
        ("\"a\\q\"", "unknown escape '\\q' in string", 2),
    ])
    func problems(source: String, message: String, offset: Int) {
        let diagnostics = Lexer.tokenize(Source(name: "t", text: source)).diagnostics
        #expect(diagnostics.map(\.message) == [message])
        #expect(diagnostics.first?.span.start == offset)
    }

    @Test func spansBecomeLinesAndColumns() {
        let source = Source(name: "t", text: "ab\ncd\n\nx")
        #expect(source.location(of: 0) == (1, 1))
        #expect(source.location(of: 4) == (2, 2))
        #expect(source.location(of: 7) == (4, 1))
        #expect(source.lineText(containing: 4) == "cd")
        #expect(Source(name: "nb", text: "a\nb", firstLine: 10).location(of: 2) == (11, 1))
    }
}
