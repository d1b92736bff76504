import PolaScript

/// PolaScript's own costs: loops whose time shows at once if an operation copies a whole list.
enum ScriptCases {
    static let all: [(name: String, script: String)] = [
        // 100,000 writes into a 100,000-element list: a copy per write would be 10^10 element copies.
        ("list-writes", "xs = 1..100000\nfor i in 0..99999 { xs[i] = i * 2 }"),
        ("list-appends", "xs = []\nfor i in 1..100000 { xs = append(xs, i) }"),
        // Plain arithmetic, conditions, comparisons and math builtins: what the differentiable
        // numbers of formula games must leave as fast as it was.
        (
            "arithmetic",
            "s = 0\ni = 0\nwhile i < 200000 {\n  if i % 2 == 0 and i != 7 { s = s + sqrt(i) * 2 - abs(-i) / (i + 1) ^ 2 }"
                + " else { s = s - exp(-1) + max(i, 3) }\n  i = i + 1\n}"
        ),
    ]

    /// Runs `script` in a fresh interpreter; its error, if any, as text.
    static func run(_ script: String) -> String? {
        LargeStack.run {
            let interpreter = Interpreter(host: Host(write: { _ in }))
            do {
                try interpreter.run(Source(name: "bench", text: script))
                return nil
            } catch {
                return "\(error)"
            }
        }
    }
}
