/// Records the primitives one run of a function executes, as a flat program (`TraceProgram`).
///
/// Tensors are told apart by their storage buffers: every array a recording sees is kept alive
/// until it ends, so no address is reused for another array meanwhile. A buffer first met as an
/// operand, neither declared as an input nor produced by a recorded primitive, is a constant
/// captured with its numbers. Tensors sharing one buffer (a variable and its value, a reshape
/// and its operand) hold the same numbers, so either slot serves.
///
/// What a recording cannot see poisons it, so that it is never replayed: Swift code reading the
/// numbers of a tensor that depends on an input (`Tensor.scalars`, `item`, ...), since a tensor
/// it then builds from them would be frozen; and a primitive of another element type.
final class Recorder<Scalar: TensorScalar>: RecordingListener {
    private(set) var instructions: [TraceInstruction] = []
    /// Every slot's shape when it was made.
    private(set) var shapes: [[Int]] = []
    /// A captured constant's numbers at its slot; empty for inputs and computed slots.
    private(set) var constants: [[Scalar]] = []
    /// Whether a slot's numbers depend on an input (only those may not be read).
    private var dependsOnInputs: [Bool] = []
    private var slotOfBuffer: [UInt: Int] = [:]
    /// Every buffer seen, kept alive so that its address names it alone until the end.
    private var kept: [[Scalar]] = []
    /// Why the recording cannot be replayed, if it cannot.
    private(set) var poison: String?

    /// A new input slot holding `tensor` (whose buffer no one else may share).
    func declareInput(_ tensor: Tensor<Scalar>) -> Int {
        let slot = newSlot(tensor, dependsOnInputs: true, constant: [])
        precondition(tensor.storage.isEmpty || slotOfBuffer[RecordingContext.address(of: tensor.storage)] == slot)
        return slot
    }

    /// The slot holding `tensor`'s numbers: the one that produced its buffer, or a captured constant.
    func slot(of tensor: Tensor<Scalar>) -> Int {
        let address = RecordingContext.address(of: tensor.storage)
        if address != 0, let slot = slotOfBuffer[address] { return slot }
        return newSlot(tensor, dependsOnInputs: false, constant: tensor.storage)
    }

    /// Records that `op` read `inputs` and produced `output`. A primitive of constants alone
    /// (a constant matrix's transpose, a scaled step size) gives the same numbers at every
    /// replay: its output is kept as a constant instead (folded).
    func record(_ op: Op, _ inputs: [Tensor<Scalar>], _ output: Tensor<Scalar>) {
        let slots = inputs.map(slot(of:))
        guard slots.contains(where: { dependsOnInputs[$0] }) else {
            _ = newSlot(output, dependsOnInputs: false, constant: output.storage)
            return
        }
        let result = newSlot(output, dependsOnInputs: true, constant: [])
        instructions.append(TraceInstruction(op: op, inputs: slots, shapes: inputs.map(\.shape), output: result))
    }

    /// Lets go of the buffers kept to tell tensors apart by address, once the recorded function
    /// has returned and its outputs have their slots: the program built next then reuses their
    /// memory, already touched, instead of growing the heap into pages that fault on first use.
    func releaseBuffers() {
        kept = []
        slotOfBuffer = [:]
    }

    override func noteRead(address: UInt) {
        guard poison == nil, address != 0, let slot = slotOfBuffer[address], dependsOnInputs[slot] else { return }
        poison = "Swift code read the numbers of a tensor computed from the inputs"
    }

    override func poison(_ reason: String) {
        if poison == nil { poison = reason }
    }

    private func newSlot(_ tensor: Tensor<Scalar>, dependsOnInputs depends: Bool, constant: [Scalar]) -> Int {
        let slot = shapes.count
        shapes.append(tensor.shape)
        constants.append(constant)
        dependsOnInputs.append(depends)
        if !tensor.storage.isEmpty {
            kept.append(tensor.storage)
            slotOfBuffer[RecordingContext.address(of: tensor.storage)] = slot
        }
        return slot
    }
}

/// One executed primitive: `op` applied to the numbers in slots `inputs`, read with `shapes`,
/// written to `output`. Operands carry their own shapes because one slot may be read under
/// several (a reshape shares its operand's buffer, so either names the other's numbers).
struct TraceInstruction {
    let op: Op
    let inputs: [Int]
    let shapes: [[Int]]
    let output: Int
}
