import Glibc

/// The recorder listening on the current thread, if a trace is being recorded here.
///
/// Why per-thread state: every primitive funnels through `Tensor.apply`, which has no
/// parameter to pass a recorder through (operators like `a + b` cannot take one), and two
/// threads may record two traces at once. A thread-local slot is the only place `apply` can
/// look without a global that threads would share. It lives here alone: set only by
/// `withRecorder(_:_:)` for the duration of one recording, read by `apply`, `accumulate` and
/// the value reads that a recording must see (`Tensor.scalars` and friends).
@usableFromInline
enum RecordingContext {
    /// The thread-local slot (a key created once; each thread's value starts nil).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-local key for trace recording")
        return key
    }()

    /// The recorder of this thread, unretained: `withRecorder` keeps it alive while it is set.
    @usableFromInline static var current: RecordingListener? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        return Unmanaged<RecordingListener>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Runs `body` with `recorder` listening on this thread, then restores what was there.
    static func withRecorder<Result>(_ recorder: RecordingListener, _ body: () -> Result) -> Result {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(recorder).toOpaque())
        defer { pthread_setspecific(key, previous) }
        return withExtendedLifetime(recorder) { body() }
    }

    /// Tells this thread's recorder, if any, that Swift code read the numbers of `storage`:
    /// a value a recording cannot follow (see `Recorder.noteRead`).
    @usableFromInline static func noteRead<Scalar>(_ storage: [Scalar]) {
        current?.noteRead(address: address(of: storage))
    }

    /// The identity of an array's buffer (0 for an empty array, which holds no numbers).
    static func address<Scalar>(of storage: [Scalar]) -> UInt {
        storage.isEmpty ? 0 : storage.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }
}

/// A recorder, as code that does not know its element type sees it. A class rather than a
/// protocol: casting to a protocol looked its conformance up at every read of a tensor's
/// numbers (3% of `fig3-lola-tabular`, which records twice).
@usableFromInline
class RecordingListener {
    /// Swift code read the numbers of the buffer at `address`.
    func noteRead(address: UInt) {}
    /// Something happened that the recording cannot replay.
    func poison(_ reason: String) {}
}
