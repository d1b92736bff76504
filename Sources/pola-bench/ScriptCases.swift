import PolaScript

/// PolaScript's own costs: loops whose time shows at once if an operation copies a whole list.
enum ScriptCases {
    static let all: [(name: String, script: String)] = [
        // 100,000 writes into a 100,000-element list: a copy per write would be 10^10 element copies.
        ("list-writes", "xs = 1..100000\nfor i in 0..99999 { xs[i] = i * 2 }"),
        ("list-appends", "xs = []\nfor i in 1..100000 { xs = append(xs, i) }"),
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
