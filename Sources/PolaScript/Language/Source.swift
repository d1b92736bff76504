/// A piece of program text with its name (a file path, `<repl>` or a notebook cell), indexed so
/// that spans can be turned into lines and columns.
///
/// Offsets count Unicode scalars, so a column is what a reader counts on screen for text
/// without combining marks or wide characters.
public struct Source: Sendable {
    public let name: String
    public let text: String
    let scalars: [Unicode.Scalar]
    /// Offset of the first scalar of every line.
    let lineStarts: [Int]
    /// Line number of the first line of `text` in its file (a notebook cell starts mid-file).
    let firstLine: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// 1-based line and column of an offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + firstLine, offset - lineStarts[low] + 1)
    }

    /// The text of the line holding `offset`, without its newline.
    public func lineText(containing offset: Int) -> String {
        let index = location(of: offset).line - firstLine
        let start = lineStarts[index]
        var end = start
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<end])
        return String(text)
    }
}

/// A half-open range of scalar offsets in a `Source`.
public struct SourceSpan: Sendable, Equatable {
    public let start: Int
    public let end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(end, start)
    }

    /// The smallest span covering both.
    public func to(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }
}
