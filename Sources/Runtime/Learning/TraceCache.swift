import TensorLayer

/// The traces of one training's exact rules (`Trace`): each hot function of an epoch recorded
/// once per shape of its inputs and replayed in every later epoch.
///
/// A reference carried by `LearningState` from epoch to epoch (`installing` keeps it), so its
/// traces live as long as one training and no longer. A state cut into groups of runs for
/// worker threads (`selectingRuns`) starts an empty cache per group: threads never share one.
/// (A trace replays one call at a time, so a cache that a copied state did share would stay
/// correct, only slower.)
public final class TraceCache: Sendable {
    private let traces = Locked<[TraceKey: Trace<Double>]>([:])

    public init() {}

    /// The trace of `key`, made with `function` on first use. Everything `function` reads other
    /// than its inputs must be fixed by `key` (and by the state's game, which never changes).
    func trace(_ key: TraceKey, _ function: @escaping @Sendable ([Tensor<Double>]) -> [Tensor<Double>])
        -> Trace<Double>
    {
        traces.withLock { traces in
            if let known = traces[key] { return known }
            let trace = Trace(function)
            traces[key] = trace
            return trace
        }
    }

    /// Every traced function's status for every shape of inputs it has met.
    var statuses: [Trace<Double>.Status] { traces.withLock { $0.values.flatMap(\.statuses) } }
}

/// What fixes a traced function apart from its inputs: its purpose, the learner, the rule's
/// numbers (by bit pattern: 0 and -0 scale differently) and every player's `traceIdentity`.
struct TraceKey: Hashable, Sendable {
    /// Which function of an epoch is traced.
    enum Purpose: Hashable, Sendable {
        /// The learner's outer gradient through the others' look-ahead (`OuterObjective`).
        case outerGradient
        /// The same through the learner's models of the others.
        case outerGradientThroughModels
    }

    let purpose: Purpose
    let learner: Int
    let settings: [UInt64]
    let players: [String]

    init(purpose: Purpose, learner: Int, settings: [Double], players: [String]) {
        (self.purpose, self.learner, self.players) = (purpose, learner, players)
        self.settings = settings.map(\.bitPattern)
    }
}
