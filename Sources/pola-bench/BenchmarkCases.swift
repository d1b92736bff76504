import Runtime

/// The benchmark cases: the paper README's commands, 20 runs each.
struct BenchmarkCase {
    let name: String
    let rows: [PaperExperiments.Row]
}

enum BenchmarkCases {
    static let all: [BenchmarkCase] = [
        BenchmarkCase(name: "fig3-lola-tabular-cf1.1", rows: [PaperExperiments.lolaTabular("1.1")]),
        BenchmarkCase(
            name: "fig3-lola-nn-cf1.33", rows: [PaperExperiments.lolaNeural("1.33", inner: "0.4", outer: "0.05")]),
        BenchmarkCase(name: "fig3-pola-tabular-cf1.1", rows: [PaperExperiments.polaTabular("1.1", inner: "5")]),
        BenchmarkCase(
            name: "fig3-pola-nn-cf1.33",
            rows: [PaperExperiments.polaNeural("1.33", inner: "0.25", outer: "0.02", beta: "0.13")]),
        BenchmarkCase(
            name: "fig3-pola-precond-cf1.33", rows: [PaperExperiments.polaPreconditioned("1.33", inner: "0.4")]),
        BenchmarkCase(name: "fig3-all", rows: PaperExperiments.figure3),
    ]
}
