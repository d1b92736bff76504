/// Statements: one method per kind, dispatched by an exhaustive switch.
extension Interpreter {
    func execute(_ statement: Stmt, in scope: Environment, source: Source) throws {
        switch statement {
        case .expression(let expression): _ = try evaluate(expression, in: scope, source: source)
        case .assign(let target, let value, _): try assign(target, value, in: scope, source: source)
        case .function(let declaration):
            scope.assign(declaration.name, .function(UserFunction(declaration: declaration, source: source)))
        case .if(let condition, let then, let otherwise, _):
            try executeIf(condition, then, otherwise, in: scope, source: source)
        case .for(let name, let sequence, let body, let span):
            try executeFor(name, sequence, body, span, in: scope, source: source)
        case .while(let condition, let body, let span):
            try executeWhile(condition, body, span, in: scope, source: source)
        case .return(let value, let span):
            throw ControlFlow.returnValue(try value.map { try evaluate($0, in: scope, source: source) } ?? .none, span)
        case .break(let span): throw ControlFlow.breakLoop(span)
        case .continue(let span): throw ControlFlow.continueLoop(span)
        }
    }

    func executeBlock(_ statements: [Stmt], in scope: Environment, source: Source) throws {
        for statement in statements { try execute(statement, in: scope, source: source) }
    }

    private func assign(_ target: AssignmentTarget, _ expression: Expr, in scope: Environment, source: Source) throws {
        if case .name(let name, _) = target, try appendInPlace(to: name, expression, in: scope, source: source) {
            return
        }
        let value: Value
        do {
            value = try evaluate(expression, in: scope, source: source)
        } catch var error as ScriptError where error.partial != nil {
            if case .name(let name, _) = target, let partial = error.partial, !isBuiltin(name, in: scope) {
                scope.assign(name, partial)
                let rows =
                    if case .table(let table) = partial {
                        "\(table.rows.count) row\(table.rows.count == 1 ? "" : "s")"
                    } else {
                        "result"
                    }
                error.notes.append("'\(name)' holds the \(rows) finished")
            }
            error.partial = nil
            throw error
        }
        switch target {
        case .name(let name, let span):
            if isBuiltin(name, in: scope) {
                throw ScriptError(
                    "cannot assign to '\(name)': it names a builtin", at: span, notes: ["choose another name"])
            }
            scope.assign(name, value)
        case .index(let container, let indexExpression, let span):
            guard case .name(let name, let nameSpan) = container else {
                throw ScriptError("can only assign to an element of a list held by a name", at: span)
            }
            try writeElement(of: name, nameSpan, at: indexExpression, value, span, in: scope, source: source)
        }
    }

    private func isBuiltin(_ name: String, in scope: Environment) -> Bool {
        if case .builtin = scope.lookup(name) ?? .none { true } else { false }
    }

    private func executeIf(
        _ condition: Expr, _ then: [Stmt], _ otherwise: [Stmt]?, in scope: Environment, source: Source
    ) throws {
        if try evaluate(condition, in: scope, source: source).truth(at: condition.span) {
            try executeBlock(then, in: scope, source: source)
        } else if let otherwise {
            try executeBlock(otherwise, in: scope, source: source)
        }
    }

    /// Runs `body` once per element; returns false when the loop was left by `break`.
    private func loopBody(_ body: [Stmt], in scope: Environment, source: Source, at span: SourceSpan) throws -> Bool {
        try checkInterrupt(span)
        do {
            try executeBlock(body, in: scope, source: source)
        } catch ControlFlow.breakLoop {
            return false
        } catch ControlFlow.continueLoop {}
        return true
    }

    private func executeFor(
        _ name: String, _ sequence: Expr, _ body: [Stmt], _ span: SourceSpan, in scope: Environment, source: Source
    ) throws {
        // A range runs without building its list, so `for i in 1..1000000000` costs nothing up front.
        if case .range(let lowExpression, let highExpression, _) = sequence {
            let (low, high) = try rangeBounds(lowExpression, highExpression, in: scope, source: source)
            var i = low
            while i <= high {
                scope.assign(name, .number(Double(i)))
                guard try loopBody(body, in: scope, source: source, at: span) else { return }
                i += 1
            }
            return
        }
        let items: [Value]
        switch try evaluate(sequence, in: scope, source: source) {
        case .list(let list): items = list
        case .policy(let table): items = table.probabilities.map(Value.number)
        case .string(let text): items = text.map { .string(String($0)) }
        case .table(let table): items = table.rows.indices.map { Render.row(table, $0) }
        case let other:
            throw ScriptError(
                "cannot loop over \(other.typeNameInText)", at: sequence.span,
                notes: ["loop over a list, a range (1..10), a table or a string"])
        }
        for item in items {
            scope.assign(name, item)
            guard try loopBody(body, in: scope, source: source, at: span) else { return }
        }
    }

    private func executeWhile(
        _ condition: Expr, _ body: [Stmt], _ span: SourceSpan, in scope: Environment, source: Source
    ) throws {
        while try evaluate(condition, in: scope, source: source).truth(at: condition.span) {
            guard try loopBody(body, in: scope, source: source, at: span) else { return }
        }
    }
}
