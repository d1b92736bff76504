import Foundation
import Runtime
import TensorLayer

/// Numbers that carry gradients (`Value.differentiable`): how arithmetic and the math builtins
/// build their tensors, and the one wording of "this has no gradient".
///
/// A formula game's function sees each parameter as such a number; every operation on it
/// records a node of the tensor layer's graph, so the rules can differentiate the losses to
/// any order. Plain numbers never come here: their operations stay as they were.
enum Differentiable {
    /// The highest order of derivative that `taylor` keeps exact. The rules take at most the
    /// second (LOLA differentiates through a gradient step); a rule that differentiated a
    /// Hessian once more would take the third.
    static let exactOrder = 6

    /// A plain number as a constant tensor, a differentiable one as its tensor, else nil.
    static func tensor(_ value: Value) -> Tensor<Double>? {
        switch value {
        case .number(let x): Tensor(x)
        case .differentiable(let t): t
        default: nil
        }
    }

    /// The number a differentiable value holds now (its first run's, the only one at the prompt).
    static func number(_ t: Tensor<Double>) -> Double { t.scalars[0] }

    /// The error for using a differentiable number where no gradient exists: `what` names the
    /// use ("a condition", "a comparison with '<'", "argument 'x' to round").
    static func refusal(_ what: String, at span: SourceSpan) -> ScriptError {
        ScriptError(
            "cannot differentiate \(what): it depends on a formula game's parameters", at: span,
            notes: [
                "write the losses as smooth formulas: + - * / ^, exp, log, sqrt, sin, cos, tanh, sigmoid, "
                    + "and abs, min, max away from 0 and ties"
            ])
    }

    /// `left op right` where at least one side is differentiable and both are numbers; nil when
    /// that is not the case (the caller reports its usual type error).
    static func arithmetic(_ op: BinaryOp, _ left: Value, _ right: Value, _ span: SourceSpan) throws -> Value? {
        guard left.isDifferentiable || right.isDifferentiable, let a = tensor(left), let b = tensor(right) else {
            return nil
        }
        let result: Tensor<Double>
        switch op {
        case .add: result = a + b
        case .subtract: result = a - b
        case .multiply: result = a * b
        case .divide:
            guard b.scalars.allSatisfy({ $0 != 0 }) else { throw ScriptError("division by zero", at: span) }
            result = a / b
        case .power: result = try power(a, b, right, span)
        case .remainder: throw refusal("a remainder ('%')", at: span)
        default: return nil
        }
        guard result.isFinite else {
            let what = result.scalars.contains { $0.isNaN } ? "is not a number" : "overflows"
            throw ScriptError(
                "\(NumberFormat.shortest(number(a))) \(op.rawValue) \(NumberFormat.shortest(number(b))) \(what)",
                at: span)
        }
        return .differentiable(result)
    }

    /// `a ^ b`: whole constant exponents by repeated products (any sign of `a`); other
    /// constant exponents by their Taylor polynomial, and differentiable ones as
    /// `exp(b log a)`, both for `a > 0` only (elsewhere `a ^ b` is not a real function of both).
    private static func power(_ a: Tensor<Double>, _ b: Tensor<Double>, _ exponent: Value, _ span: SourceSpan) throws
        -> Tensor<Double>
    {
        if case .number(let p) = exponent, let n = Int(exactly: p), n.magnitude <= 1 << 20 {
            if n < 0, a.scalars.contains(0) { throw ScriptError("division by zero", at: span) }
            let magnitude = wholePower(a, n.magnitude)
            return n < 0 ? Tensor(1.0) / magnitude : magnitude
        }
        guard a.scalars.allSatisfy({ $0 > 0 }) else {
            throw ScriptError(
                "\(NumberFormat.shortest(number(a))) ^ \(NumberFormat.shortest(number(b))) has no gradient "
                    + "(a power with a fractional or parameter exponent needs a base > 0)", at: span)
        }
        guard case .number(let p) = exponent else { return (b * a.log()).exp() }
        return fractionalPower(a, p) { Foundation.pow($0, p) }
    }

    /// `a^p` for `a > 0` as its Taylor polynomial; `value` computes `c^p` itself (`sqrt` is
    /// more exact than `pow(c, 0.5)`).
    static func fractionalPower(_ a: Tensor<Double>, _ p: Double, value: (Double) -> Double) -> Tensor<Double> {
        taylor(a) { c in
            // c_k = (p choose k) c^(p - k): the binomial series of (c + d)^p.
            var coefficients = [value(c)]
            for k in 1...exactOrder {
                coefficients.append(coefficients[k - 1] * (p - Double(k - 1)) / (Double(k) * c))
            }
            return coefficients
        }
    }

    /// `a^n` in about `2 log2 n` products (`a^0` is ones of `a`'s shape).
    private static func wholePower(_ a: Tensor<Double>, _ n: UInt) -> Tensor<Double> {
        var result: Tensor<Double>?
        var base = a
        var rest = n
        while rest > 0 {
            if rest & 1 == 1 { result = result.map { $0 * base } ?? base }
            rest >>= 1
            if rest > 0 { base = base * base }
        }
        return result ?? Tensor.ones(a.shape)
    }

    /// `f(x)` as its Taylor polynomial about the value `x` holds now: `sum_k c_k d^k` in
    /// `d = x - x0`, with `x0` that value as a constant, so `d` is 0 with derivative 1.
    ///
    /// The polynomial's value is exactly `c_0 = f(x0)`, and its derivatives at `x0` are
    /// exactly f's up to order `exactOrder`: every derivative the graph will be asked for is
    /// taken at the point where it was recorded. This gives `sin`, `cos` and fractional powers
    /// exact gradients of every order the rules use from the tensor layer's public operations.
    /// - Parameter coefficients: `[f(x0), f'(x0), f''(x0) / 2!, ..., f^(K)(x0) / K!]`.
    static func taylor(_ x: Tensor<Double>, _ coefficients: (Double) -> [Double]) -> Tensor<Double> {
        let perElement = x.scalars.map(coefficients)
        let terms = (0...exactOrder).map { k in Tensor(shape: x.shape, scalars: perElement.map { $0[k] }) }
        let d = x - x.detached()
        var result = terms[exactOrder]
        for k in stride(from: exactOrder - 1, through: 0, by: -1) { result = result * d + terms[k] }
        return result
    }

    /// The coefficients of `sin` (`phase` 0) or `cos` (`phase` 1) about `c`: the derivatives
    /// cycle through sin, cos, -sin, -cos.
    static func sineCoefficients(_ c: Double, phase: Int) -> [Double] {
        let cycle = [Foundation.sin(c), Foundation.cos(c), -Foundation.sin(c), -Foundation.cos(c)]
        var factorial = 1.0
        return (0...exactOrder).map { k in
            if k > 0 { factorial *= Double(k) }
            return cycle[(k + phase) % 4] / factorial
        }
    }
}

extension Value {
    var isDifferentiable: Bool {
        if case .differentiable = self { true } else { false }
    }

    /// Whether this value is, or holds in its lists and records, a differentiable number.
    var dependsOnParameters: Bool {
        switch self {
        case .differentiable: true
        case .list(let items): items.contains { $0.dependsOnParameters }
        case .record(let fields): fields.contains { $0.1.dependsOnParameters }
        default: false
        }
    }

    /// `isTruthy` for a condition at `span`, refusing a differentiable number: a branch on a
    /// parameter has no gradient. The span is computed only for the error: every `if` and
    /// `while` of a plain script passes through here.
    /// One switch, as `isTruthy`'s, so a plain condition costs what it did.
    @inline(__always)
    func truth(at span: @autoclosure () -> SourceSpan) throws -> Bool {
        switch self {
        case .bool(let b): return b
        case .none: return false
        case .number(let x): return x != 0
        case .differentiable: throw Differentiable.refusal("a condition", at: span())
        default: return true
        }
    }
}

/// The math builtins on differentiable numbers that the tensor layer has no operation for:
/// each returns nil where the function has no derivative.
enum DifferentiableMath {
    /// `x` times its sign, a constant: the gradient is +-1, and there is none at 0.
    @Sendable static func abs(_ x: Tensor<Double>) -> Tensor<Double>? {
        guard !x.scalars.contains(0) else { return nil }
        return x * Tensor(shape: x.shape, scalars: x.scalars.map { $0 < 0 ? -1 : 1 })
    }

    /// `x^(1/2)` as its Taylor polynomial; none at 0, where the slope is infinite.
    @Sendable static func squareRoot(_ x: Tensor<Double>) -> Tensor<Double>? {
        guard x.scalars.allSatisfy({ $0 > 0 }) else { return nil }
        return Differentiable.fractionalPower(x, 0.5) { $0.squareRoot() }
    }

    @Sendable static func sin(_ x: Tensor<Double>) -> Tensor<Double>? {
        Differentiable.taylor(x) { Differentiable.sineCoefficients($0, phase: 0) }
    }

    @Sendable static func cos(_ x: Tensor<Double>) -> Tensor<Double>? {
        Differentiable.taylor(x) { Differentiable.sineCoefficients($0, phase: 1) }
    }
}
