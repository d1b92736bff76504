import TensorLayer

/// A multilayer perceptron from a one-hot encoding of the state to the logit of cooperating.
///
/// Input: for each agent in order, a one-hot vector over {defected, cooperated, start} (the
/// start state is "start" for everyone, or "cooperated" under the `cc` start option). Layers:
/// `Linear(3n -> h)`, tanh, further `Linear(h -> h)`, tanh, then `Linear(h -> 1)`. Parameters
/// are `[W1, b1, W2, b2, ...]` with weights shaped `[out, in]`, as PyTorch stores them.
///
/// The preconditioned variant scales the output logit by 0.33 in every state and by a further
/// 6 in the all-defect state.
public struct NeuralPolicy: Policy {
    public let hidden: [Int]
    public let preconditioned: Bool
    /// `[stateCount, 3n]`, one row per state.
    let inputs: Tensor<Double>
    /// The kind and the one-hot inputs (which depend on the game's start option).
    public let traceIdentity: String?

    public init(game: ContributionGame, hidden: [Int], preconditioned: Bool = false) {
        self.hidden = hidden
        self.preconditioned = preconditioned
        let n = game.agents
        var rows = [Double]()
        for s in 0..<game.jointActions {
            for agent in 0..<n { rows += game.cooperated(agent, in: s) ? [0, 1, 0] : [1, 0, 0] }
        }
        for _ in 0..<n { rows += game.start == .separate ? [0, 0, 1] : [0, 1, 0] }
        inputs = Tensor(shape: [game.stateCount, 3 * n], scalars: rows)
        traceIdentity = "\(preconditioned ? "precond-mlp" : "mlp")\(hidden) \(rows)"
    }

    private var widths: [Int] { [inputs.shape[1]] + hidden + [1] }

    public var parameterShapes: [[Int]] {
        zip(widths, widths.dropFirst()).flatMap { fanIn, fanOut in [[fanOut, fanIn], [fanOut]] }
    }

    public var kind: String {
        (preconditioned ? "precond-mlp(" : "mlp(") + hidden.map(String.init).joined(separator: ", ") + ")"
    }

    public func logits(_ parameters: [Tensor<Double>]) -> Tensor<Double> {
        let batch = parameters[0].shape[0]
        var activation = inputs
        let layers = parameters.count / 2
        for layer in 0..<layers {
            let weight = parameters[2 * layer]
            let bias = parameters[2 * layer + 1]
            let width = bias.shape[1]
            activation = activation.matmul(weight.transposed()) + bias.reshaped([batch, 1, width])
            if layer < layers - 1 { activation = activation.tanh() }
        }
        let logits = activation.reshaped([batch, inputs.shape[0]])
        return preconditioned ? logits * outputScale : logits
    }

    private var outputScale: Tensor<Double> {
        var scale = [Double](repeating: 0.33, count: inputs.shape[0])
        scale[0] *= 6
        return Tensor(shape: [1, inputs.shape[0]], scalars: scale)
    }

    /// PyTorch's default for `Linear`: weights and biases uniform in +-1/sqrt(fan_in).
    public func randomParameters(using generator: inout SplitMix64) -> [Tensor<Double>] {
        parameterShapes.enumerated().map { index, shape in
            let fanIn = Double(widths[index / 2])
            let bound = 1 / fanIn.squareRoot()
            return Tensor(
                shape: shape,
                scalars: (0..<shape.reduce(1, *)).map { _ in
                    generator.uniform(in: -bound...bound)
                })
        }
    }
}
