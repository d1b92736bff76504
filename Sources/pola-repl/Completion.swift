import Foundation
import PolaScript

/// Tab-completion candidates: `:` commands, file paths (after `:load`, and inside a string),
/// keyword arguments inside a builtin call, fields after `name.`, otherwise names, builtins
/// and keywords.
struct Completion {
    let interpreter: Interpreter

    struct Candidates {
        let words: [String]
        /// Whether a completed word gets a space after it (not for `name: `, folders or paths).
        var appendSpace = true
    }

    func candidates(line: String, word: String) -> Candidates {
        let trimmed = line.drop { $0 == " " }
        if trimmed.hasPrefix(":") {
            guard trimmed.contains(" ") else {
                return Candidates(words: Workbench.commands.filter { $0.hasPrefix(word) })
            }
            if trimmed.hasPrefix(":load ") {
                return Candidates(words: Self.paths(completing: word), appendSpace: false)
            }
            if trimmed.hasPrefix(":help ") { return Candidates(words: helpTopics.filter { $0.hasPrefix(word) }) }
            return Candidates(words: [])
        }
        if Self.insideString(line) { return Candidates(words: Self.paths(completing: word), appendSpace: false) }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            return Candidates(
                words: interpreter.fields(of: base).filter { $0.hasPrefix(prefix) }.map { base + "." + $0 })
        }
        var names = interpreter.names + Keyword.allCases.map(\.rawValue)
        if let callee = openCall(in: line), let builtin = Builtins.named(callee) {
            names = builtin.parameters.filter { $0.kind != .variadic }.map { $0.name + ": " } + names
        }
        var seen = Set<String>()
        let words = names.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        return Candidates(words: words, appendSpace: !words.contains { $0.hasSuffix(": ") })
    }

    private var helpTopics: [String] { Builtins.all.map(\.name) + Keyword.allCases.map(\.rawValue) }

    /// Whether `line` ends inside a string literal (an odd number of unescaped quotes).
    static func insideString(_ line: String) -> Bool {
        var inside = false
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = inside
            } else if character == "\"" {
                inside.toggle()
            } else if character == "#", !inside {
                return false
            }
        }
        return inside
    }

    /// Files and folders (with a trailing `/`) whose path starts with `word`, relative to the
    /// current directory as every path in PolaScript is.
    static func paths(completing word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folder = slash.map { String(word[...$0]) } ?? ""
        let prefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
        let listed = folder.isEmpty ? "." : folder
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return [] }
        return entries.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted()
            .map { entry in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: listed + "/" + entry, isDirectory: &isDirectory)
                return folder + entry + (isDirectory.boolValue ? "/" : "")
            }
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
