import Runtime

extension Builtins {
    static let sampledGames: [Builtin] = [
        Builtin(
            "ipd_history",
            "The IPD played by sampling, each agent seeing the last joint action (batched; Figure 4).",
            [
                .keyword(
                    "cf", .number, default: .number(PaperSettings.contributionFactor),
                    "contribution factor, a dilemma for 1 < cf < 2"),
                .keyword(
                    "start", .string, default: .string("separate"),
                    "\"separate\" (own start observation) or \"cc\" (start as after mutual cooperation)"),
                .keyword(
                    "rollout", .wholeNumber, default: .whole(PaperSettings.episodeLength),
                    "steps per episode (rollout_len)"),
            ],
            example: "g = ipd_history(cf: 1.33)"
        ) { args, _ in
            let startText = args.string("start")!
            guard let start = ContributionGame.Start(rawValue: startText) else {
                throw args.bad("start", "\"separate\" or \"cc\" expected", got: Render.quoted(startText))
            }
            let rollout = try args.whole("rollout", in: 1...10_000, as: "a number of steps")
            do {
                return .sampledGame(
                    .ipd(
                        try IPDWithHistory(
                            contributionFactor: args.number("cf"), start: start, episodeLength: rollout))
                )
            } catch let error as RuntimeError {
                throw SettingNames.diagnose(error, args)
            }
        },
        Builtin(
            "coin_game",
            "The Coin Game on a 3x3 torus, red agent (seat 0) and blue agent (seat 1), batched (Figure 5).",
            [
                .keyword(
                    "rollout", .wholeNumber, default: .whole(PaperSettings.episodeLength),
                    "steps per episode (rollout_len)")
            ],
            example: "g = coin_game()"
        ) { args, _ in
            let rollout = try args.whole("rollout", in: 1...10_000, as: "a number of steps")
            return .sampledGame(.coin(try CoinGame(episodeLength: rollout)))
        },
        Builtin(
            "gru", "A GRU agent of the sampled games: a policy network and a value network, flax's initialisation.",
            [
                .positional("game", .sampledGame, "ipd_history(...) or coin_game(...)"),
                .keyword("hidden", .wholeNumber, default: .whole(64), "GRU units (hidden_size)"),
                .keyword("layers", .wholeNumber, default: .whole(1), "linear layers before the GRU, 0 to 2"),
                .keyword(
                    "seed", .wholeNumber, default: .whole(1), "seed; the two networks draw from its streams 0 and 1"),
            ],
            example: "a = gru(g, hidden: 64, seed: 1)"
        ) { args, _ in
            let game = args.sampledGame("game")!
            let hidden = try args.whole("hidden", in: 1...Builtins.widestTrainedNetwork, as: "a width")
            let layers = try args.whole("layers", in: 0...2, as: nil)
            let seed = try args.seed("seed")
            let agent = SampledAgent.gru(for: game.environment, hidden: hidden, layersBeforeGRU: layers, seed: seed)
            let made: [(String, Value)] = [
                ("name", .string("gru")), ("hidden", .number(Double(hidden))), ("layers", .number(Double(layers))),
                ("seed", .number(Double(seed))),
            ]
            return .agent(AgentBox(.sampled(agent), made: .record(made)))
        },
    ]
}
