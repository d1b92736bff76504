import Runtime

extension Builtins {
    /// The paper's settings every default below reads (`PaperSettings.dice`): both the value a
    /// rule takes when an argument is absent and the text `:help` shows for it come from here.
    private static let paper = PaperSettings.dice

    /// What every DiCE rule takes, after the paper's flags (`lr_in`, `lr_out`, `lr_v`, ...).
    private static let diceParameters: [Parameter] = [
        .keyword("inner_lr", .number, default: nil, "the opponent's look-ahead SGD rate (lr_in)"),
        .keyword(
            "outer_lr", .number, default: NumberFormat.shortest(paper.outerRate),
            "Adam's rate for the agent's policy (lr_out)"),
        .keyword(
            "value_lr", .number, default: NumberFormat.shortest(paper.valueRate), "the value networks' rate (lr_v)"),
        .keyword("batch", .wholeNumber, default: String(paper.batch), "episodes per batch of rollouts (batch_size)"),
        .keyword("gamma", .number, default: NumberFormat.shortest(paper.discount.gamma), "discount"),
        .keyword(
            "gae_lambda", .number, default: NumberFormat.shortest(paper.discount.lambda),
            "GAE's lambda for the loaded DiCE baseline"),
        .keyword("seed", .wholeNumber, default: "1", "seed of the rule's random stream (every rollout draws from it)"),
    ]

    /// The README's IPD POLA commands' loops (`PaperSettings.dice.ipdPOLALoops`).
    private static let proximalParameters: [Parameter] = [
        .keyword(
            "inner_steps", .wholeNumber, default: String(paper.ipdPOLALoops.innerSteps),
            "look-ahead SGD steps of the opponent"),
        .keyword(
            "outer_steps", .wholeNumber, default: String(paper.ipdPOLALoops.outerSteps),
            "Adam steps of the agent per epoch"),
        .keyword(
            "inner_beta", .number, default: NumberFormat.shortest(paper.ipdPOLALoops.innerBeta),
            "KL penalty in the look-ahead"),
        .keyword(
            "outer_beta", .number, default: NumberFormat.shortest(paper.ipdPOLALoops.outerBeta),
            "KL penalty on the agent's own steps"),
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
                .keyword(
                    "model_batches", .wholeNumber, default: String(paper.modelBatches),
                    "batches of observed play per epoch"),
                .keyword(
                    "model_steps_per_batch", .wholeNumber, default: String(paper.modelStepsPerBatch),
                    "model Adam steps per batch"),
            ],
            example: "r = pola_om(inner_lr: 0.005, outer_steps: 20, model_batches: 20, batch: 200)"
        ) { args, _ in
            try makeDiCERule(.polaOM, args)
        },
    ]

    /// LOLA-DiCE reads none of the loop arguments (its loops are fixed); it is handed the
    /// POLAs' defaults like the others, and ignores them.
    private static func makeDiCERule(_ kind: DiCERule.Kind, _ args: CallArguments) throws -> Value {
        let loops = paper.ipdPOLALoops
        do {
            let rule = try DiCERule(
                kind, innerRate: args.number("inner_lr"), outerRate: args.number("outer_lr", default: paper.outerRate),
                valueRate: args.number("value_lr", default: paper.valueRate),
                innerSteps: try args.whole("inner_steps", default: loops.innerSteps),
                outerSteps: try args.whole("outer_steps", default: loops.outerSteps),
                innerBeta: args.number("inner_beta", default: loops.innerBeta),
                outerBeta: args.number("outer_beta", default: loops.outerBeta),
                batch: try args.whole("batch", default: paper.batch),
                discount: DiscountSettings(
                    gamma: args.number("gamma", default: paper.discount.gamma),
                    lambda: args.number("gae_lambda", default: paper.discount.lambda)),
                modelBatches: try args.whole("model_batches", default: paper.modelBatches),
                modelStepsPerBatch: try args.whole("model_steps_per_batch", default: paper.modelStepsPerBatch))
            return .sampledRule(SampledRuleValue(rule: rule, seed: try args.seed("seed")))
        } catch let error as RuntimeError {
            throw SettingNames.diagnose(error, args)
        }
    }
}
