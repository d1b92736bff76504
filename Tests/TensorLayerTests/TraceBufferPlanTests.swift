import TestSupport
import Testing

@testable import TensorLayer

/// `TraceBufferPlan`'s rule (a step's result never shares with its operands or with anything
/// still to be read; inputs, constants and outputs never share), and its checker, which
/// `TraceProgram` asserts in debug builds.
@Suite struct TraceBufferPlanTests {
    typealias Access = (reads: [Int], write: Int)

    /// A chain `1 = f(0)`, `2 = f(1)`, `3 = f(2)`, `4 = f(3)` of equal sizes: 1 and 3 take turns
    /// with 2 in two shared buffers, the input 0 and the output 4 have their own.
    static let chain: [Access] = [([0], 1), ([1], 2), ([2], 3), ([3], 4)]
    static let counts = [Int](repeating: 3, count: 5)

    static func plan(_ accesses: [Access], pinned: Set<Int> = [0, 4]) -> TraceBufferPlan {
        TraceBufferPlan(accesses: accesses, counts: counts, roots: Array(counts.indices), pinned: pinned)
    }

    @Test func aChainSharesTwoBuffersAndKeepsTheRule() {
        let plan = Self.plan(Self.chain)
        #expect(plan.allocation[1] == plan.allocation[3])
        #expect(Set(plan.allocation.compactMap { $0 }).count == 4)
        #expect(
            plan.violation(accesses: Self.chain, counts: Self.counts, roots: [0, 1, 2, 3, 4], pinned: [0, 4]) == nil)
    }

    /// The chain's plan is wrong for a program whose third step reads slot 1 again: slot 3 is
    /// written over numbers that step still reads.
    @Test func aResultOverAnOperandIsRejected() {
        let plan = Self.plan(Self.chain)
        let rereading: [Access] = [([0], 1), ([1], 2), ([2, 1], 3), ([3], 4)]
        let violation = plan.violation(
            accesses: rereading, counts: Self.counts, roots: [0, 1, 2, 3, 4], pinned: [0, 4])
        #expect(violation == "step 2 overwrites slot 1, read until step 2")
    }

    /// Slot 3 read after the last step (an output) may not share slot 1's buffer.
    @Test func anOutputSharingABufferIsRejected() {
        let plan = Self.plan(Self.chain)
        let violation = plan.violation(
            accesses: Self.chain, counts: Self.counts, roots: [0, 1, 2, 3, 4], pinned: [0, 3, 4])
        #expect(violation == "slot 3, which keeps its numbers, shares with [1]")
    }

    /// A buffer planned for 3 numbers cannot hold a slot of 4.
    @Test func aBufferTooSmallIsRejected() {
        let plan = Self.plan(Self.chain)
        let violation = plan.violation(
            accesses: Self.chain, counts: [3, 3, 3, 4, 3], roots: [0, 1, 2, 3, 4], pinned: [0, 4])
        #expect(violation == "slot 3 overflows its buffer")
    }

    /// Random programs (each step reading one to three earlier slots, sizes from a few, some
    /// slots outputs, one constant read by every step): the plan always keeps its rule.
    @Test(arguments: 0..<40)
    func randomProgramsKeepTheRule(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        func below(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }
        let (inputs, steps) = (1 + below(3), 5 + below(30))
        let slots = inputs + 1 + steps
        let constant = inputs
        let counts = (0..<slots).map { _ in 1 + below(3) }
        let accesses: [Access] = (0..<steps).map { step in
            let first = inputs + 1 + step
            return ((0..<(1 + below(3))).map { _ in below(first) } + [constant], first)
        }
        let pinned = Set((0..<inputs) + (0..<slots).filter { $0 > constant && below(4) == 0 })
        let plan = TraceBufferPlan(accesses: accesses, counts: counts, roots: Array(0..<slots), pinned: pinned)
        let violation = plan.violation(accesses: accesses, counts: counts, roots: Array(0..<slots), pinned: pinned)
        #expect(violation == nil, "seed \(seed)")
    }
}
