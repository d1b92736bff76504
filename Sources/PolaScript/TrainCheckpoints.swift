import Runtime

/// `train`'s `checkpoint:`, `every:` and `resume:`: where the run is saved, how often, and the
/// checkpoint it continues from.
///
/// A run is saved when it starts (which checks the path before any work), after every `every`
/// epochs of the call, and after its last epoch. Writes are atomic, so Ctrl-C or a failure
/// leaves the last checkpoint whole.
struct TrainCheckpoints {
    /// `checkpoint:`, where the run is saved (nil: nowhere).
    let target: CheckpointFile?
    /// Epochs between saves.
    let every: Int
    /// `resume:`, the checkpoint the call continues (nil: it starts afresh).
    let resume: CheckpointFile?

    init(_ args: CallArguments, epochs: Int) throws {
        target = args.string("checkpoint").map { CheckpointFile(path: $0, span: args.spanOf("checkpoint")) }
        resume = args.string("resume").map { CheckpointFile(path: $0, span: args.spanOf("resume")) }
        if args.has("every"), target == nil {
            throw ScriptError(
                "bad argument 'every' to \(args.callee) (only with checkpoint: a path)", at: args.spanOf("every"),
                notes: ["train(..., checkpoint: \"run.ckpt\", every: 5) saves the run every 5 epochs"])
        }
        every = try args.whole("every", in: 1...1_000_000, default: max(epochs, 1), as: "a number of epochs")
    }

    /// The epochs to have done before the next save (the call's total when nothing is saved).
    func nextStop(after done: Int, of total: Int) -> Int {
        target == nil ? total : min(total, (done / every + 1) * every)
    }

    /// Saves `checkpoint` to the target, if there is one.
    func save(_ checkpoint: @autoclosure () -> Checkpoint, _ files: FileAccess) throws {
        try target?.write(checkpoint(), files)
    }

    /// The resumed run's epochs done, checked against the call's `epochs`.
    static func requireEpochs(_ done: Int, within epochs: Int, _ args: CallArguments) throws {
        guard done <= epochs else {
            throw args.bad(
                "epochs", "at least \(done) expected, the epochs '\(args.string("resume") ?? "")' already holds",
                got: String(epochs))
        }
    }

    /// The provenance of a table as a note, and back.
    static func notes(_ provenance: [(String, Value)]) -> Annotation {
        SavedNotes.annotation(.record(provenance))
    }

    static func provenance(_ notes: Annotation) -> [(String, Value)] {
        if case .record(let fields) = SavedNotes.value(notes) { return fields }
        return []
    }

    /// The saved origin of each agent, as text, for comparing with the agents given.
    static func origins(_ agents: Annotation, key: String) -> [String] {
        guard case .list(let notes) = agents else { return [] }
        return notes.map { Provenance.text(SavedNotes.value(SavedNotes.field(key, of: $0))) }
    }
}
