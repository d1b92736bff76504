/// Which slots of a `TraceProgram` share memory.
///
/// A slot that a step writes is needed from that step to the last step that reads it; after
/// that its memory can hold a later step's result of the same size. Giving each slot a buffer
/// of its own made a program hold every intermediate of a forward pass and its backward passes
/// at once: memory that the first replay faults in page by page and that every replay walks
/// through the caches. Shared, fig3-lola-tabular-cf1.1's two programs fault 66 fewer pages
/// (about 130 KB each) and the case's first run is about 5% faster.
///
/// A step's result never shares with the operands it reads (its memory is taken before theirs
/// is given back), since kernels do not work in place. Slots whose numbers must outlive the
/// steps are never shared: inputs (written before the first step), constants (written once,
/// when the program is built) and outputs (read after the last step).
struct TraceBufferPlan {
    /// Per slot, the allocation holding its numbers (an index into `allocationCounts`); nil for
    /// a slot with no buffer of its own.
    private(set) var allocation: [Int?]
    /// The numbers each allocation holds.
    private(set) var allocationCounts: [Int] = []

    /// - Parameters:
    ///   - accesses: every step's slots read and the slot written, in the order they run.
    ///   - counts: the numbers in each slot.
    ///   - roots: the slots that need memory (slots a reshape names are not among them).
    ///   - pinned: slots that must keep their numbers for the whole run: inputs and outputs
    ///     (a root that no step writes, a constant, is pinned too).
    init(accesses: [(reads: [Int], write: Int)], counts: [Int], roots: [Int], pinned: Set<Int>) {
        allocation = [Int?](repeating: nil, count: counts.count)
        var written = [Bool](repeating: false, count: counts.count)
        var lastRead = [Int](repeating: -1, count: counts.count)
        for (position, access) in accesses.enumerated() {
            written[access.write] = true
            for slot in access.reads { lastRead[slot] = position }
        }
        var shared = [Bool](repeating: false, count: counts.count)
        for slot in roots {
            if written[slot] && !pinned.contains(slot) {
                shared[slot] = true
            } else {
                allocation[slot] = newAllocation(counts[slot])
            }
        }
        // Free allocations by size: the same shapes recur all through a gradient of a gradient's passes.
        var free = [Int: [Int]]()
        for (position, access) in accesses.enumerated() {
            let result = access.write
            if shared[result] {
                allocation[result] = free[counts[result]]?.popLast() ?? newAllocation(counts[result])
            }
            // Operands read for the last time, and a result no step reads, give their memory back.
            for (index, slot) in access.reads.enumerated()
            where shared[slot] && lastRead[slot] == position && !access.reads[..<index].contains(slot) {
                free[counts[slot], default: []].append(allocation[slot]!)
            }
            if shared[result] && lastRead[result] < position {
                free[counts[result], default: []].append(allocation[result]!)
            }
        }
    }

    private mutating func newAllocation(_ count: Int) -> Int {
        allocationCounts.append(count)
        return allocationCounts.count - 1
    }
}

extension TraceBufferPlan {
    /// How this plan breaks the rules above for the steps `accesses`, or nil if it keeps them:
    /// every input, constant (a root no step writes) and output (`pinned`) has an allocation of
    /// its own; every step writes an allocation large enough whose last holder is no longer read
    /// (so never one of the step's own operands). `TraceProgram` asserts this (debug builds only).
    func violation(accesses: [(reads: [Int], write: Int)], counts: [Int], roots: [Int], pinned: Set<Int>)
        -> String?
    {
        var written = [Bool](repeating: false, count: counts.count)
        var lastRead = [Int](repeating: -1, count: counts.count)
        for (position, access) in accesses.enumerated() {
            written[access.write] = true
            for slot in access.reads { lastRead[slot] = position }
        }
        var holders = [Int: [Int]]()
        for slot in roots {
            guard let memory = allocation[slot] else { return "slot \(slot) has no buffer" }
            guard allocationCounts[memory] >= counts[slot] else { return "slot \(slot) overflows its buffer" }
            holders[memory, default: []].append(slot)
        }
        for slot in roots where pinned.contains(slot) || !written[slot] {
            let others = holders[allocation[slot]!]!.filter { $0 != slot }
            guard others.isEmpty else { return "slot \(slot), which keeps its numbers, shares with \(others)" }
        }
        var holder = [Int?](repeating: nil, count: allocationCounts.count)
        for (position, access) in accesses.enumerated() {
            guard let memory = allocation[access.write] else { return "step \(position)'s result has no buffer" }
            if let previous = holder[memory], previous != access.write, lastRead[previous] >= position {
                return "step \(position) overwrites slot \(previous), read until step \(lastRead[previous])"
            }
            holder[memory] = access.write
        }
        return nil
    }
}
