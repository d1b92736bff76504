/// Everything the Runtime refuses or fails at, as data. The interpreter renders these.
public enum RuntimeError: Error, Equatable, Sendable {
    /// A rule's or game's setting outside its domain: `value` broke `expected`.
    case invalidSetting(Setting, value: Double, expected: Setting.Constraint)
    /// Two settings that cannot be used together: the first is refused because of the second.
    case incompatibleSettings(Setting, with: Setting)
    /// Parameters whose shapes (without the batch axis) do not fit the policy `owner`.
    case shapeMismatch(owner: String, expected: [[Int]], got: [[Int]])
    /// A step produced a non-finite value or parameter; nothing was installed.
    case diverged(agent: Int, quantity: Quantity, run: Int)
    /// The caller asked to stop (`Interruption`); nothing was installed.
    case interrupted
    /// An experiment asked to share its runs over fewer than one worker thread.
    case invalidWorkerCount(Int)
    /// A sampled game (`IPDWithHistory`, `CoinGame`) asked for episodes of fewer than one step.
    case invalidEpisodeLength(Int)

    /// What stopped being finite.
    public enum Quantity: Equatable, Sendable {
        case parameters
        case value
        /// The learner's model of agent `of`.
        case model(of: Int)
    }
}
