import PaperCommands
import Runtime

/// The benchmark cases: the paper README's commands, 20 runs each.
struct BenchmarkCase {
    let name: String
    let rows: [PaperExperiments.Row]
    /// Threads a single row's runs are shared over (`Experiment.run(_:workers:)`; the numbers
    /// do not depend on it): two, as `experiment` at the prompt shares them (`min(2, runs)`).
    /// Measured on the 2 cores, alternating 1 and 2, it pays on every case now that the exact
    /// rules are traced: 0.00435 -> 0.00373 s LOLA tabular, 0.095 -> 0.048 s POLA tabular,
    /// 0.44 -> 0.33 s POLA NN, 0.52 -> 0.38 s POLA preconditioned, and on a quiet machine
    /// 0.042 -> 0.024 s LOLA NN (under load LOLA NN measured 0.045 -> 0.051 s).
    var workers = 2
}

enum BenchmarkCases {
    static let all: [BenchmarkCase] = [
        BenchmarkCase(name: "fig3-lola-tabular-cf1.1", rows: [PaperExperiments.lolaTabular("1.1")]),
        BenchmarkCase(
            name: "fig3-lola-nn-cf1.33", rows: [PaperExperiments.lolaNeural("1.33", inner: "0.4", outer: "0.05")]),
        BenchmarkCase(
            name: "fig3-pola-tabular-cf1.1", rows: [PaperExperiments.polaTabular("1.1", inner: "5")]),
        BenchmarkCase(
            name: "fig3-pola-nn-cf1.33",
            rows: [PaperExperiments.polaNeural("1.33", inner: "0.25", outer: "0.02", beta: "0.13")]),
        BenchmarkCase(
            name: "fig3-pola-precond-cf1.33", rows: [PaperExperiments.polaPreconditioned("1.33", inner: "0.4")]),
        BenchmarkCase(name: "fig3-all", rows: PaperExperiments.figure3),
    ]
}
