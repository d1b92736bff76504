import Synchronization

/// A function of tensors that is run once while its primitives are recorded, then replayed:
/// JAX's `jit` without a compiler.
///
/// The first call with a given list of input shapes runs `function` and records every primitive
/// it executes (forward rules, the primitives its backward passes run, in-place sums) as a flat
/// `TraceProgram`. Later calls with those shapes replay the program on the new inputs: the same
/// kernels in the same order, so the same bits, with no graph nodes, no graph walks and no
/// backward graphs built. Each list of shapes has its own program (a batch that shrinks gets a
/// new one).
///
/// `function` must be a pure function of its inputs: every number that varies from call to call
/// must come in through them. Anything else it reads is frozen at its first value. Two guards
/// keep such a mistake from going unseen:
/// - a recording in which Swift code reads the numbers of a tensor computed from the inputs
///   (`scalars`, `item`, ...) is poisoned: its shapes are never replayed, and every call with
///   them runs `function` itself;
/// - the second call (and every 1024th) runs `function` and the replay both and compares every
///   output bit for bit; a difference poisons those shapes.
///
/// Inputs and outputs are constants (a trace has no graph to differentiate through); a call
/// while another trace records on the same thread runs `function` directly, so the outer
/// recording sees its primitives. Calls are serialised by a lock: a trace may be shared, but
/// it replays one call at a time.
///
///     let step = Trace<Double> { x in
///         let v = Tensor.variable(x[0])
///         return gradients(of: (v * v).sum(), at: [v], createGraph: false)
///     }
///     step([Tensor([1, 2])])   // recorded: [2, 4]
///     step([Tensor([3, 4])])   // replayed and checked: [6, 8]
public final class Trace<Scalar: TensorScalar>: Sendable {
    /// What a trace knows about one list of input shapes.
    public enum Status: Equatable, Sendable {
        case unrecorded
        /// Recorded as a program of `instructions` primitives, answered `calls` times.
        case recorded(instructions: Int, calls: Int)
        /// Never replayed, for `reason`; `function` runs every time.
        case poisoned(reason: String)
    }

    private enum Entry {
        case recorded(TraceProgram<Scalar>)
        case poisoned(String)
    }

    /// Every list of shapes met, and the program replayed last: a loop calls with the same
    /// shapes again and again, and comparing them with the last costs less than hashing them.
    private struct Entries {
        var byShapes: [[[Int]]: Entry] = [:]
        var last: TraceProgram<Scalar>?
        /// Bytes the recorded programs hold, and a clock of calls for their `lastUse`.
        var bytes = 0
        var clock = 0
    }

    /// Calls between later checks: rare enough to cost nothing, a net under the second call's.
    private static var checkInterval: Int { 1024 }

    private let function: @Sendable ([Tensor<Scalar>]) -> [Tensor<Scalar>]
    private let entries = Mutex(Entries())
    private let memoryBudget: Int

    /// - Parameter memoryBudget: bytes this trace's programs may hold. A new program that would
    ///   exceed it evicts the least recently used ones (their shapes are recorded again if they
    ///   come back): a batch that shrinks one run at a time from thousands of runs would
    ///   otherwise keep a program per size, memory quadratic in the runs.
    public init(
        memoryBudget: Int = 32 << 20, _ function: @escaping @Sendable ([Tensor<Scalar>]) -> [Tensor<Scalar>]
    ) {
        self.function = function
        self.memoryBudget = memoryBudget
    }

    /// `function(inputs)`, recorded, replayed or checked as described above.
    public func callAsFunction(_ inputs: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        if RecordingContext.current != nil { return function(inputs) }
        precondition(!inputs.contains(where: \.isDifferentiable), "a trace's inputs are constants")
        return entries.withLock { entries in
            if let last = entries.last, last.accepts(inputs) { return replay(last, inputs, &entries) }
            let key = inputs.map(\.shape)
            switch entries.byShapes[key] {
            case nil:
                let (outputs, entry) = record(inputs)
                entries.byShapes[key] = entry
                if case .recorded(let program) = entry { admit(program, &entries) }
                return outputs
            case .poisoned: return function(inputs)
            case .recorded(let program):
                entries.last = program
                return replay(program, inputs, &entries)
            }
        }
    }

    /// The program's answer, or on a checking call the function's, after comparing the two.
    private func replay(_ program: TraceProgram<Scalar>, _ inputs: [Tensor<Scalar>], _ entries: inout Entries)
        -> [Tensor<Scalar>]
    {
        program.calls += 1
        entries.clock += 1
        program.lastUse = entries.clock
        guard program.calls == 2 || program.calls % Self.checkInterval == 0 else { return program.run(inputs) }
        let expected = function(inputs)
        if !identical(program.run(inputs), expected) {
            entries.byShapes[inputs.map(\.shape)] = .poisoned(
                "the replay differed from the function at call \(program.calls)")
            entries.bytes -= program.bytes
            entries.last = nil
        }
        return expected
    }

    /// Counts `program` against the budget, evicting the least recently used others if needed.
    private func admit(_ program: TraceProgram<Scalar>, _ entries: inout Entries) {
        entries.clock += 1
        program.lastUse = entries.clock
        entries.bytes += program.bytes
        while entries.bytes > memoryBudget {
            let oldest = entries.byShapes.compactMap { key, entry -> ([[Int]], TraceProgram<Scalar>)? in
                guard case .recorded(let other) = entry, other !== program else { return nil }
                return (key, other)
            }.min { $0.1.lastUse < $1.1.lastUse }
            guard let (key, evicted) = oldest else { break }
            entries.byShapes[key] = nil
            entries.bytes -= evicted.bytes
            if entries.last === evicted { entries.last = nil }
        }
    }

    /// What this trace knows about calls with inputs of `shapes`.
    public func status(forShapes shapes: [[Int]]) -> Status {
        entries.withLock { status(of: $0.byShapes[shapes]) }
    }

    private func status(of entry: Entry?) -> Status {
        switch entry {
        case nil: .unrecorded
        case .recorded(let program): .recorded(instructions: program.count, calls: program.calls)
        case .poisoned(let reason): .poisoned(reason: reason)
        }
    }

    /// What this trace knows about every list of input shapes it has met.
    public var statuses: [Status] {
        entries.withLock { entries in entries.byShapes.values.map { status(of: $0) } }
    }

    private func record(_ inputs: [Tensor<Scalar>]) -> ([Tensor<Scalar>], Entry) {
        let recorder = Recorder<Scalar>()
        // Fresh buffers: two inputs sharing one array (equal parameters) must stay two slots.
        let fresh = inputs.map {
            Tensor(shape: $0.shape, storage: $0.storage.withUnsafeBufferPointer(Array.init), node: nil)
        }
        let inputSlots = fresh.map(recorder.declareInput)
        let outputs = RecordingContext.withRecorder(recorder) { function(fresh) }
        if outputs.contains(where: \.isDifferentiable) { recorder.poison("a trace's outputs are constants") }
        let outputSlots = outputs.map(recorder.slot(of:))
        recorder.releaseBuffers()
        if let reason = recorder.poison { return (outputs, .poisoned(reason)) }
        return (outputs, .recorded(TraceProgram(recorder, inputs: inputSlots, outputs: outputSlots)))
    }

    /// Same shapes and the same bits (so NaNs of one payload match, and 0 and -0 differ).
    private func identical(_ a: [Tensor<Scalar>], _ b: [Tensor<Scalar>]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                x.shape == y.shape
                    && x.storage.withUnsafeBytes { p in y.storage.withUnsafeBytes { q in p.elementsEqual(q) } }
            }
    }
}
