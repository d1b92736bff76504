/// The host's own notes in a checkpoint (how an agent or table was made): a tree of numbers,
/// flags, text, lists and named fields that the Runtime stores and returns untouched.
public indirect enum Annotation: Sendable, Equatable {
    case none
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Annotation])
    case record([Field])

    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: Annotation

        public init(_ name: String, _ value: Annotation) {
            self.name = name
            self.value = value
        }
    }

    /// Deeper trees are refused on reading, so a corrupt file cannot exhaust the stack.
    static let deepest = 64

    func write(to writer: inout ByteWriter) {
        switch self {
        case .none: writer.u8(0)
        case .bool(let b):
            writer.u8(1)
            writer.bool(b)
        case .number(let x):
            writer.u8(2)
            writer.double(x)
        case .string(let s):
            writer.u8(3)
            writer.string(s)
        case .list(let items):
            writer.u8(4)
            writer.count(items.count)
            for item in items { item.write(to: &writer) }
        case .record(let fields):
            writer.u8(5)
            writer.count(fields.count)
            for field in fields {
                writer.string(field.name)
                field.value.write(to: &writer)
            }
        }
    }

    static func read(from reader: inout ByteReader, depth: Int = 0) throws(CheckpointError) -> Annotation {
        guard depth < deepest else { throw .malformed(section: reader.section, "notes nested too deep") }
        switch try reader.u8() {
        case 0: return .none
        case 1: return .bool(try reader.bool())
        case 2: return .number(try reader.double())
        case 3: return .string(try reader.string())
        case 4:
            var items = [Annotation]()
            for _ in 0..<(try reader.count(unit: 1)) { items.append(try read(from: &reader, depth: depth + 1)) }
            return .list(items)
        case 5:
            var fields = [Field]()
            for _ in 0..<(try reader.count(unit: 1)) {
                let name = try reader.string()
                fields.append(Field(name, try read(from: &reader, depth: depth + 1)))
            }
            return .record(fields)
        case let tag: throw .malformed(section: reader.section, "a note of unknown type \(tag)")
        }
    }
}

/// The score records of a run so far: named columns, one row per record (an epoch, an
/// evaluation), stored bit for bit.
public struct ScoreTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Double]]

    public init(columns: [String], rows: [[Double]] = []) {
        self.columns = columns
        self.rows = rows
    }

    func write(to writer: inout ByteWriter) {
        writer.count(columns.count)
        for column in columns { writer.string(column) }
        writer.count(rows.count)
        for row in rows { for x in row { writer.double(x) } }
    }

    static func read(from reader: inout ByteReader) throws(CheckpointError) -> ScoreTable {
        var columns = [String]()
        for _ in 0..<(try reader.count(unit: 1)) { columns.append(try reader.string()) }
        let rowCount = try reader.count(unit: 8 * max(columns.count, 1))
        var rows = [[Double]]()
        for _ in 0..<rowCount {
            var row = [Double]()
            for _ in columns { row.append(try reader.double()) }
            rows.append(row)
        }
        return ScoreTable(columns: columns, rows: rows)
    }
}
