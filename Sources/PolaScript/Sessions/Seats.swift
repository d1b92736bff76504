import Runtime

/// What a game asks of the agents in its seats: how many, of which kind, and made for its
/// shapes. Each kind of game states its own; `CallArguments.seatedAgents(_:)` checks them all
/// alike, so every builtin that seats agents says the same things in the same words.
struct SeatRequirement {
    let seats: Int
    let kind: AgentBox.Kind
    /// Why an agent of the right kind cannot play this game ("was made for a game with 3
    /// states; this game has 5"), or nil when it can.
    let misfit: (AgentBox) -> String?

    /// An exact game's seats: agents over its states.
    static func exact(_ game: ContributionGame) -> SeatRequirement {
        SeatRequirement(seats: game.agents, kind: .exact) { box in
            let states = box.agent.logits().shape[1]
            return states == game.stateCount
                ? nil : "was made for a game with \(states) states; this game has \(game.stateCount)"
        }
    }

    /// A sampled game's two seats: GRU agents made for its observations and actions.
    static func sampled(_ game: SampledGame) -> SeatRequirement {
        SeatRequirement(seats: 2, kind: .sampled) { box in
            let policy = box.player(SampledAgent.self)!.policy
            guard policy.inputSize != game.observationSize || policy.outputSize != game.actionCount else { return nil }
            return "was made for a game with \(policy.inputSize) observations and \(policy.outputSize) actions; "
                + "this game has \(game.observationSize) and \(game.actionCount)"
        }
    }

    /// A formula game's seats: one point per argument of its function, of any size.
    static func formula(_ game: FormulaGameValue) -> SeatRequirement {
        SeatRequirement(seats: game.agents, kind: .point) { _ in nil }
    }
}

extension CallArguments {
    /// The agents given after the game (`step(r, g, a, b)`), checked against `requirement`: one
    /// per seat, each of the game's kind and made for it, and no agent in two seats.
    func seatedAgents(_ requirement: SeatRequirement) throws -> [AgentBox] {
        let boxes = try restAgents(of: requirement.kind)
        guard boxes.count == requirement.seats else {
            throw ScriptError(
                "\(callee) needs \(requirement.seats) agents for this game, got \(boxes.count)",
                at: rest.last?.span ?? span,
                notes: [
                    "one agent per seat: \(callee)(..., "
                        + (0..<requirement.seats).map { "a\($0)" }.joined(separator: ", ") + ")"
                ])
        }
        for (seat, box) in boxes.enumerated() {
            if let misfit = requirement.misfit(box) {
                throw ScriptError("agent in seat \(seat) \(misfit)", at: rest[seat].span)
            }
            if let earlier = boxes[..<seat].firstIndex(where: { $0 === box }) {
                throw ScriptError(
                    "the same agent sits in seats \(earlier) and \(seat)", at: rest[seat].span,
                    notes: ["for self-play give the second seat a copy: copy(a)"])
            }
        }
        return boxes
    }

    /// The trailing values (`step`'s seats, `tournament`'s entrants), each an agent of `kind`.
    func restAgents(of kind: AgentBox.Kind) throws -> [AgentBox] {
        try rest.map { item in
            guard case .agent(let box) = item.value, box.kind == kind else {
                let got = if case .agent(let box) = item.value { box.kind.described } else { item.value.typeNameInText }
                throw ScriptError(
                    "bad argument to \(callee) (\(kind.described) expected, got \(got))", at: item.span,
                    notes: [kind.madeBy])
            }
            return box
        }
    }
}
