import Runtime

extension Builtins {
    /// What every DiCE rule takes, after the paper's flags (`lr_in`, `lr_out`, `lr_v`, ...).
    private static let diceParameters: [Parameter] = [
        .keyword("inner_lr", .number, default: nil, "the opponent's look-ahead SGD rate (lr_in)"),
        .keyword("outer_lr", .number, default: "0.003", "Adam's rate for the agent's policy (lr_out)"),
        .keyword("value_lr", .number, default: "0.0005", "the value networks' rate (lr_v)"),
        .keyword("batch", .wholeNumber, default: "2000", "episodes per batch of rollouts (batch_size)"),
        .keyword("gamma", .number, default: "0.96", "discount"),
        .keyword("gae_lambda", .number, default: "1", "GAE's lambda for the loaded DiCE baseline"),
        .keyword("seed", .wholeNumber, default: "1", "seed of the rule's random stream (every rollout draws from it)"),
    ]

    private static let proximalParameters: [Parameter] = [
        .keyword("inner_steps", .wholeNumber, default: "2", "look-ahead SGD steps of the opponent"),
        .keyword("outer_steps", .wholeNumber, default: "200", "Adam steps of the agent per epoch"),
        .keyword("inner_beta", .number, default: "10", "KL penalty in the look-ahead"),
        .keyword("outer_beta", .number, default: "100", "KL penalty on the agent's own steps"),
    ]

    static let sampledRules: [Builtin] = [
        Builtin(
            "lola_dice",
            "LOLA-DiCE: one look-ahead step of the opponent, one Adam step (a sign step: Adam restarts each epoch).",
            diceParameters, example: "r = lola_dice(inner_lr: 0.05, batch: 200)"
        ) { args, _ in
            try makeDiCERule(.lolaDiCE, args)
        },
        Builtin(
            "pola_dice", "POLA-DiCE: many KL-penalised Adam steps per epoch through the opponent's look-ahead.",
            diceParameters + proximalParameters,
            example: "r = pola_dice(inner_lr: 0.005, outer_steps: 20, batch: 200)"
        ) { args, _ in
            try makeDiCERule(.polaDiCE, args)
        },
        Builtin(
            "pola_om", "POLA-OM: POLA-DiCE against models of the opponent fitted to its observed play.",
            diceParameters + proximalParameters + [
                .keyword("model_batches", .wholeNumber, default: "200", "batches of observed play per epoch"),
                .keyword("model_steps_per_batch", .wholeNumber, default: "1", "model Adam steps per batch"),
            ],
            example: "r = pola_om(inner_lr: 0.005, outer_steps: 20, model_batches: 20, batch: 200)"
        ) { args, _ in
            try makeDiCERule(.polaOM, args)
        },
    ]

    private static func makeDiCERule(_ kind: DiCERule.Kind, _ args: CallArguments) throws -> Value {
        do {
            let rule = try DiCERule(
                kind, innerRate: args.number("inner_lr"), outerRate: args.number("outer_lr", default: 0.003),
                valueRate: args.number("value_lr", default: 0.0005),
                innerSteps: try args.whole("inner_steps", default: 2),
                outerSteps: try args.whole("outer_steps", default: 200),
                innerBeta: args.number("inner_beta", default: 10),
                outerBeta: args.number("outer_beta", default: 100), batch: try args.whole("batch", default: 2000),
                discount: DiscountSettings(
                    gamma: args.number("gamma", default: 0.96), lambda: args.number("gae_lambda", default: 1)),
                modelBatches: try args.whole("model_batches", default: 200),
                modelStepsPerBatch: try args.whole("model_steps_per_batch", default: 1))
            return .sampledRule(SampledRuleValue(rule: rule, seed: try args.seed("seed")))
        } catch let error as RuntimeError {
            throw SettingNames.diagnose(error, args)
        }
    }
}
