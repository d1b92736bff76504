/// A recorded computation as a flat program: every primitive in the order it ran, each reading
/// numbers from slots and writing one slot, with the input, constant and output slots.
///
/// Replaying it on new inputs runs the same kernels on the same shapes in the same order, so
/// its results are bit for bit those of running the function again, without the function's
/// graph, its backward graphs or its bookkeeping. When the program is built:
/// - primitives whose result reaches no output are dropped;
/// - every slot gets a raw buffer, allocated once and written in place at every replay (no
///   array per primitive, no reference counting); slots alive at different times share one
///   (`TraceBufferPlan`), so a program holds about what its widest point needs;
/// - each primitive is resolved into a `Step` with its shapes worked out: the common ones
///   (elementwise arithmetic and functions, products, solves, transposes, number-moving
///   primitives, sums to a shape, the fused cotangents) call their kernels on the buffers
///   directly; a reshape names its operand's buffer and costs nothing; the rest call the
///   primitive's forward rule on arrays copied from the buffers.
final class TraceProgram<Scalar: TensorScalar> {
    /// The resolved primitives, in the order they run.
    let steps: [Step]
    /// The general steps' primitives, operands (buffers and shapes) and results.
    private let general: [TraceInstruction]
    /// Per slot that a step, an input or a constant fills, where its numbers are (nil for the
    /// others); slots alive at different times share one (`TraceBufferPlan`).
    private let buffers: [UnsafeMutablePointer<Scalar>?]
    /// The memory behind `buffers`, each allocation once.
    private let allocations: [UnsafeMutablePointer<Scalar>]
    private let counts: [Int]
    /// Where solves eliminate and the fused cotangents work: as large as the largest needs.
    private let scratch: UnsafeMutablePointer<Scalar>
    private let inputs: [Int]
    private let inputShapes: [[Int]]
    private let outputs: [(slot: Int, shape: [Int])]
    /// Calls answered by this program or checked against it, the recording included.
    var calls = 1
    /// When the program last answered, on its trace's clock (for evicting the least recent).
    var lastUse = 0
    /// Bytes held by the program's buffers and step tables.
    let bytes: Int
    /// Primitives left after dropping those that reach no output.
    let count: Int

    // Specialised: generic, the buffer plan's bookkeeping cost 0.5M instructions per program of
    // the `fig3-lola-tabular` benchmark.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    init(_ recorder: Recorder<Scalar>, inputs: [Int], outputs: [Int]) {
        var live = [Bool].repeated(false, count: recorder.shapes.count)
        for slot in outputs { live[slot] = true }
        var kept = [TraceInstruction]()
        for instruction in recorder.instructions.reversed() where live[instruction.output] {
            kept.append(instruction)
            for slot in instruction.inputs { live[slot] = true }
        }
        count = kept.count
        // A reshape's result is its operand's buffer read with another shape.
        var buffer = Array(0..<recorder.shapes.count)
        var steps = [Step]()
        var general = [TraceInstruction]()
        var scratchCount = 0
        for instruction in kept.reversed() {
            let operands = instruction.inputs.map { buffer[$0] }
            if case .reshape = instruction.op {
                buffer[instruction.output] = operands[0]
                continue
            }
            let resolved = TraceInstruction(
                op: instruction.op, inputs: operands, shapes: instruction.shapes, output: instruction.output)
            if let step = Step(resolved) {
                steps.append(step)
                scratchCount = max(scratchCount, step.scratch)
            } else {
                steps.append(.general(general.count))
                general.append(resolved)
            }
        }
        let shared = Self.sharingExponentials(steps, constants: recorder.constants)
        self.steps = shared
        self.general = general
        let counts = recorder.shapes.map(Shape.count)
        self.counts = counts
        // Inputs and live slots need memory (a reshape's result names another's).
        var owned = live
        for slot in inputs { owned[slot] = true }
        let accesses = shared.map { step -> (reads: [Int], write: Int) in
            if let slots = step.slots { return slots }
            guard case .general(let index) = step else { preconditionFailure("only the general step names no slots") }
            return (general[index].inputs, general[index].output)
        }
        let roots = owned.indices.filter { owned[$0] && buffer[$0] == $0 }
        let pinned = Set(inputs + outputs.map { buffer[$0] })
        let plan = TraceBufferPlan(accesses: accesses, counts: counts, roots: roots, pinned: pinned)
        assert(
            plan.violation(accesses: accesses, counts: counts, roots: roots, pinned: pinned) == nil,
            "the buffer plan lets a step overwrite numbers still needed")
        let allocations = plan.allocationCounts.map { UnsafeMutablePointer<Scalar>.allocate(capacity: max($0, 1)) }
        self.allocations = allocations
        let buffers = plan.allocation.map { $0.map { allocations[$0] } }
        for slot in roots where !recorder.constants[slot].isEmpty {
            recorder.constants[slot].withUnsafeBufferPointer {
                buffers[slot]!.initialize(from: $0.baseAddress!, count: $0.count)
            }
        }
        self.buffers = buffers
        scratch = .allocate(capacity: max(scratchCount, 1))
        let tables = shared.reduce(0) { total, step in
            switch step {
            case .gather(_, _, let sources): total + sources.count
            case .sum(_, _, let targets, _): total + targets.count
            case .strided(_, _, _, _, let left, let right): total + left.count + right.count
            default: total
            }
        }
        let numbers = scratchCount + plan.allocationCounts.reduce(0, +)
        bytes = numbers * MemoryLayout<Scalar>.stride + tables * MemoryLayout<Int>.stride
        self.inputs = inputs
        inputShapes = inputs.map { recorder.shapes[$0] }
        self.outputs = outputs.map { (buffer[$0], recorder.shapes[$0]) }
    }

    deinit {
        for memory in allocations { memory.deallocate() }
        scratch.deallocate()
    }

    /// Whether `values` have the shapes this program was recorded for.
    func accepts(_ values: [Tensor<Scalar>]) -> Bool {
        values.count == inputShapes.count && zip(inputShapes, values).allSatisfy { $0 == $1.shape }
    }

    /// The outputs for `values`, which must have the recorded inputs' shapes.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func run(_ values: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        precondition(values.count == inputs.count, "a trace of \(inputs.count) inputs given \(values.count)")
        for (slot, value) in zip(inputs, values) {
            precondition(value.count == counts[slot], "a trace recorded for \(inputShapes) given \(value.shape)")
            value.storage.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { buffers[slot]!.update(from: base, count: source.count) }
            }
        }
        for step in steps { execute(step) }
        return outputs.map { output in
            let count = Shape.count(output.shape)
            let memory = buffers[output.slot]!
            let scalars = [Scalar].filled(count: count) { $0.baseAddress?.update(from: memory, count: count) }
            return Tensor(shape: output.shape, storage: scalars, node: nil)
        }
    }

    @inline(__always)
    private func execute(_ step: Step) {
        switch step {
        case .binary(let kind, let a, let b, let out, let layout):
            let (x, y, z) = (UnsafePointer(buffers[a]!), UnsafePointer(buffers[b]!), buffers[out]!)
            switch kind {
            case .add: layout.apply(x, y, z) { $0 + $1 }
            case .subtract: layout.apply(x, y, z) { $0 - $1 }
            case .multiply: layout.apply(x, y, z) { $0 * $1 }
            case .divide: layout.apply(x, y, z) { $0 / $1 }
            }
        case .unary(let kind, let a, let out, let count):
            let (x, z) = (UnsafePointer(buffers[a]!), buffers[out]!)
            switch kind {
            case .negate: map(x, z, count) { -$0 }
            case .exp: map(x, z, count) { Scalar.exp($0) }
            case .log: map(x, z, count) { Scalar.log($0) }
            case .sigmoid: map(x, z, count, Scalar.sigmoid)
            case .logSigmoid: map(x, z, count, Scalar.logSigmoid)
            case .tanh: map(x, z, count) { Scalar.tanh($0) }
            case .relu: map(x, z, count) { Swift.max($0, 0) }
            case .positiveMask: map(x, z, count) { $0 > 0 ? 1 : 0 }
            }
        case .sigmoidCotangent(let g, let o, let x, let out, let count):
            let (gs, xs, z) = (buffers[g]!, buffers[x]!, buffers[out]!)
            if let o {
                let os = buffers[o]!
                for i in 0..<count { z[i] = gs[i] * os[i] * Scalar.sigmoid(-xs[i]) }
            } else {
                for i in 0..<count { z[i] = gs[i] * Scalar.sigmoid(-xs[i]) }
            }
        case .signedSigmoid(let column, let signs, let out, let rows):
            let (zs, y) = (buffers[column]!, buffers[out]!)
            let width = signs.count
            signs.withUnsafeBufferPointer { signs in
                for r in 0..<rows {
                    let (positive, negative) = logistic(zs[r])
                    for j in 0..<width { y[r &* width &+ j] = signs[j] ? positive : negative }
                }
            }
        case .signedSigmoidCotangent(let g, let o, let column, let signs, let out, let rows):
            let (gs, zs, y) = (buffers[g]!, buffers[column]!, buffers[out]!)
            let os = o.map { buffers[$0]! }
            let width = signs.count
            signs.withUnsafeBufferPointer { signs in
                for r in 0..<rows {
                    // sigmoid(-(z s)): sigmoid(-z) where s = +1, sigmoid(z) where s = -1.
                    let (positive, negative) = logistic(zs[r])
                    for j in 0..<width {
                        let i = r &* width &+ j
                        let slope = signs[j] ? negative : positive
                        y[i] = os.map { gs[i] * $0[i] * slope } ?? gs[i] * slope
                    }
                }
            }
        case .transpose(let a, let out, let batch, let rows, let cols):
            Kernels.transpose(buffers[a]!, into: buffers[out]!, batch: batch, rows: rows, cols: cols)
        case .matmul(let a, let b, let out, let shape):
            Kernels.matmul(
                buffers[a]!, buffers[b]!, into: buffers[out]!, batchA: shape.batchA, batchB: shape.batchB,
                m: shape.m, k: shape.k, n: shape.n)
        case .solve(let a, let b, let out, let batch, let n, let k):
            Kernels.solve(buffers[a]!, buffers[b]!, into: buffers[out]!, scratch: scratch, batch: batch, n: n, k: k)
        case .bernoulliChainCotangents(let chain, let needed, let x, let out, let batch):
            chain.fusedCotangents(
                g: buffers[x[0]]!, z: x.dropFirst().map { UnsafePointer(buffers[$0]!) }, batch: batch, needed: needed,
                into: buffers[out]!, workspace: scratch)
        case .gather(let a, let out, let sources):
            let (x, z) = (buffers[a]!, buffers[out]!)
            sources.withUnsafeBufferPointer { sources in
                for i in 0..<sources.count { z[i] = sources[i] >= 0 ? x[sources[i]] : 0 }
            }
        case .sum(let a, let out, let targets, let count):
            let (x, z) = (buffers[a]!, buffers[out]!)
            z.update(repeating: 0, count: count)
            targets.withUnsafeBufferPointer { targets in
                for i in 0..<targets.count { z[targets[i]] += x[i] }
            }
        case .strided(let kind, let a, let b, let out, let left, let right):
            let (x, y, z) = (buffers[a]!, buffers[b]!, buffers[out]!)
            left.withUnsafeBufferPointer { left in
                right.withUnsafeBufferPointer { right in
                    func apply(_ body: (Scalar, Scalar) -> Scalar) {
                        for i in 0..<left.count { z[i] = body(x[left[i]], y[right[i]]) }
                    }
                    switch kind {
                    case .add: apply { $0 + $1 }
                    case .subtract: apply { $0 - $1 }
                    case .multiply: apply { $0 * $1 }
                    case .divide: apply { $0 / $1 }
                    }
                }
            }
        case .matmulTransposing(let a, let b, let out, let left, let right, let m, let k, let n):
            Kernels.matmul(
                buffers[a]!, transposing: left, buffers[b]!, transposing: right, into: buffers[out]!, m: m, k: k, n: n)
        case .general(let index):
            let instruction = general[index]
            let operands = zip(instruction.inputs, instruction.shapes).map { slot, shape in
                let count = Shape.count(shape)
                let memory = buffers[slot]!
                let scalars = [Scalar].filled(count: count) { $0.baseAddress?.update(from: memory, count: count) }
                return Tensor(shape: shape, storage: scalars, node: nil)
            }
            let result = instruction.op.forward(operands).scalars
            precondition(result.count == counts[instruction.output], "a replayed \(instruction.op) changed its size")
            result.withUnsafeBufferPointer { source in
                if let base = source.baseAddress {
                    buffers[instruction.output]!.update(from: base, count: source.count)
                }
            }
        }
    }

    /// `steps` with two patterns of primitives fused: a `sigmoid` of the product `z * sign` of a
    /// column `z` (`[..., 1]`) and a constant row whose entries are all `1` or `-1`
    /// (`sigmoid(z[r] * sign[j])`, as `BernoulliChain.composedValues` builds its factors), and
    /// the sigmoid cotangent `g sigmoid(-(z * sign))` of the same product. Every entry of such an
    /// output is `sigmoid(z[r])` or `sigmoid(-z[r])`: `z * 1` is `z` and `z * -1` is `-z` exactly,
    /// and `logistic` gives both bit for bit as `Scalar.sigmoid` does, from one exponential per
    /// entry of the column instead of one per entry of the product (a row of width `w` repeats
    /// each exponential `w` times). Exponentials were a sixth of the replayed
    /// `fig3-pola-tabular` benchmark, three quarters of them repeated this way. The product's
    /// own step stays (other steps may read it).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private static func sharingExponentials(_ steps: [Step], constants: [[Scalar]]) -> [Step] {
        var signed = [Int: (column: Int, signs: [Bool], rows: Int)]()
        for step in steps {
            guard case .binary(.multiply, let a, let b, let out, let layout) = step else { continue }
            let (column, row, rows): (Int, Int, Int)
            switch layout {
            case .columnByRow(let count, _): (column, row, rows) = (a, b, count)
            case .rowByColumn(let count, _): (column, row, rows) = (b, a, count)
            default: continue
            }
            let signs = constants[row]
            guard !signs.isEmpty, signs.allSatisfy({ $0 == 1 || $0 == -1 }) else { continue }
            signed[out] = (column, signs.map { $0 == 1 }, rows)
        }
        return steps.map { step in
            switch step {
            case .unary(.sigmoid, let x, let out, _):
                guard let product = signed[x] else { return step }
                return .signedSigmoid(product.column, product.signs, out, rows: product.rows)
            case .sigmoidCotangent(let g, let o, let x, let out, _):
                guard let product = signed[x] else { return step }
                return .signedSigmoidCotangent(g, o, product.column, product.signs, out, rows: product.rows)
            default: return step
            }
        }
    }

    @inline(__always)
    private func map(
        _ x: UnsafePointer<Scalar>, _ z: UnsafeMutablePointer<Scalar>, _ count: Int, _ body: (Scalar) -> Scalar
    ) {
        for i in 0..<count { z[i] = body(x[i]) }
    }
}
