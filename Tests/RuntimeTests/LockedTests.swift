import Dispatch
import Runtime
import Testing

@Suite struct LockedTests {
    @Test func concurrentChangesAreNeverLost() {
        let count = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 1000) { _ in count.withLock { $0 += 1 } }
        #expect(count.withLock { $0 } == 1000)
    }

    @Test func incrementCountsEveryCallOnce() {
        let count = Locked(0)
        let seen = Locked(Set<Int>())
        DispatchQueue.concurrentPerform(iterations: 500) { _ in
            let value = count.increment()
            seen.withLock { _ = $0.insert(value) }
        }
        #expect(seen.withLock { $0 } == Set(1...500))
    }

    @Test func anErrorThrownUnderTheLockLeavesItUsable() {
        struct Refused: Error, Equatable {}
        let box = Locked([1, 2])
        #expect(throws: Refused()) { try box.withLock { _ throws(Refused) in throw Refused() } }
        #expect(box.withLock { $0.count } == 2)
    }
}
