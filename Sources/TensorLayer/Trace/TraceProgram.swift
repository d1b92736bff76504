/// A recorded computation as a flat program: every primitive in the order it ran, each reading
/// numbers from slots and writing one new slot, with the input, constant and output slots.
///
/// Replaying it on new inputs runs the same forward kernels on the same shapes in the same
/// order, so its results are bit for bit those of running the function again, without the
/// function's graph, its backward graphs or its bookkeeping. Primitives whose result reaches no
/// output are dropped when the program is built.
final class TraceProgram<Scalar: TensorScalar> {
    // The instructions, field by field in flat arrays: a replay reads them without copying an
    // instruction (and retaining its arrays) per step.
    private let ops: [Op]
    private let operandStarts: [Int]
    private let operandSlots: [Int]
    private let operandShapes: [[Int]]
    private let results: [Int]
    private let shapes: [[Int]]
    /// The numbers of every slot: constants from the start, the rest written by each replay.
    private var slots: [[Scalar]]
    private let inputs: [Int]
    private let outputs: [Int]
    /// Calls answered by this program or checked against it, the recording included.
    var calls = 1

    init(_ recorder: Recorder<Scalar>, inputs: [Int], outputs: [Int]) {
        var live = [Bool].repeated(false, count: recorder.shapes.count)
        for slot in outputs { live[slot] = true }
        var kept = [TraceInstruction]()
        for instruction in recorder.instructions.reversed() where live[instruction.output] {
            kept.append(instruction)
            for slot in instruction.inputs { live[slot] = true }
        }
        let instructions = Array(kept.reversed())
        ops = instructions.map(\.op)
        operandStarts = instructions.reduce(into: [0]) { $0.append($0.last! + $1.inputs.count) }
        operandSlots = instructions.flatMap(\.inputs)
        operandShapes = instructions.flatMap(\.shapes)
        results = instructions.map(\.output)
        shapes = recorder.shapes
        slots = zip(recorder.constants, live).map { $1 ? $0 : [] }
        (self.inputs, self.outputs) = (inputs, outputs)
    }

    /// Instructions left after dropping those that reach no output.
    var count: Int { ops.count }

    /// Whether `values` have the shapes this program was recorded for.
    func accepts(_ values: [Tensor<Scalar>]) -> Bool {
        values.count == inputs.count && zip(inputs, values).allSatisfy { shapes[$0] == $1.shape }
    }

    /// The outputs for `values`, which must have the recorded inputs' shapes.
    ///
    /// Specialised for both element types: a generic replay ran every kernel through the
    /// runtime's generic metadata (three times the instructions of the eager function).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func run(_ values: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        precondition(values.count == inputs.count, "a trace of \(inputs.count) inputs given \(values.count)")
        for (slot, value) in zip(inputs, values) {
            precondition(value.shape == shapes[slot], "a trace recorded for \(shapes[slot]) given \(value.shape)")
            slots[slot] = value.storage
        }
        // One operand list reused by every instruction (not an array allocated per instruction).
        var operands = [Tensor<Scalar>]()
        operands.reserveCapacity(8)
        for k in 0..<ops.count {
            operands.removeAll(keepingCapacity: true)
            for operand in operandStarts[k]..<operandStarts[k + 1] {
                operands.append(Tensor(shape: operandShapes[operand], storage: slots[operandSlots[operand]], node: nil))
            }
            slots[results[k]] = ops[k].forward(operands).scalars
        }
        return outputs.map { Tensor(shape: shapes[$0], storage: slots[$0], node: nil) }
    }
}
