import Runtime

/// Expressions: one method per kind, dispatched by an exhaustive switch.
extension Interpreter {
    func evaluate(_ expression: Expr, in scope: Environment, source: Source) throws -> Value {
        switch expression {
        case .number(let x, _): return .number(x)
        case .string(let s, _): return .string(s)
        case .bool(let b, _): return .bool(b)
        case .none: return .none
        case .name(let name, let span): return try lookup(name, span, in: scope)
        case .list(let elements, let span):
            return try makeList(try elements.map { try evaluate($0, in: scope, source: source) }, at: span)
        case .record(let fields, _):
            return .record(try fields.map { ($0.name, try evaluate($0.value, in: scope, source: source)) })
        case .unary(let op, let operand, let span):
            return try Operators.unary(op, try evaluate(operand, in: scope, source: source), span)
        case .binary(let op, let left, let right, let span):
            return try Operators.binary(
                op, try evaluate(left, in: scope, source: source), try evaluate(right, in: scope, source: source), span)
        case .logical(let op, let left, let right, _): return try logical(op, left, right, in: scope, source: source)
        case .range(let low, let high, let span): return try range(low, high, span, in: scope, source: source)
        case .call(let callee, let arguments, let span):
            return try call(callee, arguments, span, in: scope, source: source)
        case .index(let container, let index, _): return try subscriptValue(container, index, in: scope, source: source)
        case .field(let container, let name, let span):
            return try Fields.read(try evaluate(container, in: scope, source: source), name, span)
        }
    }

    private func lookup(_ name: String, _ span: SourceSpan, in scope: Environment) throws -> Value {
        if let value = scope.lookup(name) { return value }
        let hint = Builtin.closest(name, in: scope.names).map { ["did you mean '\($0)'?"] } ?? []
        throw ScriptError("undefined name '\(name)'", at: span, notes: hint)
    }

    /// `and`/`or` evaluate the right side only when needed and yield booleans.
    private func logical(_ op: LogicalOp, _ left: Expr, _ right: Expr, in scope: Environment, source: Source) throws
        -> Value
    {
        let first = try evaluate(left, in: scope, source: source).truth(at: left.span)
        switch op {
        case .and: return .bool(first ? try evaluate(right, in: scope, source: source).truth(at: right.span) : false)
        case .or: return .bool(first ? true : try evaluate(right, in: scope, source: source).truth(at: right.span))
        }
    }

    func rangeBounds(_ low: Expr, _ high: Expr, in scope: Environment, source: Source) throws -> (Int, Int) {
        func bound(_ expression: Expr) throws -> Int {
            let value = try evaluate(expression, in: scope, source: source)
            guard case .number(let x) = value, let n = Int(exactly: x) else {
                if value.isDifferentiable { throw Differentiable.refusal("a range bound", at: expression.span) }
                throw ScriptError(
                    "range bounds must be whole numbers, got \(Render.inline(value))", at: expression.span)
            }
            return n
        }
        return (try bound(low), try bound(high))
    }

    private func range(_ low: Expr, _ high: Expr, _ span: SourceSpan, in scope: Environment, source: Source) throws
        -> Value
    {
        let (a, b) = try rangeBounds(low, high, in: scope, source: source)
        guard b < a || b - a < Self.maximumListLength else {
            throw ScriptError(
                "range \(a)..\(b) would hold more than \(Self.maximumListLength) numbers", at: span,
                notes: ["loop over it directly (for i in \(a)..\(b)) instead of building a list"])
        }
        return .list(b < a ? [] : (a...b).map { .number(Double($0)) })
    }

    private func subscriptValue(_ container: Expr, _ index: Expr, in scope: Environment, source: Source) throws -> Value
    {
        let base = try evaluate(container, in: scope, source: source)
        if case .range(let low, let high, let span) = index {
            return try slice(base, container.span, try rangeBounds(low, high, in: scope, source: source), span)
        }
        let key = try evaluate(index, in: scope, source: source)
        switch (base, key) {
        case (.list(let items), _): return items[try listIndex(key, count: items.count, span: index.span)]
        case (.policy, .string(let state)): return try Fields.read(base, state, index.span)
        case (.policy(let table), _):
            return .number(table.probabilities[try listIndex(key, count: table.probabilities.count, span: index.span)])
        case (.table, .string(let column)): return try Fields.read(base, column, index.span)
        case (.table(let table), _):
            return Render.row(table, try listIndex(key, count: table.rows.count, span: index.span))
        case (.record, .string(let field)): return try Fields.read(base, field, index.span)
        case (.string(let text), _):
            let characters = Array(text)
            return .string(String(characters[try listIndex(key, count: characters.count, span: index.span)]))
        default:
            throw ScriptError("cannot index \(base.typeNameInText) with \(key.typeNameInText)", at: container.span)
        }
    }

    /// A valid position for a zero-based index; negative indices count from the end.
    func listIndex(_ key: Value, count: Int, span: SourceSpan) throws -> Int {
        guard case .number(let x) = key, let i = Int(exactly: x) else {
            if key.isDifferentiable { throw Differentiable.refusal("an index", at: span) }
            throw ScriptError("index must be a whole number, got \(Render.inline(key))", at: span)
        }
        let position = i < 0 ? count + i : i
        guard position >= 0, position < count else {
            throw ScriptError("index \(i) out of range (\(count) element\(count == 1 ? "" : "s"))", at: span)
        }
        return position
    }

    private func call(
        _ calleeExpression: Expr, _ arguments: [Argument], _ span: SourceSpan, in scope: Environment, source: Source
    ) throws -> Value {
        let callee = try evaluate(calleeExpression, in: scope, source: source)
        let values = try arguments.flatMap { argument in
            let value = try evaluate(argument.value, in: scope, source: source)
            let span = argument.value.span
            guard argument.spread else { return [(label: argument.label, labelSpan: argument.labelSpan, value, span)] }
            guard case .list(let items) = value else {
                throw ScriptError(
                    "cannot spread \(value.typeNameInText) into arguments (list expected)", at: span,
                    notes: ["'...' passes each element of a list as an argument: step(r, g, ...agents)"])
            }
            return items.map { (label: nil, labelSpan: nil, value: $0, span: span) }
        }
        switch callee {
        case .builtin(let builtin):
            let bound = try builtin.bind(values, call: span)
            return try builtin.body(bound, self)
        case .function(let function):
            return try callUser(function, values, span)
        default:
            throw ScriptError("cannot call \(callee.typeNameInText)", at: calleeExpression.span)
        }
    }

    /// Calls a PolaScript function with positional arguments: a call at `span` (builtins that
    /// take a function, such as a formula game's losses, call it through here).
    func callUser(
        _ function: UserFunction,
        _ arguments: [(label: String?, labelSpan: SourceSpan?, value: Value, span: SourceSpan)], _ span: SourceSpan
    ) throws -> Value {
        let declaration = function.declaration
        if let labelled = arguments.first(where: { $0.label != nil }) {
            throw ScriptError("'\(declaration.name)' takes no named arguments", at: labelled.labelSpan ?? labelled.span)
        }
        guard arguments.count == declaration.parameters.count else {
            let expected = declaration.parameters.count
            throw ScriptError(
                "'\(declaration.name)' expects \(expected) argument\(expected == 1 ? "" : "s"), got \(arguments.count)",
                at: span)
        }
        guard callDepth < Self.maximumCallDepth else {
            throw ScriptError(
                "calls nested deeper than \(Self.maximumCallDepth) (unbounded recursion in '\(declaration.name)'?)",
                at: span)
        }
        try checkInterrupt(span)
        callDepth += 1
        defer { callDepth -= 1 }
        let scope = Environment(parent: globals)
        for (name, argument) in zip(declaration.parameters, arguments) { scope.define(name, argument.value) }
        do {
            try executeBlock(declaration.body, in: scope, source: function.source)
        } catch ControlFlow.returnValue(let value, _) {
            return value
        } catch let flow as ControlFlow {
            throw Located(source: function.source, error: ScriptError(flow.misplacedMessage, at: flow.span))
        } catch let error as ScriptError {
            throw Located(source: function.source, error: error)
        }
        return .none
    }
}
