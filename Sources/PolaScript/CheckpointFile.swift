import Runtime

/// A checkpoint file named in a call: reads and writes go through `FileAccess` (writes atomic:
/// the old file or the new one, never part of one), and every failure becomes an error at the
/// path's argument that names the file and what is wrong with it. Reading changes nothing.
struct CheckpointFile {
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

    /// `error` in PolaScript's voice, naming the file.
    func error(_ error: CheckpointError, saved: String = "", given: String = "") -> ScriptError {
        let name = "'\(path)'"
        switch error {
        case .notACheckpoint:
            return ScriptError("\(name) is not a checkpoint (it does not begin with POLACKPT)", at: span)
        case .unsupportedVersion(let found, let supported):
            return ScriptError(
                "\(name) is a checkpoint of format version \(found); this pola-repl reads version \(supported)",
                at: span, notes: ["read it with the pola-repl that wrote it"])
        case .truncated(let bytes, let expected):
            return ScriptError(
                "\(name) is truncated (\(bytes) of its \(expected) bytes)", at: span,
                notes: ["it was cut short after it was written (a copy, a full disk): pola-repl writes whole files"])
        case .checksumMismatch:
            return ScriptError("\(name) is corrupt (its checksum does not match its contents)", at: span)
        case .malformed(let section, let detail):
            return ScriptError("\(name) is corrupt (section \(section): \(detail))", at: span)
        case .wrongKind(let expected, let found):
            return ScriptError(
                "\(name) holds \(Self.text(found)), not \(Self.text(expected))", at: span,
                notes: [Self.source(found)])
        case .mismatch(let part):
            return ScriptError("\(name) " + Self.text(part, saved: saved, given: given), at: span)
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
