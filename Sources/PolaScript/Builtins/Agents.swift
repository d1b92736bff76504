import Runtime
import TensorLayer

extension Builtins {
    static let agents: [Builtin] = [
        Builtin(
            "tabular", "An agent with one logit per state (probability = sigmoid(logit)).",
            tabularParameters(game: "the game it plays", drawn: "logits", given: "explicit logits, one per state"),
            example: "a = tabular(g, seed: 1)"
        ) { args, interpreter in
            try tabularAgent(args, interpreter, preconditioned: false)
        },
        Builtin(
            "precond", "A preconditioned tabular agent: every other state's logit is shifted by -2 x the DD logit.",
            tabularParameters(
                game: "a 2-agent game", drawn: "parameters", given: "explicit raw parameters (before preconditioning)"),
            example: "a = precond(g, seed: 2)"
        ) { args, interpreter in
            try tabularAgent(args, interpreter, preconditioned: true)
        },
        Builtin(
            "mlp", "A neural-network agent: one-hot actions -> Linear -> tanh -> ... -> Linear -> sigmoid.",
            [
                .positional("game", .game, "the game it plays"),
                .keyword(
                    "hidden", .numberOrNumbers, default: .whole(16),
                    "hidden width, or a list of widths for more layers (read from weights: when given)"),
                .keyword(
                    "seed", .wholeNumber, default: .described("session"),
                    "seed of PyTorch-style uniform initialisation (see seed())"),
                .keyword(
                    "weights", .list, default: .described("random"),
                    "[W1, b1, W2, b2, ...], each W a list of rows (outputs x inputs)"),
                .keyword("precond", .bool, default: .bool(false), "scale the output logit by 0.33 (and 6 more in DD)"),
            ],
            example: "a = mlp(g, hidden: 16, seed: 1)"
        ) { args, interpreter in
            try neuralAgent(args, interpreter)
        },
        Builtin(
            "policy",
            "An agent's probability of cooperating in each state (a strategy's from its own side: my move first).",
            [.positional("agent", .agent, "an agent of an exact game")], example: "policy(a)"
        ) { args, _ in
            .policy(policyTable(try args.agent("agent", of: .exact)!))
        },
        Builtin(
            "params", "An agent's parameters: its logits, its network's [W1, b1, W2, b2, ...], or a point's numbers.",
            [.positional("agent", .agent, "an agent of an exact game, or a point")], example: "params(a)"
        ) { args, _ in
            let box = args.agent("agent")!
            switch box.body {
            case .exact: return parameterList(box)
            case .point(let point): return .list(point.parameters[0].scalars.map(Value.number))
            case .sampled:
                var error = args.bad("agent", "an agent of an exact game, or a point, expected", got: "a GRU agent")
                error.notes = [
                    "a GRU agent's parameters are two networks of many tensors; save(path, a) keeps them whole"
                ]
                throw error
            }
        },
        Builtin(
            "copy", "A new agent with the same parameters, history and models, updated independently (any kind).",
            [.positional("agent", .agent, "an agent")], example: "a2 = copy(a)"
        ) { args, _ in
            .agent(args.agent("agent")!.copy())
        },
        Builtin(
            "model", "An agent's opponent model of the agent in a seat; with a third argument, sets it.",
            [
                .positional("agent", .agent, "the modelling agent"),
                .positional("seat", .wholeNumber, "the seat modelled (0 first), not its own in its last step"),
                .positional(
                    "model", .agent, default: .nothing, "an agent whose policy and parameters become the model"),
            ],
            example: "model(a, 1, tabular(g, logits: [0, 0, 0, 0, 0]))"
        ) { args, _ in
            let box = try args.agent("agent", of: .exact)!
            let seat = try args.whole("seat", in: 0...(seatCount(box) - 1), as: "a seat")
            guard let given = try args.agent("model", of: .exact) else {
                guard seat < box.models.count, let model = box.models[seat] else {
                    throw ScriptError(
                        "this agent has no model of seat \(seat) yet", at: args.span,
                        notes: [
                            "models appear after a step with model: \"tabular\" (or another kind), or set one: model(a, \(seat), m)"
                        ])
                }
                return .agent(
                    AgentBox(
                        agent: model, origin: "\(model.policy.kind) model of seat \(seat), held by \(box.origin)",
                        states: box.stateNames))
            }
            try checkModel(given, of: seat, heldBy: box, args)
            while box.models.count <= seat { box.models.append(nil) }
            box.models[seat] = given.agent
            return .none
        },
        Builtin(
            "kl", "KL(p || q) between two agents' policies, summed over states (the proximal term of POLA).",
            [.positional("p", .agent, "the reference agent"), .positional("q", .agent, "the compared agent")],
            example: "kl(before, a)"
        ) { args, _ in
            let p = try args.agent("p", of: .exact)!.agent
            let q = try args.agent("q", of: .exact)!.agent
            guard p.logits().shape == q.logits().shape else {
                throw args.bad("q", "an agent over the same states as p expected", got: "\(q.logits().shape[1]) states")
            }
            return .number(klDivergence(target: p.logits(), current: q.logits()).scalars[0])
        },
        Builtin(
            "value", "Every agent's exact discounted value (a formula game's: minus its loss).",
            [.positional("game", .anyGame, "the game"), .variadic("agents", .agent, "one agent per seat")],
            example: "value(g, a, b)"
        ) { args, interpreter in
            if case .formulaGame(let formula) = args.value("game")! {
                return try formulaValue(args, interpreter, formula)
            }
            if case .sampledGame = args.value("game")! {
                var error = args.bad("game", "an exact or formula game expected", got: "a sampled game")
                error.notes = ["a sampled game has no exact value: evaluate(g, a, b) estimates the agents' scores"]
                throw error
            }
            guard let game = args.game("game") else {
                throw args.bad("game", "an exact or formula game expected", got: args.value("game")!.typeName)
            }
            let boxes = try seats(args, game)
            let values = game.values(logits: boxes.map { $0.agent.logits().detached() })
            return .list(values.scalars.map(Value.number))
        },
        Builtin(
            "tft",
            "Whether two agents play tit-for-tat as the paper judges it (both retaliate, mean value more than 80% of "
                + "the way from mutual defection's to mutual cooperation's).",
            [.positional("game", .game, "a 2-agent game"), .variadic("agents", .agent, "the two agents")],
            example: "tft(g, a, b)"
        ) { args, _ in
            let game = args.game("game")!
            let boxes = try seats(args, game)
            guard game.agents == 2 else {
                throw args.bad("game", "a 2-agent game expected", got: "\(game.agents) agents")
            }
            let policies = boxes.map { $0.agent.probabilities().scalars }
            let values = game.values(logits: boxes.map { $0.agent.logits().detached() }).scalars
            return .bool(Judgement.isTitForTat(game: game, policies: policies, values: values))
        },
    ]

    /// The parameters of `tabular` and `precond`, which make the same policy but for its
    /// preconditioning: the help says what `game` must be, what the random draw makes (`drawn`)
    /// and what `logits:` gives instead (`given`).
    private static func tabularParameters(game: String, drawn: String, given: String) -> [Parameter] {
        [
            .positional("game", .game, game),
            .keyword(
                "seed", .wholeNumber, default: .described("session"), "seed of the random normal \(drawn) (see seed())"),
            .keyword("std", .number, default: .number(0.1), "standard deviation of the random \(drawn)"),
            .keyword("logits", .numbers, default: .described("random"), given),
        ]
    }

    /// Seats in the games an exact agent plays: a game of n agents has 2^n + 1 states.
    static func seatCount(_ box: AgentBox) -> Int { (box.agent.logits().shape[1] - 1).trailingZeroBitCount }

    /// Its probabilities per state; a strategy's from its own side (as it plays seat 0).
    static func policyTable(_ box: AgentBox) -> PolicyTable {
        let agent = box.agent.seated(0)
        let states = agent.logits().shape[1]
        let names = box.stateNames ?? (0..<states).map { "s\($0)" }
        return PolicyTable(states: names, probabilities: Array(agent.probabilities().scalars.prefix(states)))
    }

    static func parameterList(_ box: AgentBox) -> Value {
        let tensors = box.agent.parameters.map { t in
            Tensor(shape: Array(t.shape.dropFirst()), scalars: t.scalars)
        }
        func nested(_ t: Tensor<Double>) -> Value {
            if t.rank <= 1 { return .list(t.scalars.map(Value.number)) }
            let width = t.shape[1]
            return .list(
                (0..<t.shape[0]).map { r in .list(t.scalars[(r * width)..<((r + 1) * width)].map(Value.number)) })
        }
        if box.agent.policy is TabularPolicy { return nested(tensors[0]) }
        return .list(tensors.map(nested))
    }

    /// The agents given after the game, checked against it: one per seat, each made for a game
    /// with the same states, none twice.
    /// An agent models the others: not itself, in the seat it last took, and only agents over
    /// the states it plays.
    private static func checkModel(_ model: AgentBox, of seat: Int, heldBy box: AgentBox, _ args: CallArguments)
        throws
    {
        if seat == box.lastSeat {
            var error = args.bad("seat", "an opponent's seat expected", got: "\(seat), its own seat in its last step")
            error.notes = ["an agent has no model of itself; model the agents in the other seats"]
            throw error
        }
        let (states, expected) = (model.agent.logits().shape[1], box.agent.logits().shape[1])
        guard states == expected else {
            throw args.bad("model", "an agent over \(expected) states expected", got: "\(states) states")
        }
    }

    /// The agents given after an exact game, checked (`seatedAgents`), each seated where it sits.
    static func seats(_ args: CallArguments, _ game: ContributionGame) throws -> [AgentBox] {
        let boxes = try args.seatedAgents(.exact(game))
        // A strategy written from its own side reads the game's states by the seat it takes now.
        for (seat, box) in boxes.enumerated() { box.agent = box.agent.seated(seat) }
        return boxes
    }

    private static func tabularAgent(_ args: CallArguments, _ interpreter: Interpreter, preconditioned: Bool) throws
        -> Value
    {
        let game = args.game("game")!
        try requireSeedAlone(args, without: "logits")
        let name = preconditioned ? "precond" : "tabular"
        if preconditioned, game.agents != 2 {
            throw args.bad(
                "game", "a 2-agent game expected (the paper's preconditioning is 5 x 5)", got: "\(game.agents) agents")
        }
        let std = args.number("std")
        guard std.isFinite, std >= 0 else { throw args.bad("std", "a finite number >= 0 expected") }
        let policy = TabularPolicy(stateCount: game.stateCount, preconditioned: preconditioned, initialStd: std)
        if let logits = args.numbers("logits") {
            guard logits.count == game.stateCount else {
                throw args.bad(
                    "logits", "\(game.stateCount) numbers expected (\(game.stateNames.joined(separator: " ")))",
                    got: "\(logits.count)")
            }
            guard logits.allSatisfy(\.isFinite) else { throw args.bad("logits", "finite numbers expected") }
            let agent = try Agent(policy: policy, single: [Tensor(logits)])
            return .agent(
                AgentBox(
                    agent: agent,
                    made: .record([("name", .string(name)), ("logits", .list(logits.map(Value.number)))]),
                    states: game.stateNames))
        }
        let seed = try agentSeed(args, interpreter)
        let agent = Agent.random(policy: policy, seed: seed)
        return .agent(
            AgentBox(
                agent: agent,
                made: .record([("name", .string(name)), ("seed", .number(Double(seed))), ("std", .number(std))]),
                states: game.stateNames))
    }

    private static func neuralAgent(_ args: CallArguments, _ interpreter: Interpreter) throws -> Value {
        let game = args.game("game")!
        try requireSeedAlone(args, without: "weights")
        let hidden = try hiddenWidths(args)
        guard !hidden.isEmpty,
            hidden.allSatisfy({ $0 >= 1 && $0 <= Double(Builtins.widestLayer) && $0 == $0.rounded() })
        else {
            throw args.bad("hidden", "whole widths from 1 to \(Builtins.widestLayer) expected")
        }
        let preconditioned = args.bool("precond")
        let policy = NeuralPolicy(game: game, hidden: hidden.map { Int($0) }, preconditioned: preconditioned)
        let size = policy.parameterShapes.reduce(0) { $0 + $1.reduce(1, *) }
        guard size <= Builtins.maximumParameters else {
            throw args.bad(
                "hidden", "widths with at most \(Builtins.maximumParameters) parameters in all expected",
                got: "\(size) parameters")
        }
        let widths = hidden.map { NumberFormat.shortest($0) }.joined(separator: ", ")
        if case .list(let items) = args.value("weights") {
            let tensors = try weightTensors(items, shapes: policy.parameterShapes, args)
            let agent = try Agent(policy: policy, single: tensors)
            return .agent(
                AgentBox(agent: agent, origin: "mlp(hidden: [\(widths)], weights: given)", states: game.stateNames))
        }
        let seed = try agentSeed(args, interpreter)
        let agent = Agent.random(policy: policy, seed: seed)
        return .agent(
            AgentBox(
                agent: agent,
                made: .record(
                    [
                        ("name", .string("mlp")), ("hidden", .list(hidden.map(Value.number))),
                        ("seed", .number(Double(seed))),
                    ] + (preconditioned ? [("precond", .bool(true))] : [])),
                states: game.stateNames))
    }

    /// The hidden widths: given, or read from the weights, where each hidden layer's W has one
    /// row per output. Given and read, they must agree.
    private static func hiddenWidths(_ args: CallArguments) throws -> [Double] {
        let given = args.numbers("hidden")
        let fallback = [Double(args.wholeDefault("hidden"))]
        guard case .list(let weights) = args.value("weights"), weights.count >= 4, weights.count % 2 == 0 else {
            return given ?? fallback
        }
        let hiddenLayers = weights.count / 2 - 1
        let inferred = (0..<hiddenLayers).compactMap { k -> Double? in
            guard case .list(let rows) = weights[2 * k], rows.allSatisfy({ if case .list = $0 { true } else { false } })
            else { return nil }
            return Double(rows.count)
        }
        guard inferred.count == hiddenLayers else { return given ?? fallback }
        if let given, given != inferred {
            let widths = inferred.map { NumberFormat.shortest($0) }.joined(separator: ", ")
            throw args.bad("hidden", "the weights' widths [\(widths)] (or no hidden:) expected")
        }
        return inferred
    }

    /// `[W1, b1, W2, b2, ...]` with each W a list of rows, checked against the expected shapes.
    private static func weightTensors(_ items: [Value], shapes: [[Int]], _ args: CallArguments) throws -> [Tensor<
        Double
    >] {
        let expected = shapes.map { $0.map(String.init).joined(separator: " x ") }.joined(separator: ", ")
        guard items.count == shapes.count else {
            throw args.bad("weights", "\(shapes.count) tensors expected (\(expected))", got: "\(items.count)")
        }
        return try zip(items, shapes).enumerated().map { index, pair in
            let (item, shape) = pair
            var scalars = [Double]()
            var rows = 0
            func number(_ value: Value) throws -> Double {
                guard case .number(let x) = value, x.isFinite else {
                    throw args.bad(
                        "weights", "finite numbers expected in tensor \(index + 1)", got: Render.inline(value))
                }
                return x
            }
            guard case .list(let entries) = item else {
                throw args.bad("weights", "a list for tensor \(index + 1) expected", got: item.typeName)
            }
            for entry in entries {
                if case .list(let row) = entry {
                    scalars += try row.map(number)
                    rows += 1
                } else {
                    scalars.append(try number(entry))
                }
            }
            let got = shape.count == 2 ? "\(rows) x \(rows == 0 ? 0 : scalars.count / rows)" : "\(scalars.count)"
            let fits =
                shape.count == 2
                ? rows == shape[0] && scalars.count == shape[0] * shape[1] : rows == 0 && scalars.count == shape[0]
            guard fits else {
                throw args.bad(
                    "weights",
                    "tensor \(index + 1) of shape \(shape.map(String.init).joined(separator: " x ")) expected (all: \(expected))",
                    got: got)
            }
            return Tensor(shape: shape, scalars: scalars)
        }
    }
}
