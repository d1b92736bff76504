/// Slices: `xs[low..high]` holds the elements from `low` to `high`, both included, as ranges
/// do; negative bounds count from the end, so `xs[1..-1]` drops the first element.
extension Interpreter {
    func slice(_ base: Value, _ baseSpan: SourceSpan, _ bounds: (Int, Int), _ span: SourceSpan) throws -> Value {
        switch base {
        case .list(let items): return .list(Array(items[try sliceRange(bounds, count: items.count, span)]))
        case .string(let text):
            let characters = Array(text)
            return .string(String(characters[try sliceRange(bounds, count: characters.count, span)]))
        case .table(var table):
            table.rows = Array(table.rows[try sliceRange(bounds, count: table.rows.count, span)])
            return .table(table)
        default:
            throw ScriptError(
                "cannot slice \(base.typeNameInText)", at: baseSpan, notes: ["slice a list, a string or a table"])
        }
    }

    /// The positions `low...high` names, or an empty range when `high` is just before `low`.
    private func sliceRange(_ bounds: (Int, Int), count: Int, _ span: SourceSpan) throws -> Range<Int> {
        let (low, high) = (bounds.0 < 0 ? count + bounds.0 : bounds.0, bounds.1 < 0 ? count + bounds.1 : bounds.1)
        if high == low - 1, low >= 0, low <= count { return low..<low }
        guard low >= 0, high < count, low <= high else {
            throw ScriptError(
                "slice \(bounds.0)..\(bounds.1) out of range (\(count) element\(count == 1 ? "" : "s"))", at: span,
                notes: ["bounds are indices from 0 to \(count - 1), or negative from the end; both are included"])
        }
        return low..<(high + 1)
    }
}
