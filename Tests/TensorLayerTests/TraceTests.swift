import TensorLayer
import TestSupport
import Testing

/// `Trace`: a replayed program gives the function's own bits, for every primitive and for first
/// and second derivatives; and a function that hides a dependency from the recording is caught.
@Suite struct TraceTests {
    /// Bit patterns, so that a NaN equals itself and 0 differs from -0.
    private static func bits(_ tensors: [Tensor<Double>]) -> [[UInt64]] {
        tensors.map { $0.scalars.map(\.bitPattern) }
    }

    /// `x` moved to a new point, with a well-conditioned shift (solve's matrices stay invertible).
    private static func moved(_ inputs: [Tensor<Double>], seed: UInt64) -> [Tensor<Double>] {
        var generator = SplitMix64(seed: seed)
        return inputs.map { x in
            Tensor(shape: x.shape, scalars: x.scalars.map { $0 + 0.05 * generator.normal() })
        }
    }

    /// The value, the gradient without a graph (fused constant rules), and a second derivative
    /// (`createGraph`, then differentiated again): every forward and backward rule runs.
    private static func derivatives(_ f: @escaping @Sendable ([Tensor<Double>]) -> Tensor<Double>)
        -> @Sendable ([Tensor<Double>]) -> [Tensor<Double>]
    {
        { inputs in
            let xs = inputs.map { Tensor.variable($0) }
            let y = f(xs)
            let weights = Tensor(shape: y.shape, scalars: (0..<y.count).map { 0.5 + 0.25 * Double($0 % 3) })
            let loss = (y * y * weights).sum()
            let first = gradients(of: loss, at: xs, createGraph: false)
            let kept = gradients(of: loss, at: xs)
            let pairing = kept.reduce(Tensor<Double>(0)) { $0 + ($1 * $1).sum() }
            let second = gradients(of: pairing, at: xs, createGraph: false)
            return [y.detached()] + first + second
        }
    }

    static let chain = BernoulliChain(
        variables: 2, gamma: 0.96, startRow: 4, rewards: BernoulliChainTests.rewards(variables: 2, factor: 1.33))

    static let cases: [OperationCase<Double>] =
        operationCases(Double.self) + [
            OperationCase(name: "Bernoulli chain values", inputs: BernoulliChainTests.logits(chain, batch: 3, seed: 5))
            {
                Tensor.bernoulliChainValues(logits: $0, chain: chain)
            },
            // Sigmoids of logits times a row of signs share their exponentials in a replay; zeros
            // of both signs and saturated logits must keep their bits.
            OperationCase(
                name: "sigmoid of signed logits",
                inputs: [Tensor(shape: [2, 3, 1], scalars: [0, -0.0, 3, -40, 40, 0.5])]
            ) { ($0[0] * Tensor(shape: [1, 4], scalars: [1, -1, -1, 1])).sigmoid() },
            // The replay's own layouts of a row against a column, both ways round.
            OperationCase(
                name: "row by column", inputs: [randomTensor([1, 4], seed: 6), randomTensor([2, 3, 1], seed: 7)]
            ) {
                $0[0] * $0[1] - $0[1] / ($0[0] * $0[0] + 1)
            },
        ]

    @Test(arguments: cases)
    func replayIsTheFunctionBitForBit(_ operation: OperationCase<Double>) {
        let function = Self.derivatives(operation.apply)
        let trace = Trace<Double>(function)
        let shapes = operation.inputs.map(\.shape)
        for call in 0..<5 {
            let inputs = call == 0 ? operation.inputs : Self.moved(operation.inputs, seed: UInt64(call))
            #expect(Self.bits(trace(inputs)) == Self.bits(function(inputs)), "call \(call)")
        }
        guard case .recorded(let instructions, let calls) = trace.status(forShapes: shapes) else {
            Issue.record("\(operation.name): \(trace.status(forShapes: shapes))")
            return
        }
        #expect(instructions > 0 && calls == 5)
    }

    /// Chain values through a look-ahead step (one variable's logits moved by a gradient step of
    /// its column's value): gradients of gradients through the fused primitive.
    @Test func aLookAheadReplaysBitForBit() {
        let chain = Self.chain
        let function: @Sendable ([Tensor<Double>]) -> [Tensor<Double>] = { z in
            let (a, b) = (Tensor.variable(z[0]), Tensor.variable(z[1]))
            let inner = gradients(of: -chain.composedValues([a, b]).indexed(axis: 1, 1).sum(), at: [b])[0]
            let values = Tensor.bernoulliChainValues(logits: [a, b - 0.4 * inner], chain: chain)
            return gradients(of: -values.indexed(axis: 1, 0).sum(), at: [a], createGraph: false)
        }
        let trace = Trace<Double>(function)
        let start = BernoulliChainTests.logits(chain, batch: 4, seed: 9)
        for call in 0..<4 {
            let inputs = Self.moved(start, seed: UInt64(call + 20))
            #expect(Self.bits(trace(inputs)) == Self.bits(function(inputs)))
        }
        #expect(trace.status(forShapes: start.map(\.shape)) != .unrecorded)
        if case .poisoned(let reason) = trace.status(forShapes: start.map(\.shape)) { Issue.record("\(reason)") }
    }

    /// Each list of input shapes gets its own program; the first call with a shape runs the function.
    @Test func shapesAreRecordedSeparately() {
        let trace = Trace<Double> { [($0[0] * $0[0]).sum()] }
        #expect(trace([Tensor([1, 2])])[0].item == 5)
        #expect(trace([Tensor([1, 2, 3])])[0].item == 14)
        #expect(trace([Tensor([3, 4])])[0].item == 25)
        #expect(trace.status(forShapes: [[2]]) == .recorded(instructions: 2, calls: 2))
        #expect(trace.status(forShapes: [[3]]) == .recorded(instructions: 2, calls: 1))
        #expect(trace.status(forShapes: [[4]]) == .unrecorded)
    }

    /// Guard (a): Swift code reads a computed tensor's numbers and builds a tensor from them.
    /// Replayed, that tensor would keep its first numbers; the recording is poisoned instead.
    @Test func readingComputedNumbersPoisonsTheRecording() {
        let trace = Trace<Double> { x in
            let doubled = x[0] * 2
            let hidden = Tensor(doubled.scalars.map { $0 + 1 })
            return [hidden * x[0]]
        }
        for value in [1.0, 2.0, 3.0] {
            #expect(trace([Tensor([value])])[0].scalars == [(2 * value + 1) * value])
        }
        guard case .poisoned = trace.status(forShapes: [[1]]) else {
            Issue.record("not poisoned: \(trace.status(forShapes: [[1]]))")
            return
        }
    }

    /// Reading the numbers of an input-free tensor is harmless: they cannot change. Its product
    /// of constants is folded into a constant: one primitive is left to replay.
    @Test func readingConstantsDoesNotPoison() {
        let trace = Trace<Double> { x in
            let scale = Tensor<Double>([2]) * 3
            return [x[0] * Tensor(scale.scalars)]
        }
        _ = trace([Tensor([1])])
        #expect(trace([Tensor([5])])[0].scalars == [30])
        #expect(trace.status(forShapes: [[1]]) == .recorded(instructions: 1, calls: 2))
    }

    /// Guard (b): a number that enters from outside the inputs (here a box the caller changes)
    /// is frozen by the recording; the second call compares the replay with the function and
    /// poisons the trace, so every answer is still the function's.
    @Test func aHiddenDependencyIsCaughtOnTheSecondCall() {
        final class Box: @unchecked Sendable { var value = 1.0 }
        let box = Box()
        let trace = Trace<Double> { x in [x[0] * Tensor(box.value)] }
        #expect(trace([Tensor([3])])[0].item == 3)
        box.value = 2
        #expect(trace([Tensor([3])])[0].item == 6)
        #expect(trace([Tensor([3])])[0].item == 6)
        guard case .poisoned = trace.status(forShapes: [[1]]) else {
            Issue.record("not poisoned: \(trace.status(forShapes: [[1]]))")
            return
        }
    }

    /// Inputs that share one buffer (equal parameters handed in twice) stay separate slots.
    @Test func inputsSharingABufferStaySeparate() {
        let trace = Trace<Double> { x in [x[0] - x[1]] }
        let same = Tensor<Double>([1, 2])
        #expect(trace([same, same])[0].scalars == [0, 0])
        #expect(trace([same, Tensor([0, 0])])[0].scalars == [1, 2])
        #expect(trace([Tensor([5, 5]), same])[0].scalars == [4, 3])
    }

    /// A tensor with no entries has no buffer to tell it by: it is read as an empty constant (so
    /// `x[0] * 2` folds), and replays as what it is. (Its slot once had no buffer: a crash.)
    @Test func emptyTensorsReplay() {
        let trace = Trace<Double> { x in [x[0] * 2, (x[1] * x[1]).sum(), x[0]] }
        for value in [1.0, 2.0, 3.0] {
            let outputs = trace([Tensor(shape: [0], scalars: []), Tensor([value])])
            #expect(outputs.map(\.shape) == [[0], [], [0]])
            #expect(outputs[1].item == value * value)
        }
        #expect(trace.status(forShapes: [[0], [1]]) == .recorded(instructions: 2, calls: 3))
    }

    /// Programs beyond the memory budget evict the least recently used: a shape that comes
    /// back is recorded again, and every answer stays the function's.
    @Test func theLeastRecentlyUsedProgramIsEvicted() {
        let trace = Trace<Double>(memoryBudget: 1000) { x in [(x[0] * x[0]).sum()] }
        func call(_ count: Int) -> Double { trace([Tensor((0..<count).map(Double.init))])[0].item }
        #expect(call(40) == 20540)
        #expect(call(40) == 20540)
        #expect(call(30) == 8555)
        #expect(trace.status(forShapes: [[40]]) == .unrecorded)
        #expect(trace.status(forShapes: [[30]]) == .recorded(instructions: 2, calls: 1))
        #expect(call(40) == 20540)
        #expect(trace.status(forShapes: [[40]]) == .recorded(instructions: 2, calls: 1))
        #expect(trace.status(forShapes: [[30]]) == .unrecorded)
    }

    /// Slots alive at different times share memory: a chain of ten products holds its input,
    /// two intermediates taking turns and its output (4 n numbers, not 11 n), so programs for
    /// 10 and 11 entries fit together in 1000 bytes, and every replay still gives the chain's
    /// own numbers.
    @Test func slotsAliveAtDifferentTimesShareMemory() {
        @Sendable func chain(_ x: Tensor<Double>) -> Tensor<Double> {
            var y = x
            for _ in 0..<10 { y = y * x }
            return y
        }
        func input(_ count: Int, _ scale: Double) -> Tensor<Double> {
            Tensor((0..<count).map { 1 + scale * Double($0) / Double(count) })
        }
        let trace = Trace<Double>(memoryBudget: 1000) { x in [chain(x[0])] }
        for scale in [0.5, 0.7, 0.9] {
            #expect(trace([input(10, scale)])[0].scalars == chain(input(10, scale)).scalars)
        }
        #expect(trace([input(11, 0.3)])[0].scalars == chain(input(11, 0.3)).scalars)
        #expect(trace.status(forShapes: [[10]]) == .recorded(instructions: 10, calls: 3))
        #expect(trace.status(forShapes: [[11]]) == .recorded(instructions: 10, calls: 1))
    }

    /// A primitive of the other element type cannot be recorded into a `Double` program.
    @Test func anotherElementTypePoisons() {
        let trace = Trace<Double> { x in
            let other = (Tensor<Float>([1, 2]) * 2).sum()
            return [x[0] + Double(other.item)]
        }
        _ = trace([Tensor([1])])
        guard case .poisoned = trace.status(forShapes: [[1]]) else {
            Issue.record("not poisoned: \(trace.status(forShapes: [[1]]))")
            return
        }
    }
}
