import Runtime
import Testing

/// `Agent.random(policy:seed:seat:runs:)`: the one seeding convention of multi-run experiments.
@Suite struct SeedingTests {
    let policy = TabularPolicy(stateCount: 5)

    @Test(arguments: [(seed: UInt64(1), seat: 0, drawsFrom: UInt64(1000)), (1, 1, 1001), (7, 3, 7003), (0, 0, 0)])
    func seatIOfSeedSDrawsFromSeed1000STimesPlusI(seed: UInt64, seat: Int, drawsFrom expected: UInt64) {
        let seated = Agent.random(policy: policy, seed: seed, seat: seat, runs: 3)
        let direct = Agent.random(policy: policy, seed: expected, runs: 3)
        #expect(seated.parameters[0].scalars == direct.parameters[0].scalars)
    }

    /// `Seeding.seat(_:of:)`, the one formula: `seed * 1000 + seat`, wrapping past the top.
    @Test(arguments: [
        (seed: UInt64(1), seat: 0, expected: UInt64(1000)), (1, 1, 1001), (7, 3, 7003), (0, 0, 0),
        (UInt64.max, 1, 18_446_744_073_709_550_617),
    ])
    func aSeatsSeedIsItsSeedTimes1000PlusTheSeat(seed: UInt64, seat: Int, expected: UInt64) {
        #expect(Seeding.seat(seat, of: seed) == expected)
    }
}
