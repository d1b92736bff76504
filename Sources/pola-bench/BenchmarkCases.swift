/// The benchmark cases: the paper README's commands, 20 runs each.
struct BenchmarkCase {
    let name: String
    let commands: [[String]]
}

enum BenchmarkCases {
    static func command(_ flags: String) -> [String] {
        flags.split(separator: " ").map(String.init)
    }

    static func lolaTabular(_ cf: String) -> [String] {
        command("--n_agents 2 --repeats 20 --num_epochs 30 --init_state_representation 2 --seed 1 --lr_policies_inner 3 --lr_policies_outer 25 --actual_update --base_cf_no_scale \(cf)")
    }

    static func lolaNeural(_ cf: String, inner: String, outer: String) -> [String] {
        command("--n_agents 2 --using_nn --nn_hidden_size 16 --repeats 20 --num_epochs 100 --init_state_representation 2 --seed 1 --lr_policies_inner \(inner) --lr_policies_outer \(outer) --actual_update --base_cf_no_scale \(cf)")
    }

    static func polaTabular(_ cf: String, inner: String) -> [String] {
        command("--n_agents 2 --repeats 20 --num_epochs 2 --init_state_representation 2 --seed 1 --lr_policies_inner \(inner) --lr_policies_outer 0.3 --outer_exact_prox --outer_beta 0.1 --actual_update --base_cf_no_scale \(cf)")
    }

    static func polaNeural(_ cf: String, inner: String, outer: String, beta: String) -> [String] {
        command("--n_agents 2 --using_nn --repeats 20 --num_epochs 2 --init_state_representation 2 --seed 1 --lr_policies_inner \(inner) --lr_policies_outer \(outer) --outer_exact_prox --outer_beta \(beta) --actual_update --base_cf_no_scale \(cf)")
    }

    static func polaPrecond(_ cf: String, inner: String) -> [String] {
        command("--n_agents 2 --ill_condition --repeats 20 --num_epochs 10 --init_state_representation 2 --seed 2 --lr_policies_inner \(inner) --lr_policies_outer 0.05 --outer_exact_prox --outer_beta 0.5 --actual_update --base_cf_no_scale \(cf)")
    }

    /// Every row of Figure 3, with the README's hyperparameters per factor, costliest first.
    static let figure3: [[String]] =
        [polaPrecond("1.1", inner: "0.4"), polaPrecond("1.25", inner: "0.5"), polaPrecond("1.33", inner: "0.4"),
         polaPrecond("1.4", inner: "0.3"), polaPrecond("1.6", inner: "0.3")]
        + [polaNeural("1.1", inner: "0.3", outer: "0.03", beta: "0.1"), polaNeural("1.25", inner: "0.25", outer: "0.03", beta: "0.13"),
           polaNeural("1.33", inner: "0.25", outer: "0.02", beta: "0.13"), polaNeural("1.4", inner: "0.2", outer: "0.03", beta: "0.1"),
           polaNeural("1.6", inner: "0.12", outer: "0.03", beta: "0.05")]
        + [polaTabular("1.1", inner: "5"), polaTabular("1.25", inner: "5"), polaTabular("1.33", inner: "5"),
           polaTabular("1.4", inner: "4"), polaTabular("1.6", inner: "2.5")]
        + ["1.1", "1.25", "1.33", "1.4", "1.6"].map(lolaTabular)
        + [lolaNeural("1.33", inner: "0.4", outer: "0.05"), lolaNeural("1.4", inner: "0.3", outer: "0.1"),
           lolaNeural("1.6", inner: "0.12", outer: "0.05")]

    static let all: [BenchmarkCase] = [
        BenchmarkCase(name: "fig3-lola-tabular-cf1.1", commands: [lolaTabular("1.1")]),
        BenchmarkCase(name: "fig3-lola-nn-cf1.33", commands: [lolaNeural("1.33", inner: "0.4", outer: "0.05")]),
        BenchmarkCase(name: "fig3-pola-tabular-cf1.1", commands: [polaTabular("1.1", inner: "5")]),
        BenchmarkCase(name: "fig3-pola-nn-cf1.33", commands: [polaNeural("1.33", inner: "0.25", outer: "0.02", beta: "0.13")]),
        BenchmarkCase(name: "fig3-pola-precond-cf1.33", commands: [polaPrecond("1.33", inner: "0.4")]),
        BenchmarkCase(name: "fig3-all", commands: figure3),
    ]
}
