import PolaScript

/// `:help` and `:help name`, generated from the builtin table.
enum Help {
    static func text(for name: String?) -> String {
        guard let name else { return overview }
        if let keyword = Keyword(rawValue: name) { return KeywordHelp.text(for: keyword) }
        guard let builtin = Builtins.named(name) else {
            let hint = (Builtins.all.map(\.name) + Keyword.allCases.map(\.rawValue)).filter {
                $0.hasPrefix(String(name.prefix(2)))
            }
            return "no builtin or keyword named '\(name)'"
                + (hint.isEmpty ? "" : "; perhaps: " + hint.joined(separator: ", "))
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
            Prompt: Tab completes names, keyword arguments, commands and file paths (in a string), Up
            recalls history, Ctrl-C cancels the line or stops a running computation, Ctrl-D (or exit,
            quit, :quit) leaves. Relative paths are relative to the current directory.
            Commands: :help [builtin or keyword], :names (with types), :load FILE (a script or a
            notebook's cells, run in this session), :reload (the last file loaded again).

            Builtins:
            \(builtins.joined(separator: "\n"))

            """
    }
}
