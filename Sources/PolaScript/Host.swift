import Runtime

/// What the interpreter needs from the program that runs it: where output goes, whether the
/// user asked to stop, where progress is shown, and where files may be written.
public struct Host: Sendable {
    /// Receives everything `print` and `show` (and echo) produce, line by line with newlines.
    public var write: @Sendable (String) -> Void
    /// Polled at safe points; true stops the computation with an "interrupted" error.
    public var isInterrupted: @Sendable () -> Bool
    /// Live progress of long work, or nil to clear it. Not part of the program's output.
    public var progress: @Sendable (ProgressReport?) -> Void
    /// A warning about a result that is not what it seems (a proximal loop stopped by its cap),
    /// one line without "warning:" or a newline. Not part of the program's output.
    public var warn: @Sendable (String) -> Void
    public var files: FileAccess
    /// Echo the value of top-level expression statements, as a prompt does.
    public var echo: Bool
    /// The share of a sweep this session runs (`run --shard k/n`); nil runs every item.
    public var shard: ShardContext?

    public init(
        write: @escaping @Sendable (String) -> Void,
        isInterrupted: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (ProgressReport?) -> Void = { _ in },
        warn: @escaping @Sendable (String) -> Void = { _ in },
        files: FileAccess = FileAccess(),
        echo: Bool = false,
        shard: ShardContext? = nil
    ) {
        self.write = write
        self.isInterrupted = isInterrupted
        self.progress = progress
        self.warn = warn
        self.files = files
        self.echo = echo
        self.shard = shard
    }

    var interruption: Interruption { Interruption(isInterrupted) }
}

/// How far a long computation has come.
public struct ProgressReport: Sendable, Equatable {
    public let task: String
    public let done: Int
    public let total: Int
    public let elapsedSeconds: Double

    /// Linear extrapolation from the work done so far.
    public var remainingSeconds: Double? {
        done > 0 ? elapsedSeconds / Double(done) * Double(total - done) : nil
    }
}
