import Runtime

extension Builtins {
    static let modelParameters: [Parameter] = [
        .keyword(
            "model", .string, default: .nothing,
            "opponent models: \(PolicyKind.listed(PolicyKind.modelNames)) (Appendix B.1.6)"),
        .keyword("model_lr", .number, default: .number(0.2), "learning rate of model fitting"),
        .keyword("model_hidden", .wholeNumber, default: .whole(16), "hidden width of \"mlp\" models"),
        .keyword("model_seed", .wholeNumber, default: .whole(1), "seed of the models' random start"),
    ]

    /// The parameters of the others' look-ahead, which LOLA and POLA anticipate alike.
    private static let lookAhead = (
        rate: Parameter.keyword("inner_lr", .number, default: nil, "the others' look-ahead learning rate (eta)"),
        steps: Parameter.keyword("inner_steps", .wholeNumber, default: .whole(1), "look-ahead steps"),
        beta: Parameter.keyword("inner_beta", .number, default: .number(0), "KL penalty in the look-ahead steps")
    )

    static let rules: [Builtin] = [
        Builtin(
            "naive", "Naive learning: each agent descends its own loss.",
            [.keyword("lr", .number, default: nil, "learning rate")], example: "r = naive(lr: 1)"
        ) { args, _ in
            try makeRule(args) { _ in try NaiveRule(rate: args.number("lr")) }
        },
        Builtin(
            "lola", "LOLA: each agent differentiates through the others' anticipated learning step.",
            [
                lookAhead.rate,
                .keyword("outer_lr", .number, default: nil, "the agent's own learning rate (alpha)"),
                .keyword("taylor", .bool, default: .bool(false), "the original first-order (Taylor) form"),
                lookAhead.steps,
                .keyword("outer_steps", .wholeNumber, default: .whole(1), "own steps per epoch"),
                lookAhead.beta,
                .keyword("outer_beta", .number, default: .number(0), "KL penalty on the agent's own step"),
            ] + modelParameters,
            example: "r = lola(inner_lr: 3, outer_lr: 25)"
        ) { args, _ in
            try makeRule(args) { game in
                try LOLARule(
                    innerRate: args.number("inner_lr"), outerRate: args.number("outer_lr"),
                    taylor: args.bool("taylor"), innerSteps: try args.whole("inner_steps"),
                    outerSteps: try args.whole("outer_steps"),
                    innerBeta: args.number("inner_beta"),
                    outerBeta: args.number("outer_beta"), opponentModelling: try modelling(args, game))
            }
        },
        Builtin(
            "pola", "POLA: each agent solves a proximal step (KL-penalised) through the others' look-ahead.",
            [
                lookAhead.rate,
                .keyword("outer_lr", .number, default: nil, "the proximal iterations' learning rate (alpha)"),
                .keyword("beta", .number, default: nil, "weight of KL(old policy || new policy)"),
                .keyword("max_iters", .wholeNumber, default: .whole(5000), "cap on proximal iterations"),
                .keyword(
                    "tol", .number, default: .number(1e-8),
                    "stop when one iteration moves the policy by less (KL, both ways)"),
                lookAhead.steps,
                lookAhead.beta,
            ] + modelParameters,
            example: "r = pola(inner_lr: 5, outer_lr: 0.3, beta: 0.1)"
        ) { args, _ in
            try makeRule(args) { game in
                try POLARule(
                    innerRate: args.number("inner_lr"), outerRate: args.number("outer_lr"), beta: args.number("beta"),
                    maxIterations: try args.whole("max_iters"),
                    tolerance: args.number("tol"),
                    innerSteps: try args.whole("inner_steps"),
                    innerBeta: args.number("inner_beta"),
                    opponentModelling: try modelling(args, game))
            }
        },
    ]

    /// Builds the rule once (for the IPD) to validate it at the call, and keeps the recipe for
    /// other games: opponent models take the shape of the game they play.
    static func makeRule(
        _ args: CallArguments, _ build: @escaping @Sendable (ContributionGame) throws -> any LearningRule
    ) throws -> Value {
        let checked: @Sendable (ContributionGame) throws -> any LearningRule = { game in
            do {
                return try build(game)
            } catch let error as RuntimeError {
                throw SettingNames.diagnose(error, args)
            }
        }
        let rule = try checked(try ContributionGame(contributionFactor: 1.33))
        return .rule(RuleValue(rule: rule, forGame: checked))
    }

    private static func modelling(_ args: CallArguments, _ game: ContributionGame) throws -> OpponentModelling? {
        let names = PolicyKind.modelNames
        guard let given = args.string("model") else {
            for name in ["model_lr", "model_hidden", "model_seed"] where args.has(name) {
                throw ScriptError(
                    "'\(name)' given without 'model'", at: args.spanOf(name),
                    notes: ["add model: " + PolicyKind.listed(names)])
            }
            return nil
        }
        let hidden = { try args.whole("model_hidden", in: 1...Builtins.widestTrainedNetwork, as: "a width") }
        guard let kind = try PolicyKind(scriptName: given, among: names, hidden: hidden) else {
            throw args.bad("model", PolicyKind.listed(names) + " expected", got: Render.quoted(given))
        }
        let seed = try args.seed("model_seed")
        return try OpponentModelling(
            policy: kind.policy(for: game), rate: args.number("model_lr"), seed: seed)
    }
}
