import Runtime
import TensorLayer

/// Fixed memory-one strategies (TFT, GRIM, WSLS, ALLC, ALLD, or any table) and round-robin
/// tournaments of exact values.
extension Builtins {
    static let strategies: [Builtin] = [
        Builtin(
            "strategy",
            "A fixed (non-learning) memory-one strategy of a 2-agent game: \"TFT\", \"GRIM\" (cooperates only "
                + "after CC, which is grim trigger exactly), \"WSLS\", \"ALLC\" or \"ALLD\"; plays either seat.",
            [.positional("kind", .string, "\"TFT\", \"GRIM\", \"WSLS\", \"ALLC\" or \"ALLD\"")],
            example: "s = strategy(\"TFT\")"
        ) { args, _ in
            let text = args.string("kind")!
            guard let name = NamedStrategy(rawValue: text.uppercased()) else {
                let names = NamedStrategy.allCases.map { Render.quoted($0.rawValue) }
                throw args.bad("kind", names.joined(separator: ", ") + " expected", got: Render.quoted(text))
            }
            return strategyAgent(
                MemoryOneStrategy(name), made: [("name", .string("strategy")), ("kind", .string(name.rawValue))])
        },
        Builtin(
            "memory_one",
            "A fixed memory-one strategy from its own side: probabilities of cooperating after (my move, the "
                + "other's move) DD, DC, CD, CC, whichever seat it takes.",
            [
                .positional("probabilities", .numbers, "[pDD, pDC, pCD, pCC], each from 0 to 1"),
                .keyword("start", .number, default: .number(1), "probability of cooperating on the first move"),
            ],
            example: "s = memory_one([0, 1, 0, 1], start: 1)"
        ) { args, _ in
            let given = args.numbers("probabilities")!
            guard given.count == 4, given.allSatisfy({ (0...1).contains($0) }) else {
                throw args.bad("probabilities", "4 probabilities from 0 to 1 expected")
            }
            let start = args.number("start")
            guard (0...1).contains(start) else { throw args.bad("start", "a probability from 0 to 1 expected") }
            return strategyAgent(
                MemoryOneStrategy(ownView: given + [start]),
                made: [
                    ("name", .string("memory_one")), ("probabilities", .list(given.map(Value.number))),
                    ("start", .number(start)),
                ])
        },
        Builtin(
            "tournament",
            "Every pair of agents (each with itself too) played exactly: a table of pairs (first in seat 0) with "
                + "both values, and each agent's average value over its games.",
            [.positional("game", .game, "a 2-agent game"), .variadic("agents", .agent, "the entrants, two or more")],
            example: "r = tournament(prisoners_dilemma(), strategy(\"TFT\"), strategy(\"ALLD\"), strategy(\"WSLS\"))"
        ) { args, _ in
            try tournament(args)
        },
    ]

    /// States of the 2-agent games, the only ones a memory-one strategy plays.
    private static let twoAgentStates = ["DD", "DC", "CD", "CC", "start"]

    private static func strategyAgent(_ strategy: MemoryOneStrategy, made: [(String, Value)]) -> Value {
        let agent = Agent(policy: strategy, parameters: [Tensor(shape: [1, 0], scalars: [])])
        return .agent(AgentBox(agent: agent, made: .record(made), states: twoAgentStates))
    }

    /// Round robin: the pairs `(i, j)` with `i <= j`, agent i in seat 0; self-play included, as
    /// in Axelrod's tournaments. An agent's average is its mean value over its games against every
    /// entrant (itself once).
    private static func tournament(_ args: CallArguments) throws -> Value {
        let game = args.game("game")!
        guard game.agents == 2 else { throw args.bad("game", "a 2-agent game expected", got: "\(game.agents) agents") }
        let boxes = try args.restAgents(of: .exact)
        guard boxes.count >= 2 else {
            throw ScriptError(
                "tournament needs two agents or more, got \(boxes.count)", at: args.rest.last?.span ?? args.span)
        }
        for (k, box) in boxes.enumerated() where box.agent.logits().shape[1] != game.stateCount {
            throw ScriptError(
                "agent \(k) was made for a game with \(box.agent.logits().shape[1]) states; this game has "
                    + "\(game.stateCount)", at: args.rest[k].span)
        }
        let names = entrantNames(boxes)
        var pairs = Table(columns: ["V_first", "V_second"], rows: [], provenance: [])
        pairs.labelColumns = ["first", "second"]
        var totals = [Double](repeating: 0, count: boxes.count)
        for i in boxes.indices {
            for j in i..<boxes.count {
                let seated = [boxes[i].agent.seated(0), boxes[j].agent.seated(1)]
                let values = game.values(logits: seated.map { $0.logits().detached() }).scalars
                pairs.rows.append(values)
                pairs.labels.append([names[i], names[j]])
                totals[i] += values[0]
                totals[j] += i == j ? 0 : values[1]
            }
        }
        let provenance = internalsProvenance(game, boxes)
        pairs.provenance = provenance
        var average = Table(
            columns: ["average"], rows: totals.map { [$0 / Double(boxes.count)] }, provenance: provenance)
        average.labelColumns = ["agent"]
        average.labels = names.map { [$0] }
        return .record([("pairs", .table(pairs)), ("average", .table(average))])
    }

    /// Each entrant's kind ("TFT", "tabular"), numbered where two share one ("tabular#2").
    private static func entrantNames(_ boxes: [AgentBox]) -> [String] {
        let kinds = boxes.map(\.agent.policy.kind)
        return kinds.enumerated().map { k, kind in
            kinds.filter { $0 == kind }.count > 1 ? "\(kind)#\(k)" : kind
        }
    }
}
