import Runtime
import Testing

/// A share of a sweep: read from `k/n` or a Slurm array task, and the block of items it runs.
@Suite struct ShardTests {
    @Test(arguments: [
        ("5/4", Shard.Problem.outOfRange(index: 5, count: 4)), ("0/4", .outOfRange(index: 0, count: 4)),
        ("a/b", .notAFraction("a/b")), ("2", .notAFraction("2")), ("1/2/3", .notAFraction("1/2/3")),
        ("1/0", .noShares("1/0")), ("-1/3", .outOfRange(index: -1, count: 3)),
    ])
    func badTextIsTyped(_ text: String, _ problem: Shard.Problem) {
        #expect(throws: problem) { try Shard(text) }
    }

    @Test func textRoundTrips() throws {
        let shard = try Shard("2/4")
        #expect(shard == (try Shard(index: 2, count: 4)))
        #expect(shard.text == "2/4")
        #expect(shard.fileTag == "shard-2-of-4")
    }

    /// Laid end to end in share order, the blocks are the items in order, each exactly once,
    /// and no two shares differ in size by more than one.
    @Test(arguments: [(10, 4), (3, 5), (7, 7), (0, 2), (100, 3)])
    func sharesPartitionTheItemsInOrder(total: Int, count: Int) throws {
        let items = Array(0..<total)
        let shares = try (1...count).map { try Shard(index: $0, count: count).items(items) }
        #expect(shares.flatMap { $0 } == items)
        let sizes = shares.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }

    @Test func slurmArraysFromZeroOrOneGiveTheSameShares() throws {
        let fromOne = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]
        let fromZero = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"]
        #expect(try Shard.slurm(fromOne) == (try Shard(index: 3, count: 4)))
        #expect(try Shard.slurm(fromZero) == (try Shard(index: 3, count: 4)))
        #expect(try Shard.slurm(["SLURM_JOB_ID": "7"]) == nil)
    }

    @Test(arguments: [
        (["SLURM_ARRAY_TASK_ID": "1"], Shard.Problem.slurmVariable(name: "SLURM_ARRAY_TASK_COUNT", text: nil)),
        (
            ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"],
            .slurmVariable(name: "SLURM_ARRAY_TASK_ID", text: "x")
        ),
        (
            ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"],
            .slurmTaskOutsideArray(id: 7, minimum: 1, count: 4)
        ),
    ])
    func badSlurmVariablesAreTyped(_ environment: [String: String], _ problem: Shard.Problem) {
        #expect(throws: problem) { try Shard.slurm(environment) }
    }
}
