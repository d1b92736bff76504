import Foundation
import Runtime

extension Builtins {
    static let shards: [Builtin] = [
        Builtin(
            "share",
            "This share's items of a sweep under run --shard k/n (a contiguous block: share k of n gets items "
                + "(k-1)N/n to kN/n-1); all of them when not sharded.",
            [.positional("items", .list, "the sweep's seeds or settings")],
            example: "for seed in share([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) { ... }"
        ) { args, interpreter in
            guard case .list(let items) = args.value("items") else { return .none }
            return .list(interpreter.host.shard?.shard.items(items) ?? items)
        },
        Builtin(
            "merge_shards",
            "The table of a sharded sweep: every FILE.shard-k-of-n.csv beside FILE, checked (same program, "
                + "version and settings; no share missing or twice) and laid end to end.",
            [.positional("path", .string, "the path the sweep's csv(...) call names")],
            example: "t = merge_shards(\"sweep.csv\")"
        ) { args, interpreter in
            try mergeShards(args, interpreter)
        },
    ]

    private static func mergeShards(_ args: CallArguments, _ interpreter: Interpreter) throws -> Value {
        let path = args.string("path")!
        let span = args.spanOf("path")
        let merged: ShardMerge
        do {
            let resolved = try interpreter.host.files.resolve(path)
            merged = try ShardMerge(
                try ShardFiles.shares(of: resolved).map {
                    try ShardFiles.read($0, shown: ($0 as NSString).lastPathComponent)
                })
        } catch let problem as ShardMerge.Problem {
            throw ScriptError(problem.message, at: span)
        } catch FileAccess.Failure.refused(let reason) {
            throw ScriptError(reason, at: span)
        }
        return .table(
            Table(
                columns: merged.columns, rows: merged.rows,
                provenance: [
                    ("merged", .string("\(merged.count) shards of \(merged.program)")),
                    ("pola-repl", .string(Version.current)),
                ]))
    }
}

/// The files of a sharded sweep on disk.
public enum ShardFiles {
    /// Every `NAME.shard-k-of-n.EXT` beside `NAME.EXT`, sorted by name.
    public static func shares(of path: String) throws -> [String] {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let type = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        let pattern = try NSRegularExpression(
            pattern: "^" + NSRegularExpression.escapedPattern(for: stem) + "\\.shard-[0-9]+-of-[0-9]+"
                + (type.isEmpty ? "" : "\\." + NSRegularExpression.escapedPattern(for: type)) + "$")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        let found = names.filter { pattern.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }
        guard !found.isEmpty else {
            throw FileAccess.Failure.refused(
                "no share of '\(name)' found (\(name.isEmpty ? "" : stem).shard-k-of-n\(type.isEmpty ? "" : "." + type))"
            )
        }
        return found.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    /// A share's CSV and the provenance beside it, named in messages as `shown` (as the user
    /// gave it) rather than by its resolved path.
    public static func read(_ path: String, shown: String? = nil) throws -> ShardMerge.Input {
        func text(_ file: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else {
                throw FileAccess.Failure.refused(
                    "cannot read '\(file == path ? shown ?? path : (shown ?? path) + ".json")'")
            }
            return text
        }
        return ShardMerge.Input(path: shown ?? path, csv: try text(path), provenance: try text(path + ".json"))
    }
}
