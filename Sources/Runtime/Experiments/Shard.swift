/// One share of a sweep spread over `count` machines or array tasks: share `index` of `count`,
/// counted from 1 (`--shard 2/4`).
///
/// Items go to shares in contiguous blocks, not round robin: share k runs items
/// `[(k-1)N/n, kN/n)`, so laying the shares' rows end to end in share order gives the rows in
/// the order one unsharded run writes them, however many rows each item makes.
public struct Shard: Sendable, Equatable {
    public let index: Int
    public let count: Int

    /// Why a shard's text or a scheduler's variables name no share.
    public enum Problem: Error, Equatable, Sendable {
        /// Not two whole numbers around a slash.
        case notAFraction(String)
        /// `count` below 1.
        case noShares(String)
        /// `index` outside 1...count.
        case outOfRange(index: Int, count: Int)
        /// A Slurm array variable is missing or no whole number (name, its text or nil).
        case slurmVariable(name: String, text: String?)
        /// The array task's id lies outside the array (`id`, `minimum`, `count`).
        case slurmTaskOutsideArray(id: Int, minimum: Int, count: Int)
    }

    public init(index: Int, count: Int) throws(Problem) {
        guard count >= 1 else { throw .noShares("\(index)/\(count)") }
        guard (1...count).contains(index) else { throw .outOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    /// `k/n` as the command line writes it.
    public init(_ text: String) throws(Problem) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .notAFraction(text)
        }
        try self.init(index: index, count: count)
    }

    /// The share of a Slurm array task, from `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT`
    /// and `SLURM_ARRAY_TASK_MIN` (so `--array=0-3` and `--array=1-4` both give 1/4 to 4/4);
    /// nil outside an array job. Arrays with a step (`--array=1-7:2`) are refused by the range
    /// check, as their ids are not consecutive.
    public static func slurm(_ environment: [String: String]) throws(Problem) -> Shard? {
        guard environment["SLURM_ARRAY_TASK_ID"] != nil else { return nil }
        func whole(_ name: String) throws(Problem) -> Int {
            guard let text = environment[name], let value = Int(text) else {
                throw .slurmVariable(name: name, text: environment[name])
            }
            return value
        }
        let (id, count, minimum) =
            (try whole("SLURM_ARRAY_TASK_ID"), try whole("SLURM_ARRAY_TASK_COUNT"), try whole("SLURM_ARRAY_TASK_MIN"))
        guard count >= 1, (minimum..<minimum + count).contains(id) else {
            throw .slurmTaskOutsideArray(id: id, minimum: minimum, count: count)
        }
        return try Shard(index: id - minimum + 1, count: count)
    }

    /// The positions of this share's items among `total`: a contiguous block, empty when there
    /// are fewer items than shares and this share gets none.
    public func positions(of total: Int) -> Range<Int> {
        (index - 1) * total / count..<index * total / count
    }

    public func items<Item>(_ all: [Item]) -> [Item] {
        Array(all[positions(of: all.count)])
    }

    /// `2/4`.
    public var text: String { "\(index)/\(count)" }

    /// What a file of this share adds to its name before the extension: `shard-2-of-4`.
    public var fileTag: String { "shard-\(index)-of-\(count)" }
}
