/// The one epoch loop: every kind of training (`train` and `step` at the prompt for exact,
/// sampled and formula games, `experiment`, and the paper's commands) runs its epochs through
/// it, so interruption, progress, checkpoints and the records handed back work alike for all.
///
/// The loop keeps nothing itself: records go to `observe` as they come, so a long run holds
/// only what its observer keeps, and a run stopped part-way leaves its state at the last
/// completed epoch in the caller's variable with every record of the epochs before.
public struct EpochLoop<Trainer: EpochTrainer>: Sendable {
    public let trainer: Trainer

    public init(_ trainer: Trainer) {
        self.trainer = trainer
    }

    /// Where the loop has come to: the run's epochs completed and the epoch it runs to, and
    /// within the running epoch its outer steps done.
    public struct Progress: Sendable, Equatable {
        /// `state.epoch` so far, and the `lastEpoch` the loop was asked to reach.
        public let epoch: Int
        public let lastEpoch: Int
        /// The running epoch's outer steps (nil between epochs).
        public let epochProgress: EpochProgress?

        public init(epoch: Int, lastEpoch: Int, epochProgress: EpochProgress?) {
            self.epoch = epoch
            self.lastEpoch = lastEpoch
            self.epochProgress = epochProgress
        }
    }

    /// Steps `state` until it holds `lastEpoch` epochs, handing each epoch's record to
    /// `observe` (false stops the loop after that epoch).
    /// - Parameters:
    ///   - recordStart: first hand `observe` the record of the state as it starts.
    ///   - checkpoint: called with the state before the first epoch, and after every epoch that
    ///     makes `state.epoch` a multiple of `every` and after the last, once `observe` has seen
    ///     it: a run saved every k epochs of its own count, whether it started afresh or resumed.
    /// - Throws: the trainer's errors (`RuntimeError.diverged`, `.interrupted`) and those of
    ///   `observe` and `checkpoint`, with `state` at the last completed epoch.
    public func run(
        _ state: inout Trainer.State, through lastEpoch: Int, recordStart: Bool = false,
        interruption: Interruption = .never, checkpointEvery every: Int? = nil,
        checkpoint: (Trainer.State) throws -> Void = { _ in },
        progress: @escaping @Sendable (Progress) -> Void = { _ in },
        observe: (Trainer.State, Trainer.Record) throws -> Bool
    ) throws {
        if recordStart {
            let record = try trainer.startRecord(&state)
            guard try observe(state, record) else { return }
        }
        try checkpoint(state)
        while state.epoch < lastEpoch {
            // The trainers poll `interruption` at their own safe points (every rule polls at least
            // once an epoch), so the loop adds no poll of its own: a host counting polls sees
            // the same ones whatever runs the epochs.
            let done = state.epoch
            let (next, record) = try trainer.epoch(state, interruption: interruption) { steps in
                progress(Progress(epoch: done, lastEpoch: lastEpoch, epochProgress: steps))
            }
            state = next
            let goOn = try observe(state, record)
            progress(Progress(epoch: state.epoch, lastEpoch: lastEpoch, epochProgress: nil))
            guard goOn else { return }
            if state.epoch == lastEpoch || every.map({ state.epoch % $0 == 0 }) ?? false { try checkpoint(state) }
        }
    }
}
