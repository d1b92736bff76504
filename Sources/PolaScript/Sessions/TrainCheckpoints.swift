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

    /// Refuses `checkpoint:` and `resume:` for a formula game, whose losses are a PolaScript
    /// function: a checkpoint holds numbers, and a function cannot be written as numbers, nor could
    /// a resumed run check that it is given the same one.
    static func refuseFormulaGame(_ args: CallArguments) throws {
        for name in ["checkpoint", "resume"] where args.has(name) {
            throw ScriptError(
                "bad argument '\(name)' to \(args.callee) (a formula game's run cannot be saved: its losses are a "
                    + "function, which a checkpoint cannot hold)", at: args.spanOf(name),
                notes: [Self.keepPoints])
        }
    }

    /// How to keep a formula game's agents instead of saving them.
    static let keepPoints = "keep the points' numbers instead (p.params) and make them again with point(g, numbers)"

    /// The epochs to have done before the next save (the call's total when nothing is saved).
    func nextStop(after done: Int, of total: Int) -> Int {
        target == nil ? total : min(total, (done / every + 1) * every)
    }

    /// Saves `checkpoint` to the target, if there is one.
    func save(_ checkpoint: @autoclosure () -> Checkpoint?, _ files: FileAccess) throws {
        guard let target, let checkpoint = checkpoint() else { return }
        try target.write(checkpoint, files)
    }

    /// The resumed run's epochs done, checked against the call's `epochs`.
    static func requireEpochs(_ done: Int, within epochs: Int, _ args: CallArguments) throws {
        guard done <= epochs else {
            throw args.bad(
                "epochs", "at least \(done) expected, as '\(args.string("resume") ?? "")' holds \(done) already",
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

    /// The notes of each agent of a run being resumed, once the agents given are checked to be
    /// the same agents (their origins, field `origin` of each note, as text) and the call's
    /// `epochs` to reach at least the `done` it holds.
    static func agentNotes(
        _ notes: Annotation, origin: String, given: [String], done: Int, epochs: Int, _ file: CheckpointFile,
        _ args: CallArguments
    ) throws -> [Annotation] {
        guard case .list(let each) = SavedNotes.field("agents", of: notes), each.count == given.count else {
            throw file.error(.malformed(section: "NOTE", "no history for each agent"))
        }
        let origins = each.map { Provenance.text(SavedNotes.value(SavedNotes.field(origin, of: $0))) }
        for (seat, (saved, given)) in zip(origins, given).enumerated() where saved != given {
            throw file.error(.mismatch(.agent(seat: seat)), saved: saved, given: given)
        }
        try requireEpochs(done, within: epochs, args)
        return each
    }
}
