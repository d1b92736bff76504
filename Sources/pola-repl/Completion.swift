import PolaScript

/// Tab-completion candidates: keyword arguments inside a builtin call, fields after `name.`,
/// otherwise names, builtins and keywords.
struct Completion {
    let interpreter: Interpreter

    func candidates(line: String, word: String) -> [String] {
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            return interpreter.fields(of: base).filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }
        }
        var names = interpreter.names + Keyword.allCases.map(\.rawValue)
        if let callee = openCall(in: line), let builtin = Builtins.named(callee) {
            names = builtin.parameters.filter { $0.kind != .variadic }.map { $0.name + ": " } + names
        }
        var seen = Set<String>()
        return names.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
    }

    /// The name before the innermost parenthesis still open at the end of `line`.
    func openCall(in line: String) -> String? {
        var depth = 0
        let characters = Array(line)
        var index = characters.count - 1
        while index >= 0 {
            switch characters[index] {
            case ")": depth += 1
            case "(":
                if depth == 0 {
                    var start = index
                    while start > 0,
                        characters[start - 1].isLetter || characters[start - 1].isNumber || characters[start - 1] == "_"
                    { start -= 1 }
                    return start < index ? String(characters[start..<index]) : nil
                }
                depth -= 1
            default: break
            }
            index -= 1
        }
        return nil
    }
}
