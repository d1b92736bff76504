import Runtime

extension Builtins {
    static let games: [Builtin] = [
        Builtin(
            "ipd", "The iterated prisoner's dilemma: the 2-agent contribution game with exact values.",
            [
                .keyword(
                    "cf", .number, default: .number(PaperSettings.contributionFactor),
                    "contribution factor, a dilemma for 1 < cf < 2")
            ]
                + discountParameters,
            example: "g = ipd(cf: 1.1, gamma: 0.96)"
        ) { args, _ in
            try makeGame(args, agents: 2)
        },
        Builtin(
            "contribution", "The n-agent contribution game (n from 2 to 8) with exact values.",
            [
                .keyword("n", .wholeNumber, default: .whole(3), "number of agents, 2 to 8"),
                .keyword(
                    "cf", .number, default: .number(PaperSettings.contributionFactor),
                    "contribution factor, a dilemma for 1 < cf < n"),
            ] + discountParameters,
            example: "g = contribution(n: 3, cf: 1.8)"
        ) { args, _ in
            try makeGame(args, agents: try args.whole("n"))
        },
    ]

    /// `gamma`, `start` and `horizon`: every exact game's, with the same defaults.
    static let discountParameters: [Parameter] = [
        .keyword("gamma", .number, default: .number(PaperSettings.gamma), "discount, strictly between 0 and 1"),
        .keyword(
            "start", .string, default: .string("separate"),
            "\"separate\" (own start state) or \"cc\" (start as after mutual cooperation)"),
        .keyword("horizon", .wholeNumber, default: .nothing, "steps summed; none for the infinite discounted sum"),
    ]

    private static func makeGame(_ args: CallArguments, agents: Int) throws -> Value {
        try exactGame(args) { start, horizon in
            try ContributionGame(
                agents: agents, contributionFactor: args.number("cf"),
                gamma: args.number("gamma"), start: start, horizon: horizon)
        }
    }

    /// Reads `start` and `horizon`, then makes the game, with the Runtime's refusals positioned
    /// at their arguments.
    /// - Parameter passing: settings whose refusals the caller positions itself (passed on as
    ///   Runtime errors).
    static func exactGame(
        _ args: CallArguments, passing: [Setting] = [],
        _ make: (ContributionGame.Start, Int?) throws -> ContributionGame
    ) throws -> Value {
        let startText = args.string("start")!
        guard let start = ContributionGame.Start(rawValue: startText) else {
            throw args.bad("start", "\"separate\" or \"cc\" expected", got: Render.quoted(startText))
        }
        do {
            let horizon = args.has("horizon") ? try args.whole("horizon") : nil
            return .game(try make(start, horizon))
        } catch let error as RuntimeError {
            if case .invalidSetting(let setting, _, _) = error, passing.contains(setting) { throw error }
            throw SettingNames.diagnose(error, args)
        }
    }
}
