/// Everything a file of saved work holds, as a value: a saved agent (of either half) or a
/// training run in progress. The Runtime never touches files: it turns a checkpoint into bytes
/// and back, and the host writes and reads them (PolaScript atomically, through `FileAccess`).
///
/// The layout (docs/checkpoint-format.md): a header (magic, version, kind, total length,
/// section count), tagged sections, and a CRC-32 of everything before it. Floats are stored as
/// their bit patterns, so a run continued from its checkpoint is the straight run bit for bit.
///
///     let bytes = ExactTrainingRun(state: state, rule: rule, scores: table).snapshot().encoded()
///     let run = try ExactTrainingRun(snapshot: Checkpoint(decoding: bytes), game: game, rule: rule)
public enum Checkpoint: Sendable {
    case exactAgent(Agent, notes: Annotation)
    case sampledAgent(SampledAgent, notes: Annotation)
    case exactRun(ExactTrainingRun)
    case sampledRun(SampledTrainingRun)

    public enum Kind: UInt8, Sendable, CaseIterable {
        case exactAgent = 1
        case sampledAgent = 2
        case exactRun = 3
        case sampledRun = 4
    }

    /// The format this build writes, and the only one it reads.
    public static let version: UInt32 = 1
    static let magic = Array("POLACKPT".utf8)
    /// Magic 8, version 4, kind 1, total length 8, section count 4.
    static let headerSize = 25
    static let checksumSize = 4

    public var kind: Kind {
        switch self {
        case .exactAgent: .exactAgent
        case .sampledAgent: .sampledAgent
        case .exactRun: .exactRun
        case .sampledRun: .sampledRun
        }
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        let sections = self.sections()
        var writer = ByteWriter()
        writer.raw(Self.magic)
        writer.u32(Self.version)
        writer.u8(kind.rawValue)
        let bodySize = sections.reduce(0) { $0 + 4 + 8 + $1.bytes.count }
        writer.count(Self.headerSize + bodySize + Self.checksumSize)
        writer.u32(UInt32(sections.count))
        for (tag, bytes) in sections {
            writer.raw(Array(tag.utf8))
            writer.count(bytes.count)
            writer.raw(bytes)
        }
        writer.u32(CRC32.checksum(writer.bytes[...]))
        return writer.bytes
    }

    /// Reads a checkpoint, checking in order: the magic, the version, the length (`truncated`),
    /// the checksum, then every section's fields.
    public init(decoding bytes: [UInt8]) throws(CheckpointError) {
        let file = try CheckpointSections(bytes)
        switch file.kind {
        case .exactAgent:
            self = .exactAgent(
                try file.section("AGNT") { r throws(CheckpointError) in try Agent.read(from: &r) },
                notes: try file.notes())
        case .sampledAgent:
            self = .sampledAgent(
                try file.section("AGNT") { r throws(CheckpointError) in try SampledAgent.read(from: &r) },
                notes: try file.notes())
        case .exactRun: self = .exactRun(try ExactTrainingRun(file))
        case .sampledRun: self = .sampledRun(try SampledTrainingRun(file))
        }
    }

    private func sections() -> [(tag: String, bytes: [UInt8])] {
        switch self {
        case .exactAgent(let agent, let notes):
            [("AGNT", Self.bytes { agent.write(to: &$0) }), ("NOTE", Self.bytes { notes.write(to: &$0) })]
        case .sampledAgent(let agent, let notes):
            [("AGNT", Self.bytes { agent.write(to: &$0) }), ("NOTE", Self.bytes { notes.write(to: &$0) })]
        case .exactRun(let run): run.sections()
        case .sampledRun(let run): run.sections()
        }
    }

    static func bytes(_ write: (inout ByteWriter) -> Void) -> [UInt8] {
        var writer = ByteWriter()
        write(&writer)
        return writer.bytes
    }
}

/// A checked file split into its sections: the header, length and checksum are verified here,
/// before any section is read.
struct CheckpointSections {
    let kind: Checkpoint.Kind
    private let bytes: [UInt8]
    private var ranges: [String: Range<Int>] = [:]

    init(_ bytes: [UInt8]) throws(CheckpointError) {
        self.bytes = bytes
        let magic = Checkpoint.magic
        guard bytes.starts(with: magic.prefix(bytes.count)) else { throw .notACheckpoint }
        guard bytes.count >= Checkpoint.headerSize else {
            throw .truncated(bytes: bytes.count, expected: Checkpoint.headerSize)
        }
        var header = ByteReader(bytes, from: magic.count, section: "header")
        let version = try header.u32()
        guard version == Checkpoint.version else {
            throw .unsupportedVersion(found: version, supported: Checkpoint.version)
        }
        let kindByte = try header.u8()
        let total = try header.u64()
        guard UInt64(bytes.count) >= total else { throw .truncated(bytes: bytes.count, expected: Int(total)) }
        guard UInt64(bytes.count) == total, total >= UInt64(Checkpoint.headerSize + Checkpoint.checksumSize) else {
            throw .malformed(section: "header", "a length of \(total) bytes for a file of \(bytes.count)")
        }
        let end = bytes.count - Checkpoint.checksumSize
        var trailer = ByteReader(bytes, from: end, section: "checksum")
        guard CRC32.checksum(bytes[..<end]) == (try trailer.u32()) else { throw .checksumMismatch }
        guard let kind = Checkpoint.Kind(rawValue: kindByte) else {
            throw .malformed(section: "header", "a kind \(kindByte) this build does not know")
        }
        self.kind = kind
        let count = try header.u32()
        var body = ByteReader(bytes, from: Checkpoint.headerSize, to: end, section: "sections")
        for _ in 0..<count {
            let tag = String(decoding: try body.take(4), as: UTF8.self)
            let size = try body.count(unit: 1)
            let start = body.position
            _ = try body.take(size)
            ranges[tag] = start..<(start + size)
        }
    }

    /// A reader over section `tag`, which must be present.
    func reader(_ tag: String) throws(CheckpointError) -> ByteReader {
        guard let range = ranges[tag] else { throw .malformed(section: tag, "the section is missing") }
        return ByteReader(bytes, from: range.lowerBound, to: range.upperBound, section: tag)
    }

    /// `value`, once `reader` has read its whole section.
    func finished<T>(_ value: T, _ reader: ByteReader) throws(CheckpointError) -> T {
        guard reader.isAtEnd else { throw .malformed(section: reader.section, "bytes are left after its fields") }
        return value
    }

    /// The host's notes (section NOTE).
    func notes() throws(CheckpointError) -> Annotation {
        try section("NOTE") { r throws(CheckpointError) in try Annotation.read(from: &r) }
    }

    /// A whole section read by `read`.
    func section<T>(_ tag: String, _ read: (inout ByteReader) throws(CheckpointError) -> T) throws(CheckpointError)
        -> T
    {
        var reader = try reader(tag)
        let value = try read(&reader)
        return try finished(value, reader)
    }
}
