import Runtime

/// What an exact value and a LOLA step are made of, as labelled tables for given agents:
/// the transition matrix, the discounted visitation, value gradients and LOLA's shaping term.
extension Builtins {
    static let internals: [Builtin] = [
        seatedInternal(
            "transitions",
            "The transition matrix: each row a state (last joint action, then start = the first move's "
                + "distribution), each column the probability of the next joint action.",
            example: "transitions(g, a, b)"
        ) { _, game, boxes in
            let rows = game.transitionRows(probabilities: boxes.map(\.probabilities))
            return .table(
                labelled(
                    "from", game.stateNames, columns: Array(game.stateNames.prefix(game.jointActions)), rows: rows,
                    provenance: internalsProvenance(game, boxes)))
        },
        seatedInternal(
            "visitation",
            "The discounted visits of each joint action, m = p0 (I - gamma P)^-1, beside each agent's reward "
                + "there: agent a's value is the sum of visits x r_a.",
            example: "visitation(g, a, b)"
        ) { _, game, boxes in
            let visits = game.visitation(probabilities: boxes.map(\.probabilities))
            let rows = (0..<game.jointActions).map { s in
                [visits[s]] + (0..<game.agents).map { game.reward(agent: $0, jointAction: s) }
            }
            return .table(
                labelled(
                    "state", Array(game.stateNames.prefix(game.jointActions)),
                    columns: ["visits"] + (0..<game.agents).map { "r\($0)" }, rows: rows,
                    provenance: internalsProvenance(game, boxes)))
        },
        seatedInternal(
            "value_gradients",
            "Every agent's value gradient with respect to one agent's parameters: a row per parameter, "
                + "a column dV0, dV1, ... per agent.",
            extra: [.keyword("wrt", .wholeNumber, default: .whole(0), "the seat whose parameters are varied")],
            example: "value_gradients(g, a, b, wrt: 1)"
        ) { args, game, boxes in
            let j = try parameterSeat(args, "wrt", boxes)
            let gradients = game.valueGradients(boxes.map(\.agent), withRespectTo: j)
            return .table(
                labelled(
                    "parameter", parameterNames(boxes[j]), columns: (0..<game.agents).map { "dV\($0)" },
                    rows: transposed(gradients), provenance: internalsProvenance(game, boxes)))
        },
        seatedInternal(
            "shaping",
            "LOLA's update direction for one learner, split: naive = grad L_i, shaping = -inner_lr grad_i "
                + "sum_j (grad_j L_i . grad_j L_j), lola = their sum (L = -V; lola(taylor: true) descends it).",
            extra: [
                .keyword("learner", .wholeNumber, default: .whole(0), "the learner's seat"),
                .keyword("inner_lr", .number, default: .number(1), "the others' naive step size eta"),
            ],
            example: "shaping(g, a, b, learner: 0, inner_lr: 1)"
        ) { args, game, boxes in
            let i = try parameterSeat(args, "learner", boxes)
            let eta = args.number("inner_lr")
            guard eta.isFinite, eta >= 0 else { throw args.bad("inner_lr", "a finite number >= 0 expected") }
            let terms = game.lolaTerms(boxes.map(\.agent), learner: i, innerRate: eta)
            let lola = zip(terms.naive, terms.shaping).map { $0 + $1 }
            return .table(
                labelled(
                    "parameter", parameterNames(boxes[i]), columns: ["naive", "shaping", "lola"],
                    rows: transposed([terms.naive, terms.shaping, lola]), provenance: internalsProvenance(game, boxes)))
        },
    ]

    /// An internal of an exact game and its agents: those first, then `extra`; `body` gets the
    /// game and the agents seated (strategies read by their seat) and checked.
    private static func seatedInternal(
        _ name: String, _ summary: String, extra: [Parameter] = [], example: String,
        _ body: @escaping @Sendable (CallArguments, ContributionGame, [AgentBox]) throws -> Value
    ) -> Builtin {
        let parameters: [Parameter] = [
            .positional("game", .game, "the game"), .variadic("agents", .agent, "one agent per seat"),
        ]
        return Builtin(name, summary, parameters + extra, example: example) { args, _ in
            let game = args.game("game")!
            return try body(args, game, try seats(args, game))
        }
    }

    /// A seat given by `name` whose agent has parameters to differentiate.
    private static func parameterSeat(_ args: CallArguments, _ name: String, _ boxes: [AgentBox]) throws -> Int {
        let seat = try args.whole(name, in: 0...(boxes.count - 1), as: "a seat")
        guard boxes[seat].agent.parameters.contains(where: { $0.count > 0 }) else {
            throw args.bad(name, "a seat whose agent has parameters expected", got: "\(seat), a fixed strategy")
        }
        return seat
    }

    /// One row per label, the label in a text column first.
    private static func labelled(
        _ labelColumn: String, _ labels: [String], columns: [String], rows: [[Double]], provenance: [(String, Value)]
    ) -> Table {
        var table = Table(columns: columns, rows: rows, provenance: provenance)
        table.labelColumns = [labelColumn]
        table.labels = labels.map { [$0] }
        return table
    }

    private static func transposed(_ columns: [[Double]]) -> [[Double]] {
        (0..<(columns.first?.count ?? 0)).map { r in columns.map { $0[r] } }
    }

    /// How a table about these agents on this game was made: the game, every agent's history, the version.
    static func internalsProvenance(_ game: ContributionGame, _ boxes: [AgentBox]) -> [(String, Value)] {
        [("game", Provenance.game(game))]
            + boxes.enumerated().map { ("agent \($0.offset)", $0.element.provenance) }
            + [("pola-repl", .string(Version.current))]
    }

    /// Names of an agent's parameters in order: a tabular agent's logits by state; a network's
    /// `W1[r,c]`, `b1[r]`, `W2[...]`, ... (its tensors come in that order).
    private static func parameterNames(_ box: AgentBox) -> [String] {
        let shapes = box.agent.parameters.map { Array($0.shape.dropFirst()) }
        if shapes.count == 1, shapes[0].count == 1, let states = box.stateNames, states.count == shapes[0][0] {
            return states
        }
        return shapes.enumerated().flatMap { k, shape -> [String] in
            let stem = (k % 2 == 0 ? "W" : "b") + "\(k / 2 + 1)"
            guard shape.count == 2 else { return (0..<(shape.first ?? 0)).map { "\(stem)[\($0)]" } }
            return (0..<shape[0]).flatMap { r in (0..<shape[1]).map { c in "\(stem)[\(r),\(c)]" } }
        }
    }
}

extension AgentBox {
    /// Its probability of cooperating per state, as it plays its current seat (single run).
    fileprivate var probabilities: [Double] { agent.probabilities().scalars }
}
