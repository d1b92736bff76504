/// Writes into a list held by a name, in place: `xs[i] = v` costs O(1) and `xs = append(xs, v)`
/// O(1) amortised, where building a new list would copy every element. While the list changes
/// its name's slot is emptied, so the slot's array is the only reference to its storage and
/// Swift's copy-on-write changes it without copying.
extension Interpreter {
    /// `name[index] = value`, with `value` already evaluated.
    func writeElement(
        of name: String, _ nameSpan: SourceSpan, at indexExpression: Expr, _ value: Value, _ span: SourceSpan,
        in scope: Environment, source: Source
    ) throws {
        if case .range = indexExpression {
            throw ScriptError(
                "cannot assign to a slice", at: indexExpression.span,
                notes: ["assign the elements one by one: for i in 1..2 { xs[i] = 0 }"])
        }
        let key = try evaluate(indexExpression, in: scope, source: source)
        try checkNesting(of: value, insertedAt: span)
        let found = try scope.update(name) { slot in
            guard case .list(var items) = slot else {
                throw ScriptError(
                    "cannot assign to an element of '\(name)' (list expected, got \(slot.typeName))", at: nameSpan)
            }
            let index = try listIndex(key, count: items.count, span: indexExpression.span)
            slot = .none
            items[index] = value
            slot = .list(items)
        }
        guard found else {
            throw ScriptError(
                "cannot assign to an element of '\(name)' (list expected, got an undefined name)", at: nameSpan)
        }
    }

    /// `name = append(name, value)` on a list held by `name`, appended in place. Returns false,
    /// having evaluated nothing, for any other statement (which then runs as a plain call).
    ///
    /// The value is evaluated before the list is read, where a call reads its arguments left to
    /// right; the two differ only if evaluating the value assigns to `name` itself.
    func appendInPlace(to name: String, _ expression: Expr, in scope: Environment, source: Source) throws -> Bool {
        guard case .call(.name(let callee, _), let arguments, let span) = expression, arguments.count == 2,
            arguments.allSatisfy({ $0.label == nil }), case .name(name, let listSpan) = arguments[0].value,
            case .builtin(let builtin) = scope.lookup(callee), builtin.name == "append"
        else { return false }
        let value = try evaluate(arguments[1].value, in: scope, source: source)
        var appended = false
        _ = try scope.update(name) { slot in
            guard case .list(var items) = slot, items.count < Self.maximumListLength else { return }
            try checkNesting(of: value, insertedAt: span)
            slot = .none
            items.append(value)
            slot = .list(items)
            appended = true
        }
        guard !appended else { return true }
        // Not a list, or a full one: the builtin says what is wrong.
        let list = try evaluate(arguments[0].value, in: scope, source: source)
        let bound = try builtin.bind(
            [
                (label: nil, labelSpan: nil, value: list, span: listSpan),
                (label: nil, labelSpan: nil, value: value, span: arguments[1].value.span),
            ], call: span)
        scope.assign(name, try builtin.body(bound, self))
        return true
    }

    /// A list already within the nesting limit stays within it when `value` goes in.
    private func checkNesting(of value: Value, insertedAt span: SourceSpan) throws {
        guard case .list = value else { return }
        _ = try makeList([value], at: span)
    }
}
