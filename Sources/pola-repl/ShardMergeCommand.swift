import Foundation
import PolaScript

/// `pola-repl merge OUT.csv SHARE.csv...`: the shares of a sweep, checked and laid end to end
/// into OUT.csv and OUT.csv.json, both or neither; no share file is touched.
struct ShardMergeCommand {
    let files: FileAccess
    var arguments = Array(CommandLine.arguments.dropFirst())

    func run(_ output: String, _ given: [String]) -> ExitStatus {
        // A shell glob such as sweep.shard-* also names the provenance beside each CSV.
        let shares = given.filter { !($0.hasSuffix(".json") && given.contains(String($0.dropLast(5)))) }
        let target = (try? files.resolve(output)) ?? output
        for share in shares where ((try? files.resolve(share)) ?? share) == target {
            return fail(
                "merge would overwrite the share '\(share)' with OUT.csv", at: share,
                notes: [
                    "name the merged table first: pola-repl merge sweep.csv sweep.shard-*.csv"
                ])
        }
        do {
            let inputs = try shares.map { try ShardFiles.read(try files.resolve($0), shown: $0) }
            let merged = try ShardMerge(inputs)
            try files.write([(merged.csv, output), (merged.provenance, output + ".json")])
            Stream.error("merged \(merged.count) shares of \(merged.program): \(merged.rows.count) rows in \(output)\n")
            return .success
        } catch let problem as ShardMerge.Problem {
            return fail(problem.message, at: Self.culprit(problem))
        } catch FileAccess.Failure.refused(let reason) {
            return fail(reason, at: nil)
        } catch {
            return fail("\(error)", at: nil)
        }
    }

    /// The file a problem is about, to put the caret under it.
    private static func culprit(_ problem: ShardMerge.Problem) -> String? {
        switch problem {
        case .notAShare(let path, _), .rows(let path, _, _): path
        case .duplicate(_, let paths): paths.last
        case .counts(_, _, let other, _): other
        case .differ(_, _, let other): other
        case .nothing, .missing: nil
        }
    }

    private func fail(_ message: String, at share: String?, notes: [String] = []) -> ExitStatus {
        let index = share.flatMap { name in arguments.lastIndex(of: name) }
        Stream.error(ArgumentCaret.render(message, arguments: arguments, at: index, notes: notes))
        return .usage
    }
}
