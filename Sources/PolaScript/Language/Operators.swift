import Glibc
import TensorLayer

/// Arithmetic and comparison on values.
///
/// Arithmetic on finite numbers that yields a non-finite one (overflow, division by zero) is an
/// error, not a silent `inf` or `nan`: a calculator that knows game theory should say so.
enum Operators {
    static func unary(_ op: UnaryOp, _ value: Value, _ span: SourceSpan) throws -> Value {
        switch (op, value) {
        case (.negate, .number(let x)): return .number(-x)
        case (.not, _): return .bool(!(try value.truth(at: span)))
        default:
            if case .differentiable(let x) = value { return .differentiable(-x) }
            throw ScriptError("cannot apply '\(op.rawValue)' to a \(value.typeName)", at: span)
        }
    }

    static func binary(_ op: BinaryOp, _ left: Value, _ right: Value, _ span: SourceSpan) throws -> Value {
        switch op {
        case .equal, .notEqual:
            if case .number(let a) = left, case .number(let b) = right { return .bool((a == b) == (op == .equal)) }
            // A number that depends on parameters would compare by its current value, silently
            // cutting the gradient: refused like every comparison. Such a value never equals
            // anything, so only an unequal pair needs the search.
            let same = equal(left, right)
            if !same, left.dependsOnParameters || right.dependsOnParameters {
                throw Differentiable.refusal("a comparison with '\(op.rawValue)'", at: span)
            }
            return .bool(same == (op == .equal))
        case .less, .lessEqual, .greater, .greaterEqual: return .bool(try compare(op, left, right, span))
        case .add:
            switch (left, right) {
            case (.string(let a), .string(let b)): return .string(a + b)
            case (.list(let a), .list(let b)):
                guard a.count + b.count <= Interpreter.maximumListLength else {
                    throw ScriptError("list would hold more than \(Interpreter.maximumListLength) elements", at: span)
                }
                return .list(a + b)
            default: return try arithmetic(op, left, right, span) { $0 + $1 }
            }
        case .subtract: return try arithmetic(op, left, right, span) { $0 - $1 }
        case .multiply: return try arithmetic(op, left, right, span) { $0 * $1 }
        case .divide:
            if case .number(let divisor) = right, divisor == 0, case .number = left {
                throw ScriptError("division by zero", at: span)
            }
            return try arithmetic(op, left, right, span) { $0 / $1 }
        case .remainder:
            if case .number(let divisor) = right, divisor == 0, case .number = left {
                throw ScriptError("remainder of division by zero", at: span)
            }
            // Floored, so the result has the divisor's sign: -1 % 3 == 2.
            return try arithmetic(op, left, right, span) { $0 - $1 * ($0 / $1).rounded(.down) }
        case .power: return try arithmetic(op, left, right, span) { pow($0, $1) }
        }
    }

    private static func arithmetic(
        _ op: BinaryOp, _ left: Value, _ right: Value, _ span: SourceSpan, _ body: (Double, Double) -> Double
    ) throws -> Value {
        guard case .number(let a) = left, case .number(let b) = right else {
            if let result = try Differentiable.arithmetic(op, left, right, span) { return result }
            throw ScriptError("cannot apply '\(op.rawValue)' to a \(left.typeName) and a \(right.typeName)", at: span)
        }
        let result = body(a, b)
        if !result.isFinite, a.isFinite, b.isFinite {
            let what = result.isNaN ? "is not a number" : "overflows"
            throw ScriptError(
                "\(NumberFormat.shortest(a)) \(op.rawValue) \(NumberFormat.shortest(b)) \(what)", at: span)
        }
        return .number(result)
    }

    private static func compare(_ op: BinaryOp, _ left: Value, _ right: Value, _ span: SourceSpan) throws -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)): return order(op, a, b)
        case (.string(let a), .string(let b)): return order(op, a, b)
        case (.differentiable, _), (_, .differentiable):
            throw Differentiable.refusal("a comparison with '\(op.rawValue)'", at: span)
        default:
            throw ScriptError(
                "cannot compare a \(left.typeName) with a \(right.typeName) using '\(op.rawValue)'", at: span)
        }
    }

    private static func order<T: Comparable>(_ op: BinaryOp, _ a: T, _ b: T) -> Bool {
        switch op {
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        default: a >= b
        }
    }

    /// Structural equality for plain data; identity for agents; never equal across types.
    static func equal(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.none, .none): true
        case (.list(let a), .list(let b)): a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.record(let a), .record(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && equal($0.1, $1.1) }
        case (.agent(let a), .agent(let b)): a === b
        case (.policy(let a), .policy(let b)): a.probabilities == b.probabilities
        case (.game(let a), .game(let b)): a == b
        case (.builtin(let a), .builtin(let b)): a.name == b.name
        default: false
        }
    }
}
