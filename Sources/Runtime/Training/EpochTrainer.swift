/// One kind of learning, an epoch at a time: what `EpochLoop` drives. Two implementations:
/// `ExactTrainer` (an exact rule on any `DifferentiableGame`) and `SampledTrainer` (a DiCE rule
/// on a sampled environment); a host may wrap either (a formula game's trainer adds the
/// script's failures to the interruption).
public protocol EpochTrainer: Sendable {
    associatedtype State: TrainingState
    /// What one epoch reports, and what the loop hands to its observer with the new state.
    associatedtype Record: Sendable

    /// One epoch from `state`: the state after it, whose `epoch` is one more, and its record.
    ///
    /// Atomic: on failure (`RuntimeError.diverged`, `.interrupted`) it throws and the caller's
    /// state is unchanged, since states are values and nothing is installed until it succeeds.
    /// - Parameter progress: hears the epoch's outer steps as they finish (from any thread).
    func epoch(
        _ state: State, interruption: Interruption, progress: @escaping @Sendable (EpochProgress) -> Void
    ) throws -> (State, Record)

    /// The record of `state` as it stands, before an epoch: a table's first row (`start_row:`,
    /// or a sampled run's evaluation at the start, which draws from the state's stream).
    /// - Throws: what computing the values throws (a formula game's script).
    func startRecord(_ state: inout State) throws -> Record
}
