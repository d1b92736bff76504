/// A way for the caller to stop a long computation at a safe point.
///
/// Rules poll it between proximal iterations, fitting steps and outer steps (the sampled rules
/// also before every chunk of episodes they play or differentiate), and throw
/// `RuntimeError.interrupted` when it fires; since a step installs nothing until it completes,
/// the agents stay at their last completed epoch.
public struct Interruption: Sendable {
    private let requested: @Sendable () -> Bool

    public init(_ requested: @escaping @Sendable () -> Bool) {
        self.requested = requested
    }

    public static let never = Interruption { false }

    /// Whether the caller has asked to stop (for a wrapper that adds its own reasons).
    public var isRequested: Bool { requested() }

    func check() throws {
        if requested() { throw RuntimeError.interrupted }
    }
}
