/// The table of builtins: the single source of truth for calls, `:help` and completion.
public enum Builtins {
    public static let all: [Builtin] =
        core + games + matrixGames + seeds + agents + strategies + internals + rules + shapingRules + learning
        + tables + sampledGames + sampledRules + sampledLearning + formulaGames + checkpoints + shards

    /// The most numbers one agent's parameters (times the runs of an experiment) may hold:
    /// 4 million float64, 32 MB, far beyond the paper's networks and far below the machine.
    public static let maximumParameters = 4_000_000

    /// The widest hidden layer of an exact game's network agent (`mlp`, `experiment`'s
    /// "mlp" policies): 256 times the paper's 16, and `maximumParameters` caps the whole
    /// network (and its runs) again.
    static let widestLayer = 4096

    /// The widest network trained again within every epoch: an opponent model (`model_hidden`,
    /// refitted at each step) or a sampled game's GRU (`gru(hidden:)`, unrolled over every step
    /// of every episode of a batch). A quarter of `widestLayer`: these widths are paid for many
    /// times an epoch, and no parameter cap bounds them.
    static let widestTrainedNetwork = 1024

    public static func named(_ name: String) -> Builtin? {
        all.first { $0.name == name }
    }
}
