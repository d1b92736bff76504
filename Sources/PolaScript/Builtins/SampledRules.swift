import Runtime

extension Builtins {
    /// The paper's settings every default below reads (`PaperSettings.dice`): both the value a
    /// rule takes when an argument is absent and the text `:help` shows for it come from here.
    private static let paper = PaperSettings.dice

    /// What every DiCE rule takes, after the paper's flags (`lr_in`, `lr_out`, `lr_v`, ...).
    private static let diceParameters: [Parameter] = [
        .keyword("inner_lr", .number, default: nil, "the opponent's look-ahead SGD rate (lr_in)"),
        .keyword("outer_lr", .number, default: .number(paper.outerRate), "Adam's rate for the agent's policy (lr_out)"),
        .keyword("value_lr", .number, default: .number(paper.valueRate), "the value networks' rate (lr_v)"),
        .keyword("batch", .wholeNumber, default: .whole(paper.batch), "episodes per batch of rollouts (batch_size)"),
        .keyword("gamma", .number, default: .number(paper.discount.gamma), "discount"),
        .keyword(
            "gae_lambda", .number, default: .number(paper.discount.lambda), "GAE's lambda for the loaded DiCE baseline"),
        .keyword(
            "seed", .wholeNumber, default: .whole(1), "seed of the rule's random stream (every rollout draws from it)"),
    ]

    /// The README's IPD POLA commands' loops (`PaperSettings.dice.ipdPOLALoops`).
    private static let proximalParameters: [Parameter] = [
        .keyword(
            "inner_steps", .wholeNumber, default: .whole(paper.ipdPOLALoops.innerSteps),
            "look-ahead SGD steps of the opponent"),
        .keyword(
            "outer_steps", .wholeNumber, default: .whole(paper.ipdPOLALoops.outerSteps),
            "Adam steps of the agent per epoch"),
        .keyword("inner_beta", .number, default: .number(paper.ipdPOLALoops.innerBeta), "KL penalty in the look-ahead"),
        .keyword(
            "outer_beta", .number, default: .number(paper.ipdPOLALoops.outerBeta), "KL penalty on the agent's own steps"
        ),
    ]

    private static let modelFittingParameters: [Parameter] = [
        .keyword(
            "model_batches", .wholeNumber, default: .whole(paper.modelBatches), "batches of observed play per epoch"),
        .keyword(
            "model_steps_per_batch", .wholeNumber, default: .whole(paper.modelStepsPerBatch),
            "model Adam steps per batch"),
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
            diceParameters + proximalParameters + modelFittingParameters,
            example: "r = pola_om(inner_lr: 0.005, outer_steps: 20, model_batches: 20, batch: 200)"
        ) { args, _ in
            try makeDiCERule(.polaOM, args)
        },
    ]

    private static func makeDiCERule(_ kind: DiCERule.Kind, _ given: CallArguments) throws -> Value {
        // One body for the three rules: the settings a rule does not take read their defaults
        // from the rules that do (LOLA-DiCE ignores them; POLA-DiCE keeps POLA-OM's model ones).
        let args = given.withDefaults(of: proximalParameters + modelFittingParameters)
        do {
            let rule = try DiCERule(
                kind, innerRate: args.number("inner_lr"), outerRate: args.number("outer_lr"),
                valueRate: args.number("value_lr"),
                innerSteps: try args.whole("inner_steps"),
                outerSteps: try args.whole("outer_steps"),
                innerBeta: args.number("inner_beta"),
                outerBeta: args.number("outer_beta"), batch: try args.whole("batch"),
                discount: DiscountSettings(
                    gamma: args.number("gamma"), lambda: args.number("gae_lambda")),
                modelBatches: try args.whole("model_batches"),
                modelStepsPerBatch: try args.whole("model_steps_per_batch"))
            return .sampledRule(SampledRuleValue(rule: rule, seed: try args.seed("seed")))
        } catch let error as RuntimeError {
            throw SettingNames.diagnose(error, args)
        }
    }
}
