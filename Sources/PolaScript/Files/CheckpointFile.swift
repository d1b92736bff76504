import Runtime

/// A checkpoint file named in a call: reads and writes go through `FileAccess` (writes atomic:
/// the old file or the new one, never part of one), and every failure becomes an error at the
/// path's argument that names the file and what is wrong with it. Reading changes nothing.
public struct CheckpointFile: Sendable {
    let path: String
    /// The path's argument, where errors point.
    let span: SourceSpan

    func write(_ checkpoint: Checkpoint, _ files: FileAccess) throws {
        do {
            try files.write(bytes: checkpoint.encoded(), to: path)
        } catch FileAccess.Failure.refused(let reason) {
            throw ScriptError(reason, at: span)
        }
    }

    func read(_ files: FileAccess) throws -> Checkpoint {
        let bytes: [UInt8]
        do {
            bytes = try files.read(path)
        } catch FileAccess.Failure.refused(let reason) {
            throw ScriptError(reason, at: span)
        }
        do {
            return try Checkpoint(decoding: bytes)
        } catch {
            throw self.error(error)
        }
    }

    /// `error` in PolaScript's voice, naming the file, at the path's argument.
    func error(_ error: CheckpointError, saved: String = "", given: String = "") -> ScriptError {
        let words = Self.describe(error, path: path, saved: saved, given: given)
        return ScriptError(words.message, at: span, notes: words.notes)
    }

    /// What is wrong with the checkpoint at `path`, as a message and notes, for any host (the
    /// `paper` command's too). For a mismatch, `saved` and `given` describe what differs.
    public static func describe(_ error: CheckpointError, path: String, saved: String = "", given: String = "")
        -> (message: String, notes: [String])
    {
        let name = "'\(path)'"
        switch error {
        case .notACheckpoint:
            return ("\(name) is not a checkpoint (it does not begin with POLACKPT)", [])
        case .unsupportedVersion(let found, let supported):
            return (
                "\(name) is a checkpoint of format version \(found); this pola-repl reads version \(supported)",
                ["read it with the pola-repl that wrote it"]
            )
        case .truncated(let bytes, let expected):
            return (
                "\(name) is truncated (\(bytes) of its \(expected) bytes)",
                ["it was cut short after it was written (a copy, a full disk): pola-repl writes whole files"]
            )
        case .checksumMismatch:
            return ("\(name) is corrupt (its checksum does not match its contents)", [])
        case .malformed(let section, let detail):
            return ("\(name) is corrupt (section \(section): \(detail))", [])
        case .wrongKind(let expected, let found):
            return ("\(name) holds \(text(found)), not \(text(expected))", [source(found)])
        case .mismatch(let part):
            return ("\(name) " + text(part, saved: saved, given: given), [])
        }
    }

    static func text(_ kind: Checkpoint.Kind) -> String {
        switch kind {
        case .exactAgent: "an agent"
        case .sampledAgent: "a sampled agent"
        case .exactRun: "a training run of an exact rule"
        case .sampledRun: "a training run of a sampled rule"
        }
    }

    /// Where a file of this kind comes from, and what reads it.
    private static func source(_ kind: Checkpoint.Kind) -> String {
        switch kind {
        case .exactAgent, .sampledAgent: "an agent file, from save(path, a); load(path) reads it back"
        case .exactRun, .sampledRun:
            "a run, from train(..., checkpoint: path) or save(path, r, g, a, b); train(..., resume: path) continues it"
        }
    }

    private static func text(_ part: CheckpointError.RunPart, saved: String, given: String) -> String {
        switch part {
        case .game: "was saved from a run on \(saved), not on \(given)"
        case .rule: "was saved from a run of \(saved), not of \(given)"
        case .agentCount(let saved, let given): "holds a run of \(saved) agents, not \(given)"
        case .agent(let seat): "holds a run whose agent in seat \(seat) is \(saved), not \(given)"
        }
    }
}
