import PolaScript

/// `:help` for the language's keywords, one short paragraph each with an example.
enum KeywordHelp {
    static func text(for keyword: Keyword) -> String {
        let (summary, example) = entry(keyword)
        return "\(keyword.rawValue): \(summary)\n  example: \(example)\n"
    }

    private static func entry(_ keyword: Keyword) -> (String, String) {
        switch keyword {
        case .fn:
            ("defines a function; it has its own scope and returns with `return`", "fn square(x) { return x * x }")
        case .if, .else:
            (
                "runs a block when a condition holds; `else` and `else if`, after the `}` or on the\n  next line, "
                    + "give the alternatives", "if x > 1 { print(\"big\") } else { print(\"small\") }"
            )
        case .for, .in:
            (
                "runs a block for each element of a list, range (both ends included) or table",
                "for i in 1..3 { print(i) }"
            )
        case .while: ("runs a block while a condition holds", "while x < 100 { x = x * 2 }")
        case .return: ("leaves a function with a value (none without one)", "fn f(x) { return x + 1 }")
        case .break: ("leaves the innermost loop", "for i in 1..10 { if i > 3 { break } }")
        case .continue:
            ("goes on with the next round of the innermost loop", "for i in 1..5 { if i == 2 { continue } }")
        case .true, .false: ("the two booleans", "done = false")
        case .none: ("the value of nothing: what a function without `return` gives", "x = none")
        case .and, .or: ("logic on booleans; the right side runs only when needed", "x > 0 and x < 1")
        case .not: ("negates a boolean", "not tft(g, a, b)")
        }
    }
}
