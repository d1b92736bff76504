/// The table of builtins: the single source of truth for calls, `:help` and completion.
public enum Builtins {
    public static let all: [Builtin] =
        core + games + seeds + agents + rules + learning + tables + sampledGames + sampledRules
        + sampledLearning + checkpoints + shards

    /// The most numbers one agent's parameters (times the runs of an experiment) may hold:
    /// 4 million float64, 32 MB, far beyond the paper's networks and far below the machine.
    public static let maximumParameters = 4_000_000

    public static func named(_ name: String) -> Builtin? {
        all.first { $0.name == name }
    }
}
