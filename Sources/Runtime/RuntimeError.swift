/// Everything the Runtime refuses or fails at, as data. The interpreter renders these.
public enum RuntimeError: Error, Equatable, Sendable {
    /// A parameter outside its domain: `name` of `owner` was `value`, and `expected` says why.
    case invalidArgument(owner: String, name: String, value: String, expected: String)
    /// Parameters whose shapes do not fit the policy or game.
    case shapeMismatch(owner: String, expected: String, got: String)
    /// A step produced a non-finite value or parameter; nothing was installed.
    case diverged(agent: Int, quantity: String, run: Int)
    /// The caller asked to stop (`Interruption`); nothing was installed.
    case interrupted
    /// An experiment asked to share its runs over fewer than one worker thread.
    case invalidWorkerCount(Int)
}
