import Runtime

/// The exact-value experiments of the paper's README, as data: one row per command.
///
/// LOLA tabular: the README gives one command "for CF 1.1-1.6"; rows change only the factor.
/// LOLA with a network: the README has no command below CF 1.33 ("could not get CF 1.25 or
/// below finding TFT"), so there are no such rows.
public enum PaperExperiments {
    public struct Row: Sendable {
        public let figure: String
        public let method: String
        public let policy: String
        public let contributionFactor: String
        public let arguments: [String]
    }

    public static let contributionFactors = ["1.1", "1.25", "1.33", "1.4", "1.6"]

    /// Every row of Figure 3, costliest first (so parallel runners finish together).
    public static let figure3: [Row] =
        zip(contributionFactors, ["0.4", "0.5", "0.4", "0.3", "0.3"]).map { polaPreconditioned($0, inner: $1) }
        + [
            polaNeural("1.1", inner: "0.3", outer: "0.03", beta: "0.1"),
            polaNeural("1.25", inner: "0.25", outer: "0.03", beta: "0.13"),
            polaNeural("1.33", inner: "0.25", outer: "0.02", beta: "0.13"),
            polaNeural("1.4", inner: "0.2", outer: "0.03", beta: "0.1"),
            polaNeural("1.6", inner: "0.12", outer: "0.03", beta: "0.05"),
        ]
        + zip(contributionFactors, ["5", "5", "5", "4", "2.5"]).map { polaTabular($0, inner: $1) }
        + [
            lolaNeural("1.33", inner: "0.4", outer: "0.05"), lolaNeural("1.4", inner: "0.3", outer: "0.1"),
            lolaNeural("1.6", inner: "0.12", outer: "0.05"),
        ]
        + contributionFactors.map(lolaTabular)

    static func flags(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    public static func lolaTabular(_ cf: String) -> Row {
        Row(
            figure: "fig3", method: "LOLA", policy: "tabular", contributionFactor: cf,
            arguments: flags(
                "--n_agents 2 --repeats 20 --num_epochs 30 --init_state_representation 2 --seed 1 --lr_policies_inner 3 --lr_policies_outer 25 --actual_update --base_cf_no_scale \(cf)"
            ))
    }

    public static func lolaNeural(_ cf: String, inner: String, outer: String) -> Row {
        Row(
            figure: "fig3", method: "LOLA", policy: "nn16", contributionFactor: cf,
            arguments: flags(
                "--n_agents 2 --using_nn --nn_hidden_size 16 --repeats 20 --num_epochs 100 --init_state_representation 2 --seed 1 --lr_policies_inner \(inner) --lr_policies_outer \(outer) --actual_update --base_cf_no_scale \(cf)"
            ))
    }

    public static func polaTabular(_ cf: String, inner: String) -> Row {
        Row(
            figure: "fig3", method: "POLA", policy: "tabular", contributionFactor: cf,
            arguments: flags(
                "--n_agents 2 --repeats 20 --num_epochs 2 --init_state_representation 2 --seed 1 --lr_policies_inner \(inner) --lr_policies_outer 0.3 --outer_exact_prox --outer_beta 0.1 --actual_update --base_cf_no_scale \(cf)"
            ))
    }

    public static func polaNeural(_ cf: String, inner: String, outer: String, beta: String) -> Row {
        Row(
            figure: "fig3", method: "POLA", policy: "nn16", contributionFactor: cf,
            arguments: flags(
                "--n_agents 2 --using_nn --repeats 20 --num_epochs 2 --init_state_representation 2 --seed 1 --lr_policies_inner \(inner) --lr_policies_outer \(outer) --outer_exact_prox --outer_beta \(beta) --actual_update --base_cf_no_scale \(cf)"
            ))
    }

    public static func polaPreconditioned(_ cf: String, inner: String) -> Row {
        Row(
            figure: "fig3", method: "POLA", policy: "precond", contributionFactor: cf,
            arguments: flags(
                "--n_agents 2 --ill_condition --repeats 20 --num_epochs 10 --init_state_representation 2 --seed 2 --lr_policies_inner \(inner) --lr_policies_outer 0.05 --outer_exact_prox --outer_beta 0.5 --actual_update --base_cf_no_scale \(cf)"
            ))
    }

    /// Runs a row and reports what Figure 3 shows.
    public static func outcome(of row: Row, workers: Int = 1) throws -> Figure3Outcome {
        let command = try PaperCommand(row.arguments)
        let (_, records) = try Experiment(rule: command.rule, epochs: command.epochs).run(
            command.initialState(), workers: workers)
        return Figure3Outcome(game: command.game, records: records)
    }
}
