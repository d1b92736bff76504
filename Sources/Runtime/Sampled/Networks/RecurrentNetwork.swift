import TensorLayer

/// The paper's agent network (`docs/dice-learning.md`, Agents): optional layers before
/// the GRU, a GRU cell, and a final linear layer to the outputs (action logits for a policy,
/// one number for a value network).
///
/// The first layer before the GRU is `Linear(hidden)` then ReLU; a second one is
/// `Linear(hidden)` with *no* ReLU (as the paper's code has it). The GRU state is zero at the
/// start of every episode.
///
/// Parameters, in order (kernels are `[fanIn, fanOut]`, applied as `x W + b`):
/// - for each layer before the GRU: its kernel `[in, hidden]`, its bias `[hidden]`;
/// - the GRU's input kernels `[W_ir W_iz W_in]` side by side, `[in, 3 hidden]`, and their
///   biases `[b_ir b_iz b_in]`, `[3 hidden]`;
/// - the GRU's recurrent kernels `[W_hr W_hz W_hn]`, `[hidden, 3 hidden]`, and `b_hn`, `[hidden]`;
/// - the final kernel `[hidden, outputs]` and bias `[outputs]`.
///
///     let policy = RecurrentNetwork(inputSize: 6, hiddenSize: 64, layersBeforeGRU: 1, outputSize: 2)
///     let theta: [Tensor<Float>] = policy.initialParameters(seed: 1)
public struct RecurrentNetwork: SequencePolicy, Equatable {
    public let inputSize: Int
    public let hiddenSize: Int
    /// 0, 1 or 2 layers before the GRU (1 in the paper's commands).
    public let layersBeforeGRU: Int
    public let outputSize: Int

    public init(inputSize: Int, hiddenSize: Int, layersBeforeGRU: Int = 1, outputSize: Int) {
        precondition(inputSize > 0 && hiddenSize > 0 && outputSize > 0, "network sizes must be positive")
        precondition((0...2).contains(layersBeforeGRU), "0, 1 or 2 layers before the GRU")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layersBeforeGRU = layersBeforeGRU
        self.outputSize = outputSize
    }

    private var cell: GRUCell { GRUCell(hiddenSize: hiddenSize) }
    private var gruInputSize: Int { layersBeforeGRU == 0 ? inputSize : hiddenSize }
    /// Where the GRU's four parameters start in the list.
    private var gruIndex: Int { 2 * layersBeforeGRU }

    public var parameterShapes: [[Int]] {
        let before = (0..<layersBeforeGRU).flatMap { k in
            [[k == 0 ? inputSize : hiddenSize, hiddenSize], [hiddenSize]]
        }
        let gru = [[gruInputSize, 3 * hiddenSize], [3 * hiddenSize], [hiddenSize, 3 * hiddenSize], [hiddenSize]]
        return before + gru + [[hiddenSize, outputSize], [outputSize]]
    }

    /// Flax's defaults, from one seed: every kernel LeCun normal (the three GRU input kernels
    /// drawn one after another), each recurrent kernel an independent orthogonal matrix, every
    /// bias zero. Draws follow the parameter order.
    public func initialParameters<Scalar: TensorScalar>(seed: UInt64) -> [Tensor<Scalar>] {
        var generator = SplitMix64(seed: seed)
        var parameters: [Tensor<Scalar>] = []
        for k in 0..<layersBeforeGRU {
            parameters.append(
                Initialisers.lecunNormal(fanIn: k == 0 ? inputSize : hiddenSize, fanOut: hiddenSize, using: &generator))
            parameters.append(.zeros([hiddenSize]))
        }
        let inputKernels: [Tensor<Scalar>] = (0..<3).map { _ in
            Initialisers.lecunNormal(fanIn: gruInputSize, fanOut: hiddenSize, using: &generator)
        }
        parameters.append(.concatenate(inputKernels, axis: 1))
        parameters.append(.zeros([3 * hiddenSize]))
        let recurrentKernels: [Tensor<Scalar>] = (0..<3).map { _ in
            Initialisers.orthogonal(hiddenSize, using: &generator)
        }
        parameters.append(.concatenate(recurrentKernels, axis: 1))
        parameters.append(.zeros([hiddenSize]))
        parameters.append(Initialisers.lecunNormal(fanIn: hiddenSize, fanOut: outputSize, using: &generator))
        parameters.append(.zeros([outputSize]))
        return parameters
    }

    public func initialState<Scalar: TensorScalar>(batch: Int) -> Tensor<Scalar> {
        .zeros([batch, hiddenSize])
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step<Scalar: TensorScalar>(
        _ observation: Tensor<Scalar>, state: Tensor<Scalar>, parameters: [Tensor<Scalar>]
    ) -> (outputs: Tensor<Scalar>, state: Tensor<Scalar>) {
        let h = cell.step(
            projected: projectedInputs(observation, parameters), state: state,
            recurrent: parameters[gruIndex + 2], hiddenBias: parameters[gruIndex + 3])
        return (final(h, parameters), h)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func outputs<Scalar: TensorScalar>(over observations: Tensor<Scalar>, parameters: [Tensor<Scalar>])
        -> Tensor<Scalar>
    {
        let (steps, batch) = (observations.shape[0], observations.shape[1])
        // NB: the layers before the recurrence act on each step alone and could run on all steps
        // in one product, but then each step reads a slice of that product, and a slice's
        // adjoint pads it to the full [T, batch, 3 hidden] size: T such pads cost more than the
        // products saved (measured: 38 s against 1.6 s for one loss gradient at batch 2000, hidden 64).
        var h: Tensor<Scalar> = initialState(batch: batch)
        var states: [Tensor<Scalar>] = []
        for t in 0..<steps {
            h = cell.step(
                projected: projectedInputs(observations.indexed(axis: 0, t), parameters), state: h,
                recurrent: parameters[gruIndex + 2], hiddenBias: parameters[gruIndex + 3])
            states.append(h)
        }
        let all = Tensor.concatenate(states, axis: 0)  // [steps * batch, hidden], time-major
        return final(all, parameters).reshaped([steps, batch, outputSize])
    }

    /// The layers before the GRU and the GRU's input projection, on `[rows, inputSize]`.
    private func projectedInputs<Scalar>(_ x: Tensor<Scalar>, _ parameters: [Tensor<Scalar>]) -> Tensor<Scalar> {
        var x = x
        for k in 0..<layersBeforeGRU {
            x = x.matmul(parameters[2 * k]) + parameters[2 * k + 1]
            if k == 0 { x = x.relu() }
        }
        return cell.inputProjection(x, kernel: parameters[gruIndex], bias: parameters[gruIndex + 1])
    }

    private func final<Scalar>(_ h: Tensor<Scalar>, _ parameters: [Tensor<Scalar>]) -> Tensor<Scalar> {
        h.matmul(parameters[gruIndex + 4]) + parameters[gruIndex + 5]
    }
}
