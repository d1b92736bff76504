import Synchronization

/// A value that several threads share, read and changed only while holding its lock.
///
/// The one lock-box of the package: result slots that concurrent workers fill, counters the
/// workers bump, output collected from a callback. A class, because the point is that every
/// holder sees the same value; the lock is a `Mutex`, so the compiler checks that the box is
/// `Sendable` (no `@unchecked`) and that only `Sendable` values go in and out.
///
///     let finished = Locked(0)
///     DispatchQueue.concurrentPerform(iterations: 4) { _ in finished.withLock { $0 += 1 } }
///     finished.withLock { $0 }   // 4
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with the value, exclusively: no other `withLock` on this box runs meanwhile.
    /// Keep `body` short; it blocks every other thread waiting for the value.
    public func withLock<Result: Sendable, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try mutex.withLock { (value: inout Value) throws(Failure) -> Result in try body(&value) }
    }
}

extension Locked where Value == Int {
    /// Adds one and returns the new count: a counter that several threads bump.
    public func increment() -> Int {
        withLock { count in
            count += 1
            return count
        }
    }
}
