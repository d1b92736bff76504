import Foundation

/// A CommonMark code fence: three or more backticks or tildes, indented at most three spaces,
/// then an info string whose first word names the language.
struct Fence: Equatable {
    let character: Character
    let length: Int
    let indent: Int
    /// The info string's first word, lowercased (`pola` for ```` ``` Pola numbered ````).
    let language: String

    /// The fence a line opens, or nil when it opens none.
    init?(opening line: String) {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3, let character = line.dropFirst(indent).first, character == "`" || character == "~" else {
            return nil
        }
        let run = line.dropFirst(indent).prefix { $0 == character }.count
        let info = line.dropFirst(indent + run)
        // A backtick fence's info string may not hold a backtick (CommonMark 4.5).
        guard run >= 3, character == "~" || !info.contains("`") else { return nil }
        self.character = character
        length = run
        self.indent = indent
        language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map { $0.lowercased() } ?? ""
    }

    /// Whether `line` closes this fence: the same character, at least as many, nothing after.
    func isClosed(by line: String) -> Bool {
        let indent = line.prefix { $0 == " " }.count
        let run = line.dropFirst(indent).prefix { $0 == character }.count
        return indent <= 3 && run >= length && line.dropFirst(indent + run).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// A content line with as much of the fence's indentation removed as it has.
    func content(_ line: String) -> String {
        String(line.dropFirst(min(indent, line.prefix { $0 == " " }.count)))
    }

    /// A backtick fence longer than any backtick run that opens one of `lines`.
    static func backticks(around lines: [String]) -> String {
        let longest = lines.map { $0.trimmingCharacters(in: .whitespaces).prefix { $0 == "`" }.count }.max() ?? 0
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
