import Foundation
import Runtime

/// Runs work on a thread with a large stack. The interpreter recurses natively for every nested
/// call and expression, and its depth limits (`Interpreter.maximumCallDepth`, the parser's
/// nesting limit) are set well inside this stack, not inside a default 8 MB (or smaller) one:
/// every host runs the interpreter through here.
public enum LargeStack {
    public static let bytes = 512 << 20

    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        run(waitingUntil: .distantFuture, body)!
    }

    /// Runs `body` as `run` does, but waits for it only until `deadline`: nil if it has not
    /// returned by then. It then goes on running on its own thread; a caller that gives up on
    /// it should have asked it to stop first (through its host's interruption).
    public static func run<T: Sendable>(waitingUntil deadline: DispatchTime, _ body: @escaping @Sendable () -> T) -> T?
    {
        let done = DispatchSemaphore(value: 0)
        let result = Locked<T?>(nil)
        let thread = Thread {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.stackSize = bytes
        thread.start()
        guard done.wait(timeout: deadline) == .success else { return nil }
        return result.withLock { $0 }
    }
}
