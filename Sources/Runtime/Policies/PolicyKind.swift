/// The policy families the paper compares (Figure 3's "tabular", "precond" and "nn16"), as one
/// closed set: every place that chooses a policy by name (PolaScript's `experiment` and opponent
/// models, the paper's command line) reads its name into a kind, and the kind builds the policy.
public enum PolicyKind: Sendable, Equatable {
    /// One logit per state.
    case tabular
    /// One logit per state behind the paper's ill-conditioning matrix.
    case preconditionedTabular
    /// A network with one hidden layer of the given width.
    case mlp(hidden: Int)
    /// The same network with its output logit scaled as the paper's `--ill_condition` does.
    case preconditionedMLP(hidden: Int)

    /// The policy of this kind for the states of `game`.
    public func policy(for game: ContributionGame) -> any Policy {
        switch self {
        case .tabular: TabularPolicy(stateCount: game.stateCount)
        case .preconditionedTabular: TabularPolicy(stateCount: game.stateCount, preconditioned: true)
        case .mlp(let hidden): NeuralPolicy(game: game, hidden: [hidden])
        case .preconditionedMLP(let hidden): NeuralPolicy(game: game, hidden: [hidden], preconditioned: true)
        }
    }
}
