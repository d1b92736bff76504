import Foundation
import Runtime

/// The share of a sweep this session runs (`run --shard k/n`, or a Slurm array task), and the
/// program it runs: `share(items)` picks this share's items, `csv` and `plot` tag their file
/// names with the share, and the tables' provenance says which share of which program made them.
public struct ShardContext: Sendable {
    public let shard: Shard
    /// The script's or notebook's file name, as given on the command line.
    public let program: String
    /// A digest of the program's text: the shares of one sweep run the same text, so two shares
    /// with different digests were made with different settings and must not be merged.
    public let digest: String

    public init(shard: Shard, program: String, text: String) {
        self.shard = shard
        self.program = program
        digest = Self.digest(text)
    }

    /// `runs/fig4.csv` as this share writes it: `runs/fig4.shard-2-of-4.csv`.
    public func path(for path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let type = (name as NSString).pathExtension
        let tagged =
            type.isEmpty
            ? "\(name).\(shard.fileTag)" : "\((name as NSString).deletingPathExtension).\(shard.fileTag).\(type)"
        return String(path.dropLast(name.count)) + tagged
    }

    /// The provenance field of a table written by this share; `ShardMerge` reads it back.
    var provenance: (String, Value) {
        (
            ShardMerge.field,
            .record([
                ("index", .number(Double(shard.index))), ("count", .number(Double(shard.count))),
                ("program", .string(program)), ("digest", .string(digest)),
            ])
        )
    }

    /// FNV-1a, 64 bits, in hex: stable across runs and machines (Swift's `Hasher` is seeded per
    /// process), and enough to tell two versions of a program apart; it guards against mistakes,
    /// not against forgery.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
