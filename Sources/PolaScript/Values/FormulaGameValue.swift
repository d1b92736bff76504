import Runtime
import TensorLayer

/// A game written as a PolaScript function of the agents' parameters (`formula_game`).
///
/// The function takes one argument per agent (a number, or a list of numbers for an agent of
/// several) and returns the list of every agent's loss. The Runtime's `FormulaGame` holds a
/// closure that calls it; the closure is made for each call of `step`, `train` or `value`, so
/// its errors are positioned in the function's own text.
public struct FormulaGameValue: Sendable {
    let losses: UserFunction

    /// One agent per argument of the function.
    public var agents: Int { losses.declaration.parameters.count }

    /// The game `interpreter` plays for a builtin called at `span`: its losses run the function
    /// on differentiable numbers, on the interpreter's thread (see `FormulaGame` on threads).
    func game(_ interpreter: Interpreter, at span: SourceSpan) -> FormulaGame {
        let function = losses
        return FormulaGame(agents: agents) { points in
            try interpreter.formulaLosses(function, points, at: span)
        }
    }

    /// The game with errors of the losses' own arity or result positioned at the function's
    /// declaration: for a host that runs rules itself (the tests differentiate through it).
    public func game(on interpreter: Interpreter) -> FormulaGame {
        game(interpreter, at: losses.declaration.span)
    }

    /// As provenance records it: `formula_game(losses: tandem)`.
    var fields: Value { .record([("name", .string("formula_game")), ("losses", .string(losses.declaration.name))]) }
}

extension Interpreter {
    /// Every agent's loss, `[runs, 1]` each: the function called on the agents' points, one
    /// differentiable number per parameter.
    func formulaLosses(_ function: UserFunction, _ points: [Tensor<Double>], at span: SourceSpan) throws
        -> [Tensor<Double>]
    {
        let arguments = points.map { point -> Value in
            let numbers = (0..<point.shape[1]).map { Value.differentiable(point.sliced(axis: 1, $0..<($0 + 1))) }
            return numbers.count == 1 ? numbers[0] : .list(numbers)
        }
        let result = try callUser(function, arguments.map { (label: nil, labelSpan: nil, value: $0, span: span) }, span)
        let name = function.declaration.name
        guard case .list(let items) = result, items.count == points.count else {
            throw ScriptError(
                "formula game '\(name)' returned \(Render.inline(result)); a list of \(points.count) losses expected",
                at: span, notes: ["return one loss per agent: return [loss0, loss1, ...]"])
        }
        let shape = [points[0].shape[0], 1]
        return try items.enumerated().map { seat, item in
            switch item {
            case .number(let x): return Tensor(shape: shape, scalars: [Double](repeating: x, count: shape[0]))
            case .differentiable(let t): return t.broadcast(to: shape)
            default:
                throw ScriptError(
                    "formula game '\(name)' returned \(item.typeNameInText) as the loss of agent \(seat); "
                        + "a number expected", at: span)
            }
        }
    }
}

extension [LearningStep] {
    /// Appends `count` epochs of `rule` on `game`, joining the last step when it was the same.
    mutating func record(_ count: Int, rule: Value, game: Value) {
        guard count > 0 else { return }
        let epochs = last?.last ?? 0
        if let last, Provenance.text(last.rule) == Provenance.text(rule),
            Provenance.text(last.game) == Provenance.text(game)
        {
            self[self.count - 1] = LearningStep(rule: rule, game: game, first: last.first, last: last.last + count)
        } else {
            append(LearningStep(rule: rule, game: game, first: epochs + 1, last: epochs + count))
        }
    }
}
