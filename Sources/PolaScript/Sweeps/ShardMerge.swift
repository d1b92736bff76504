import Foundation
import Runtime

/// The shares of one sweep, laid end to end into the table one unsharded run writes: CSV rows
/// in share order (shares hold contiguous blocks of the items, see `Shard`), and the provenance
/// they all share, with the share field replaced by the number of shares.
///
/// It refuses shares of different programs (digests), versions or settings, a share given
/// twice, a share missing, and files that are no share.
public struct ShardMerge: Sendable {
    /// The provenance field that marks a share's table.
    static let field = "shard"

    /// One share's CSV and the provenance beside it, as read from the files.
    public struct Input: Sendable {
        public let path: String
        public let csv: String
        public let provenance: String

        public init(path: String, csv: String, provenance: String) {
            self.path = path
            self.csv = csv
            self.provenance = provenance
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        /// No file to merge.
        case nothing
        /// The provenance is not what `csv` writes for a share (path, what is wrong).
        case notAShare(path: String, reason: String)
        /// Two files claim the same share.
        case duplicate(index: Int, paths: [String])
        /// Shares of sweeps split into different numbers of shares.
        case counts(first: String, firstCount: Int, other: String, otherCount: Int)
        /// Shares `indices` of `count` were not given.
        case missing(indices: [Int], count: Int)
        /// Two shares disagree in a provenance field (the program's digest, the version, a setting).
        case differ(field: String, first: String, other: String)
        /// The CSV's row count is not the provenance's.
        case rows(path: String, csv: Int, provenance: Int)

        public var message: String {
            switch self {
            case .nothing: "nothing to merge: give the CSV files of every share"
            case .notAShare(let path, let reason): "'\(path)' is not a share of a sweep: \(reason)"
            case .duplicate(let index, let paths):
                "share \(index) is given twice: " + paths.map { "'\($0)'" }.joined(separator: " and ")
            case .counts(let first, let firstCount, let other, let otherCount):
                "'\(first)' is a share of \(firstCount) but '\(other)' is a share of \(otherCount)"
            case .missing(let indices, let count):
                "share\(indices.count == 1 ? "" : "s") " + indices.map(String.init).joined(separator: ", ")
                    + " of \(count) missing"
            case .differ(let field, let first, let other):
                "'\(first)' and '\(other)' were made with different \(field == "shard" ? "programs" : "'\(field)'")"
                    + ": their shares cannot be one table"
            case .rows(let path, let csv, let provenance):
                "'\(path)' has \(csv) rows but its provenance says \(provenance)"
            }
        }
    }

    /// A share read: its number, its header and data lines, and its provenance's top-level fields.
    private struct Share {
        let input: Input
        let index: Int
        let count: Int
        let digest: String
        let program: String
        let header: String
        let lines: [String]
        let fields: [(key: String, text: String)]
    }

    public let csv: String
    public let provenance: String
    public let columns: [String]
    public let rows: [[Double]]
    public let program: String
    public let count: Int

    public init(_ inputs: [Input]) throws(Problem) {
        guard !inputs.isEmpty else { throw .nothing }
        var shares = [Share]()
        for input in inputs { shares.append(try Self.read(input)) }
        shares.sort { $0.index < $1.index }
        let first = shares[0]
        for share in shares.dropFirst() {
            guard share.count == first.count else {
                throw .counts(
                    first: first.input.path, firstCount: first.count, other: share.input.path, otherCount: share.count)
            }
        }
        for (a, b) in zip(shares, shares.dropFirst()) where a.index == b.index {
            throw .duplicate(index: a.index, paths: [a.input.path, b.input.path])
        }
        let absent = Set(1...first.count).subtracting(shares.map(\.index)).sorted()
        guard absent.isEmpty else { throw .missing(indices: absent, count: first.count) }
        for share in shares.dropFirst() {
            guard share.digest == first.digest else {
                throw .differ(field: Self.field, first: first.input.path, other: share.input.path)
            }
            let keys = Set(first.fields.map(\.key)).union(share.fields.map(\.key)).subtracting([Self.field, "rows"])
            for key in first.fields.map(\.key) + share.fields.map(\.key) where keys.contains(key) {
                let mine = first.fields.first { $0.key == key }?.text
                let theirs = share.fields.first { $0.key == key }?.text
                guard mine == theirs else {
                    throw .differ(field: key, first: first.input.path, other: share.input.path)
                }
            }
            guard share.header == first.header else {
                throw .differ(field: "columns", first: first.input.path, other: share.input.path)
            }
        }
        let lines = shares.flatMap(\.lines)
        csv = ([first.header] + lines).map { $0 + "\r\n" }.joined()
        program = first.program
        count = first.count
        provenance = Self.provenance(first, count: first.count, rows: lines.count)
        columns = CSV.fields(of: first.header)
        rows = lines.map { CSV.fields(of: $0).map { Double($0) ?? .nan } }
    }

    private static func read(_ input: Input) throws(Problem) -> Share {
        let fields = topLevelFields(input.provenance)
        let object = try? JSONSerialization.jsonObject(with: Data(input.provenance.utf8)) as? [String: Any]
        guard let object, let mark = object[field] as? [String: Any] else {
            throw .notAShare(path: input.path, reason: "its provenance (.json) has no '\(field)' field")
        }
        guard let index = mark["index"] as? Int, let count = mark["count"] as? Int,
            let digest = mark["digest"] as? String, let program = mark["program"] as? String
        else {
            throw .notAShare(path: input.path, reason: "its '\(field)' field lacks index, count, program or digest")
        }
        var lines = input.csv.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first else { throw .notAShare(path: input.path, reason: "its CSV is empty") }
        let data = Array(lines.dropFirst())
        if let rows = object["rows"] as? Int, rows != data.count {
            throw .rows(path: input.path, csv: data.count, provenance: rows)
        }
        return Share(
            input: input, index: index, count: count, digest: digest, program: program, header: header, lines: data,
            fields: fields)
    }

    /// The top-level fields of a provenance file in their order, each as its text: `Provenance.json`
    /// writes one per line at two spaces' indent, nested values deeper, so the order (which
    /// `JSONSerialization` loses) and the exact text (which the comparison needs) survive.
    private static func topLevelFields(_ json: String) -> [(key: String, text: String)] {
        var fields = [(key: String, text: String)]()
        for line in json.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  \""), let colon = line.range(of: "\": ") {
                let key = String(line[line.index(line.startIndex, offsetBy: 3)..<colon.lowerBound])
                fields.append((key, String(line)))
            } else if line.hasPrefix("   "), !fields.isEmpty {
                fields[fields.count - 1].text += "\n" + line
            }
        }
        return fields.map { field in
            (field.key, field.text.hasSuffix(",") ? String(field.text.dropLast()) : field.text)
        }
    }

    /// The first share's provenance with `shard` replaced by `shards` (count, program, digest)
    /// and the merged row count.
    private static func provenance(_ first: Share, count: Int, rows: Int) -> String {
        let merged = Provenance.json(
            .record([
                ("count", .number(Double(count))), ("program", .string(first.program)),
                ("digest", .string(first.digest)),
            ]), indent: "  ")
        let fields = first.fields.map { field in
            switch field.key {
            case Self.field: "  \"shards\": " + merged
            case "rows": "  \"rows\": \(rows)"
            default: field.text
            }
        }
        return "{\n" + fields.joined(separator: ",\n") + "\n}\n"
    }
}
