import PolaScript
import Testing

@Suite struct ParserTests {
    static func printed(_ text: String) -> String {
        switch Parser.parse(Source(name: "t", text: text)) {
        case .success(let program): SyntaxPrinter.print(program)
        case .failure(let diagnostics): "error: " + diagnostics.items.map(\.message).joined(separator: " | ")
        }
    }

    @Test(arguments: [
        ("a = 1 + 2 * 3", "(= a (+ 1 (* 2 3)))"),
        ("-2 ^ 2", "(- (^ 2 2))"),
        ("2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"),
        ("a - b - c", "(- (- a b) c)"),
        ("not a and b or c", "(or (and (not a) b) c)"),
        ("x < 1 == true", "error: expected end of line after statement, got '=='"),
        ("1..n + 1", "(.. 1 (+ n 1))"),
        ("f(1, lr: 0.5)", "(call f 1 lr: 0.5)"),
        ("t.V0[2]", "(index (. t V0) 2)"),
        ("xs[0] = 3", "(= (index xs 0) 3)"),
        ("[1, [2, 3],]", "[1 [2 3]]"),
        ("fn f(a, b) { return a * b }", "(fn f (a b) {(return (* a b))})"),
        ("if x { 1 } else if y { 2 } else { 3 }", "(if x {1} {(if y {2} {3})})"),
        ("for i in 1..3 { print(i) }", "(for i (.. 1 3) {(call print i)})"),
        ("while x > 0 { x = x - 1; break }", "(while (> x 0) {(= x (- x 1)) (break)})"),
        ("a = 1 +\n  2", "(= a (+ 1 2))"),
        ("f(1,\n  2)", "(call f 1 2)"),
        ("a = 1; b = 2", "(= a 1)\n(= b 2)"),
        ("fn f() { return }", "(fn f () {(return)})"),
        ("if x { 1 }\nelse { 2 }", "(if x {1} {2})"),
        ("if x { 1 }\n\nelse if y { 2 }\nelse { 3 }", "(if x {1} {(if y {2} {3})})"),
        ("if x { 1 }\ny", "(if x {1})\ny"),
        ("if x { y = 1 } z = 2", "(if x {(= y 1)})\n(= z 2)"),
        ("for i in xs { f(i) } g()", "(for i xs {(call f i)})\n(call g)"),
        ("fn f() { return 1 } f()", "(fn f () {(return 1)})\n(call f)"),
        ("x = 1 y = 2", "error: expected end of line after statement, got 'y'"),
        ("else { 1 }", "error: 'else' with no 'if' before it"),
        ("xs[1..-1]", "(index xs (.. 1 (- 1)))"),
        ("(a: 1, b: [2])", "(record a: 1 b: [2])"),
        ("(a: 1, a: 2)", "error: field 'a' given twice"),
        ("(a)", "a"),
        ("step(r, g, ...xs, epochs: 2)", "(call step r g ...xs epochs: 2)"),
    ])
    func parses(source: String, expected: String) {
        #expect(Self.printed(source) == expected)
    }

    /// Several errors in one run, each reported where it is; recovery at statement boundaries.
    @Test func reportsSeveralErrors() {
        guard case .failure(let diagnostics) = Parser.parse(Source(name: "t", text: "a = )\nb = 2\nc = (1 +\nd = ]\n"))
        else {
            Issue.record("expected errors")
            return
        }
        // Inside parentheses line breaks do not end statements, so the third error is seen at '='.
        #expect(
            diagnostics.items.map(\.message) == [
                "expected an expression, got ')'",
                "')' expected (to close '(' at line 3), got '='",
            ])
        #expect(diagnostics.items.first?.span.start == 4)
    }

    @Test(arguments: [
        "fn f(a) {", "x = [1, 2", "f(1,", "if x {\n  y = 2", "a = 1 +", "for i in 1..3 {", "\"abc\" + (",
    ])
    func incompleteInputAsksForMore(source: String) {
        guard case .failure(let diagnostics) = Parser.parse(Source(name: "t", text: source)) else {
            Issue.record("\(source) parsed")
            return
        }
        #expect(diagnostics.isIncompleteInput, "\(source)")
    }

    @Test(arguments: ["x = )", "fn (a) {}", "1 = 2", "f(a: 1, 2)", "for 1 in x {}"])
    func errorsAreNotIncompleteInput(source: String) {
        guard case .failure(let diagnostics) = Parser.parse(Source(name: "t", text: source)) else {
            Issue.record("\(source) parsed")
            return
        }
        #expect(!diagnostics.isIncompleteInput, "\(source)")
    }
}
