import Foundation

/// Runs the interpreter on a thread with a large stack: a tree-walking interpreter recurses
/// natively for every nested call and expression, and its depth limits are set well inside this.
enum LargeStack {
    static let bytes = 512 << 20

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
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
