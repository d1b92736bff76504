import Foundation
import Runtime
import TensorLayer

extension Builtins {
    static let core: [Builtin] = [
        Builtin(
            "print", "Writes values separated by spaces, then a line break.",
            [.variadic("values", .any, "anything")], example: "print(\"V0 =\", value(g, a, b)[0])"
        ) { args, interpreter in
            interpreter.host.write(args.rest.map { Render.display($0.value) }.joined(separator: " ") + "\n")
            return .none
        },
        Builtin(
            "show", "Writes a value in full: every row of a table, with how it was made.",
            [.positional("value", .any, "anything")], example: "show(t)"
        ) { args, interpreter in
            let value = args.value("value")!
            if case .table(let table) = value {
                let provenance = table.provenance.map { "# \($0.0): \(Provenance.text($0.1))" }.joined(separator: "\n")
                interpreter.host.write(provenance + "\n" + Render.tableText(table, limit: nil) + "\n")
            } else {
                interpreter.host.write(Render.display(value) + "\n")
            }
            return .none
        },
        Builtin(
            "len", "The number of elements of a list or string, or rows of a table.",
            [.positional("value", .any, "a list, string, table or policy")], example: "len([1, 2, 3])"
        ) { args, _ in
            switch args.value("value")! {
            case .list(let items): return .number(Double(items.count))
            case .string(let text): return .number(Double(text.count))
            case .table(let table): return .number(Double(table.rows.count))
            case .policy(let table): return .number(Double(table.probabilities.count))
            case let other: throw args.bad("value", "list, string, table or policy expected", got: other.typeName)
            }
        },
        math("abs", "Absolute value.", tensor: DifferentiableMath.abs) { abs($0) },
        math(
            "sqrt", "Square root.", domain: { $0 >= 0 }, "number >= 0 expected", tensor: DifferentiableMath.squareRoot
        ) { $0.squareRoot() },
        math("exp", "e raised to a power.", tensor: { $0.exp() }) { Foundation.exp($0) },
        math("log", "Natural logarithm.", domain: { $0 > 0 }, "number > 0 expected", tensor: { $0.log() }) {
            Foundation.log($0)
        },
        math("sigmoid", "1 / (1 + e^-x): a logit as a probability.", tensor: { $0.sigmoid() }) {
            1 / (1 + Foundation.exp(-$0))
        },
        math("tanh", "Hyperbolic tangent.", tensor: { $0.tanh() }) { Foundation.tanh($0) },
        math("sin", "Sine (of radians).", tensor: DifferentiableMath.sin) { Foundation.sin($0) },
        math("cos", "Cosine (of radians).", tensor: DifferentiableMath.cos) { Foundation.cos($0) },
        reduction(
            "sum", "The sum of a list of numbers (0 for an empty list).", empty: 0,
            tensor: { $0.dropFirst().reduce($0[0], +) }
        ) { $0.reduce(0, +) },
        reduction(
            "mean", "The mean of a list of numbers.", tensor: { $0.dropFirst().reduce($0[0], +) / Double($0.count) }
        ) { $0.reduce(0, +) / Double($0.count) },
        extreme("min", "The smallest of several numbers, or of a list of numbers.") { $0.min()! },
        extreme("max", "The largest of several numbers, or of a list of numbers.") { $0.max()! },
        Builtin(
            "round", "Rounds to a number of decimals (halves away from zero).",
            numberAndDigits(default: 0, "decimals to keep"),
            example: "round(3.14159, digits: 2)"
        ) { args, _ in
            let scale = Foundation.pow(10, Double(try decimals(args)))
            return .number((args.number("x") * scale).rounded() / scale)
        },
        Builtin(
            "fixed", "A number as text with a fixed number of decimals, for aligned output.",
            numberAndDigits(default: 2, "decimals to write, 0 to 15"),
            example: "fixed(2 / 3, digits: 3)"
        ) { args, _ in
            .string(NumberFormat.fixed(args.number("x"), decimals: try decimals(args)))
        },
        Builtin(
            "str", "A value as text, as print would write it.", [.positional("value", .any, "anything")],
            example: "str(0.1)"
        ) { args, _ in
            // Text is no function of the parameters: a formula that converts one has no gradient.
            if args.value("value")!.dependsOnParameters {
                throw Differentiable.refusal("argument 'value' to str", at: args.spanOf("value"))
            }
            return .string(Render.display(args.value("value")!))
        },
        Builtin(
            "type", "The name of a value's type.", [.positional("value", .any, "anything")],
            example: "type(ipd(cf: 1.3))"
        ) { args, _ in .string(args.value("value")!.typeName) },
        Builtin(
            "append", "A new list with a value added at the end.",
            [.positional("list", .list, "a list"), .positional("value", .any, "anything")],
            example: "xs = append(xs, 3)"
        ) { args, interpreter in
            guard case .list(let items) = args.value("list")!, items.count < Interpreter.maximumListLength else {
                throw args.bad(
                    "list", "list shorter than \(Interpreter.maximumListLength) expected", got: "a full list")
            }
            return try interpreter.makeList(items + [args.value("value")!], at: args.span)
        },
        Builtin(
            "seconds", "Seconds on a monotonic clock, for timing work: t0 = seconds() ... seconds() - t0.",
            example: "t0 = seconds()"
        ) { _, _ in
            .number(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
        },
    ]

    /// The parameters of `round` and `fixed`: a number and how many decimals of it, 0 to 15
    /// (`decimals` reads them).
    private static func numberAndDigits(default digits: Int, _ help: String) -> [Parameter] {
        [.positional("x", .number, "a number"), .keyword("digits", .wholeNumber, default: .whole(digits), help)]
    }

    /// The decimals `digits:` asks for, 0 to 15, or the one message both builtins give.
    private static func decimals(_ args: CallArguments) throws -> Int {
        try args.whole("digits", in: 0...15, as: nil)
    }

    /// A function of one number; of a differentiable number too, through `tensor` (nil where
    /// it has no derivative, such as abs at 0), after the same domain and finiteness checks.
    private static func math(
        _ name: String, _ summary: String, domain: @escaping @Sendable (Double) -> Bool = { _ in true },
        _ expected: String = "", tensor: @escaping @Sendable (Tensor<Double>) -> Tensor<Double>?,
        _ body: @escaping @Sendable (Double) -> Double
    ) -> Builtin {
        Builtin(name, summary, [.positional("x", .differentiableNumber, "a number")], example: "\(name)(2)") {
            args, _ in
            // One look-up, and no tensor for a plain number: plain scripts pay nothing for this.
            let x: Double
            var differentiable: Tensor<Double>?
            switch args.value("x")! {
            case .number(let number): x = number
            case .differentiable(let t): (x, differentiable) = (Differentiable.number(t), t)
            default: x = .nan
            }
            guard domain(x) else { throw args.bad("x", expected, got: NumberFormat.shortest(x)) }
            let y = body(x)
            guard y.isFinite || !x.isFinite else {
                throw args.bad("x", "a number whose \(name) is finite expected", got: NumberFormat.shortest(x))
            }
            guard let differentiable else { return .number(y) }
            guard let result = tensor(differentiable) else {
                throw args.bad("x", "a number where \(name) has a gradient expected", got: NumberFormat.shortest(x))
            }
            return .differentiable(result)
        }
    }

    /// A builtin of one list of numbers; `empty` is its value for `[]` (nil: an error). `tensor`
    /// computes it when some of the numbers are differentiable, so the gradient reaches each.
    private static func reduction(
        _ name: String, _ summary: String, empty: Double? = nil,
        tensor: @escaping @Sendable ([Tensor<Double>]) -> Tensor<Double>,
        _ body: @escaping @Sendable ([Double]) -> Double
    ) -> Builtin {
        Builtin(
            name, summary, [.positional("values", .differentiableNumbers, "a list of numbers")],
            example: "\(name)([1, 2, 3])"
        ) { args, _ in
            if case .list(let items) = args.value("values")!, items.contains(where: \.isDifferentiable) {
                return .differentiable(tensor(items.compactMap(Differentiable.tensor)))
            }
            let values = args.numbers("values")!
            if values.isEmpty, let empty { return .number(empty) }
            guard !values.isEmpty else { throw args.bad("values", "a non-empty list expected", got: "[]") }
            return .number(body(values))
        }
    }

    /// `min`/`max`: of several numbers (`max(1, 2, 3)`) or of one list of numbers (`max(xs)`).
    private static func extreme(_ name: String, _ summary: String, _ body: @escaping @Sendable ([Double]) -> Double)
        -> Builtin
    {
        Builtin(
            name, summary, [.variadic("values", .any, "numbers, or one list of numbers")],
            example: "\(name)(1, 2, 3)"
        ) { args, _ in
            // One argument is a collection of numbers; several are the numbers themselves.
            var items = args.rest.map(\.value)
            if args.rest.count == 1 {
                switch args.rest[0].value {
                case .list(let list): items = list
                case .policy(let table): items = table.probabilities.map(Value.number)
                default: break
                }
            }
            var values = [Double]()
            for (k, item) in items.enumerated() {
                guard case .number(let x) = item else {
                    // Looked for only past the plain numbers, so plain calls pay nothing for it.
                    if items.contains(where: \.isDifferentiable) {
                        return try pickDifferentiable(name, items, args, body)
                    }
                    throw ScriptError(
                        "bad argument to \(name) (numbers or one list of numbers expected, got \(item.typeNameInText))",
                        at: args.rest[args.rest.count == 1 ? 0 : k].span)
                }
                values.append(x)
            }
            guard !values.isEmpty else {
                throw ScriptError("\(name) of nothing: give numbers or a non-empty list", at: args.span)
            }
            return .number(body(values))
        }
    }

    /// `min`/`max` over numbers some of which are differentiable: the extreme one itself, so
    /// its gradient flows; refused at a tie, where the choice (and the gradient) jumps.
    private static func pickDifferentiable(
        _ name: String, _ items: [Value], _ args: CallArguments, _ extreme: ([Double]) -> Double
    ) throws -> Value {
        var tensors = [Tensor<Double>]()
        for (k, item) in items.enumerated() {
            guard let t = Differentiable.tensor(item) else {
                throw ScriptError(
                    "bad argument to \(name) (numbers or one list of numbers expected, got \(item.typeNameInText))",
                    at: args.rest[args.rest.count == 1 ? 0 : k].span)
            }
            tensors.append(t)
        }
        let numbers = tensors.map(Differentiable.number)
        let best = extreme(numbers)
        let chosen = numbers.indices.filter { numbers[$0] == best }
        guard chosen.count == 1 else {
            throw ScriptError(
                "\(name) has no gradient where its arguments tie (\(NumberFormat.shortest(best)) twice)", at: args.span)
        }
        return items[chosen[0]]
    }
}
