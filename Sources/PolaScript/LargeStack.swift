import Foundation

/// Runs work on a thread with a large stack. The interpreter recurses natively for every nested
/// call and expression, and its depth limits (`Interpreter.maximumCallDepth`, the parser's
/// nesting limit) are set well inside this stack, not inside a default 8 MB (or smaller) one:
/// every host runs the interpreter through here.
public enum LargeStack {
    public static let bytes = 512 << 20

    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = bytes
        thread.start()
        done.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
