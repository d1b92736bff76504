import Runtime
import TensorLayer

extension Builtins {
    static let formulaGames: [Builtin] = [
        Builtin(
            "formula_game",
            "A game written as formulas: a function of one argument per agent returning every agent's loss "
                + "(minimised; V = -loss). Every rule without model: applies; POLA's proximal term is the squared distance.",
            [
                .positional(
                    "losses", .any,
                    "fn f(x, y) { return [loss0, loss1] }: one argument per agent (a list for a point of several)")
            ],
            example: "g = formula_game(tandem)"
        ) { args, _ in
            guard case .function(let function) = args.value("losses")! else {
                throw args.bad(
                    "losses", "a function written with fn expected", got: Render.inline(args.value("losses")!))
            }
            guard function.declaration.parameters.count >= 1 else {
                throw args.bad("losses", "a function of one argument per agent expected", got: "no arguments")
            }
            return .formulaGame(FormulaGameValue(losses: function))
        },
        Builtin(
            "point", "An agent of a formula game: a point of real numbers, its parameters, used as they are.",
            [
                .positional("game", .anyGame, "a formula game"),
                .positional("at", .numberOrNumbers, "its parameters: a number, or a list for several"),
            ],
            example: "x = point(g, 0.5)"
        ) { args, _ in
            guard case .formulaGame = args.value("game")! else {
                throw args.bad("game", "a formula game expected", got: args.value("game")!.typeName)
            }
            let numbers = args.numbers("at")!
            guard !numbers.isEmpty, numbers.allSatisfy(\.isFinite) else {
                throw args.bad("at", "one or more finite numbers expected")
            }
            guard numbers.count <= 10_000 else { throw args.bad("at", "at most 10000 numbers expected") }
            let at: Value = numbers.count == 1 ? .number(numbers[0]) : .list(numbers.map(Value.number))
            return .agent(
                AgentBox(.point(FormulaGame.Player(numbers)), made: .record([("name", .string("point")), ("at", at)])))
        },
    ]

    /// `value` on a formula game: every agent's value, minus its loss, at the seated points.
    static func formulaValue(_ args: CallArguments, _ interpreter: Interpreter, _ formula: FormulaGameValue) throws
        -> Value
    {
        let boxes = try args.seatedAgents(.formula(formula))
        let points = boxes.map { $0.player(FormulaGame.Player.self)! }
        let losses = try formula.game(interpreter, at: args.span).losses(of: points)[0]
        return .list(losses.map { .number(-$0) })
    }
}
