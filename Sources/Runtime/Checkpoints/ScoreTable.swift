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
