/// A recorded computation as a flat program: every primitive in the order it ran, each reading
/// numbers from slots and writing one new slot, with the input, constant and output slots.
///
/// Replaying it on new inputs runs the same forward kernels on the same shapes in the same
/// order, so its results are bit for bit those of running the function again, without the
/// function's graph, its backward graphs or its bookkeeping. Primitives whose result reaches no
/// output are dropped when the program is built.
final class TraceProgram<Scalar: TensorScalar> {
    private let instructions: [TraceInstruction]
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
        instructions = kept.reversed()
        shapes = recorder.shapes
        slots = zip(recorder.constants, live).map { $1 ? $0 : [] }
        (self.inputs, self.outputs) = (inputs, outputs)
    }

    /// Instructions left after dropping those that reach no output.
    var count: Int { instructions.count }

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
        for instruction in instructions {
            let operands = zip(instruction.inputs, instruction.shapes).map {
                Tensor(shape: $1, storage: slots[$0], node: nil)
            }
            slots[instruction.output] = instruction.op.forward(operands).scalars
        }
        return outputs.map { Tensor(shape: shapes[$0], storage: slots[$0], node: nil) }
    }
}
