import PolaScript

/// `:help` and `:help name`, generated from the builtin table.
enum Help {
    static func text(for name: String?) -> String {
        guard let name else { return overview }
        guard let builtin = Builtins.named(name) else {
            let hint = Builtins.all.map(\.name).filter { $0.hasPrefix(String(name.prefix(2))) }
            return "no builtin named '\(name)'" + (hint.isEmpty ? "" : "; perhaps: " + hint.joined(separator: ", "))
                + "\n"
        }
        var lines = [builtin.signature, "  " + builtin.summary]
        if !builtin.parameters.isEmpty { lines.append("") }
        let width = builtin.parameters.map(\.name.count).max() ?? 0
        for parameter in builtin.parameters {
            let name = parameter.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let requirement =
                parameter.defaultText.map { ", default \($0)" } ?? (parameter.kind == .variadic ? "" : ", required")
            lines.append("  \(name)  \(parameter.help) (\(parameter.type.name)\(requirement))")
        }
        if !builtin.example.isEmpty { lines += ["", "  example: \(builtin.example)"] }
        return lines.joined(separator: "\n") + "\n"
    }

    static var overview: String {
        let builtins = Builtins.all.map {
            "  \($0.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \($0.summary)"
        }
        return """
            PolaScript: x = 1, fn f(a) { return a * 2 }, if/else, for i in 1..10 { }, while, # comments.
            Prompt: Tab completes names and keyword arguments, Up recalls history, Ctrl-C cancels the
            line or stops a running computation, Ctrl-D leaves. Commands: :help [name], :names, :quit.

            Builtins:
            \(builtins.joined(separator: "\n"))

            """
    }
}
