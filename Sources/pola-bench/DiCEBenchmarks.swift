import Runtime

/// The sampled half's cases, timing what the paper's code does per update (the README's table
/// of the paper's DiCE timings): the epoch (or one outer step) and the evaluation
/// against the fixed strategies that follows it. Batch 2000, hidden 64, rollout 50, one layer
/// before the GRU, as the README's Figure 4 and 5 commands.
enum DiCEBenchmarks {
    static let names = ["dice-ipd-lola-update", "dice-ipd-pola-outer-step", "dice-coin-lola-update"]

    /// Runs the named case; false if the name is not one of `names`.
    static func run(_ name: String) throws -> Bool {
        switch name {
        case "dice-ipd-lola-update":
            try update(IPDWithHistory(), DiCERule(.lolaDiCE, innerRate: 0.05))
        case "dice-ipd-pola-outer-step":
            try update(
                IPDWithHistory(),
                DiCERule(.polaDiCE, innerRate: 0.005, innerSteps: 2, outerSteps: 1, innerBeta: 10, outerBeta: 100))
        case "dice-coin-lola-update":
            try update(CoinGame(), DiCERule(.lolaDiCE, innerRate: 0.003))
        default:
            return false
        }
        return true
    }

    /// One epoch of `rule` between two seeded GRU agents, then the evaluation.
    private static func update<Environment: FixedStrategyEnvironment>(_ environment: Environment, _ rule: DiCERule)
        throws
    {
        let agents = (0..<2).map { SampledAgent.gru(for: environment, hidden: 64, seed: UInt64(1 + $0)) }
        var state = SampledLearningState(environment: environment, agents: agents, seed: 1)
        // Through the epoch loop `train` and the paper's commands use, so the case times their path.
        try EpochLoop(SampledTrainer<Environment>(rule: rule, evaluates: true)).run(&state, through: 1) { _, _ in true }
    }
}
