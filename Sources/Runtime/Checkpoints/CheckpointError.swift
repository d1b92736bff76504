/// Why a checkpoint cannot be read, or does not fit the run it is given to, as data: the host
/// names the file and renders the words.
public enum CheckpointError: Error, Equatable, Sendable {
    /// It does not start with the checkpoint magic: some other file.
    case notACheckpoint
    /// Written by a format version this build does not read.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// Shorter than its header says (a copy cut short, a disk that filled up): `bytes` of
    /// `expected`.
    case truncated(bytes: Int, expected: Int)
    /// Its bytes no longer match their checksum.
    case checksumMismatch
    /// A field that cannot be right although the checksum holds (written by a broken build).
    case malformed(section: String, String)
    /// The file holds another kind of thing than the one asked for.
    case wrongKind(expected: Checkpoint.Kind, found: Checkpoint.Kind)
    /// The run it holds was made with another game, rule or agents than the one resuming it.
    case mismatch(RunPart)

    /// What a resumed run must share with the run it continues.
    public enum RunPart: Equatable, Sendable {
        case game
        case rule
        /// The number of agents.
        case agentCount(saved: Int, given: Int)
        /// The agent in this seat has other parameter shapes or another policy.
        case agent(seat: Int)
    }
}
