import Foundation
import Runtime
import TensorLayer
import TestSupport
import Testing

/// The agents' networks: shapes, initialisation, the GRU's equations and their derivatives.
@Suite struct SampledNetworkTests {
    static func random(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor<Double> {
        var generator = SplitMix64(seed: seed)
        return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in scale * generator.normal() })
    }

    struct NetworkCase: CustomTestStringConvertible, Sendable {
        let layersBeforeGRU: Int
        let outputSize: Int
        var network: RecurrentNetwork {
            RecurrentNetwork(inputSize: 6, hiddenSize: 4, layersBeforeGRU: layersBeforeGRU, outputSize: outputSize)
        }
        var testDescription: String { "\(layersBeforeGRU) layers before the GRU, \(outputSize) outputs" }
    }

    static let networks = [0, 1, 2].flatMap { layers in
        [1, 2].map { NetworkCase(layersBeforeGRU: layers, outputSize: $0) }
    }

    /// Parameters perturbed away from zero biases so that every term, `b_hn` included, is exercised.
    static func parameters(_ network: RecurrentNetwork) -> [Tensor<Double>] {
        let initial: [Tensor<Double>] = network.initialParameters(seed: 3)
        return initial.enumerated().map { k, p in p + random(p.shape, seed: 100 + UInt64(k), scale: 0.3) }
    }

    @Test(arguments: networks)
    func gruOutputsHaveFirstAndSecondDerivatives(_ check: NetworkCase) {
        let network = check.network
        let observations = Self.random([3, 2, 6], seed: 9)
        let f: ([Tensor<Double>]) -> Tensor<Double> = { network.outputs(over: observations, parameters: $0) }
        for order in [1, 2] {
            #expect(gradientCheckError(f, at: Self.parameters(network), order: order) < 1e-6, "order \(order)")
        }
    }

    /// The batched-over-time forward is the step-by-step one.
    @Test(arguments: networks)
    func sequenceOutputsEqualRepeatedSteps(_ check: NetworkCase) {
        let network = check.network
        let parameters = Self.parameters(network)
        let observations = Self.random([4, 3, 6], seed: 5)
        var state: Tensor<Double> = network.initialState(batch: 3)
        var stepped: [Double] = []
        for t in 0..<4 {
            let (outputs, next) = network.step(observations.indexed(axis: 0, t), state: state, parameters: parameters)
            stepped += outputs.scalars
            state = next
        }
        let batched = network.outputs(over: observations, parameters: parameters).scalars
        #expect(maxAbsoluteDifference(stepped, batched) < 1e-12)
    }

    /// One GRU step by hand from the equations of docs/dice-learning.md (Agents), with `b_hn` inside `r * (...)`.
    @Test func gruStepFollowsTheSpecEquations() {
        let network = RecurrentNetwork(inputSize: 2, hiddenSize: 1, layersBeforeGRU: 0, outputSize: 1)
        // W_i = [w_ir w_iz w_in], b_i, W_h = [w_hr w_hz w_hn], b_hn, W_out, b_out.
        let (x, h) = ([0.5, -1.0], 0.4)
        let wi: [[Double]] = [[0.1, 0.2, 0.3], [-0.4, 0.5, -0.6]]
        let bi = [0.05, -0.1, 0.15]
        let wh = [0.7, -0.8, 0.9]
        let bhn = 0.25
        let parameters = [
            Tensor(rows: wi), Tensor(bi), Tensor(rows: [wh]), Tensor([bhn]), Tensor(rows: [[1.0]]), Tensor([0.0]),
        ]
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        func input(_ k: Int) -> Double { x[0] * wi[0][k] + x[1] * wi[1][k] + bi[k] }
        let r = sigmoid(input(0) + wh[0] * h)
        let z = sigmoid(input(1) + wh[1] * h)
        let n = tanh(input(2) + r * (wh[2] * h + bhn))
        let expected = (1 - z) * n + z * h
        let (outputs, state) = network.step(
            Tensor(rows: [x]), state: Tensor(rows: [[h]]), parameters: parameters)
        #expect(abs(state.item - expected) < 1e-15)
        #expect(abs(outputs.item - expected) < 1e-15)
    }

    @Test func parametersFollowTheDocumentedOrderAndShapes() {
        let network = RecurrentNetwork(inputSize: 36, hiddenSize: 64, layersBeforeGRU: 1, outputSize: 4)
        let expected = [[36, 64], [64], [64, 192], [192], [64, 192], [64], [64, 4], [4]]
        let parameters: [Tensor<Float>] = network.initialParameters(seed: 1)
        #expect(network.parameterShapes == expected)
        #expect(parameters.map(\.shape) == expected)
        #expect([1, 3, 5, 7].allSatisfy { parameters[$0].scalars.allSatisfy { $0 == 0 } }, "biases start at zero")
    }

    /// Each recurrent kernel is orthogonal: `W^T W = I` to rounding (checked in Double).
    @Test func recurrentKernelsAreOrthogonal() {
        let network = RecurrentNetwork(inputSize: 6, hiddenSize: 16, layersBeforeGRU: 1, outputSize: 2)
        let recurrent: Tensor<Double> = network.initialParameters(seed: 2)[4]
        for k in 0..<3 {
            let w = recurrent.sliced(axis: 1, (16 * k)..<(16 * (k + 1)))
            let gram = w.transposed().matmul(w).scalars
            #expect(maxAbsoluteDifference(gram, Tensor<Double>.identity(16).scalars) < 1e-13, "block \(k)")
        }
        let blocks = (0..<3).map { recurrent.sliced(axis: 1, (16 * $0)..<(16 * ($0 + 1))).scalars }
        #expect(blocks[0] != blocks[1] && blocks[1] != blocks[2], "independent matrices")
    }

    /// LeCun normal: entries within 2 / 0.8796 / sqrt(fan_in) and variance 1 / fan_in. Over
    /// 64 x 192 = 12288 draws the sample variance's relative standard error is about
    /// sqrt(2 / 12288) * 0.83 = 1.1% (the truncated normal's kurtosis is below the normal's),
    /// so 5% is over 4 standard errors.
    @Test func kernelsAreLeCunNormal() {
        let network = RecurrentNetwork(inputSize: 64, hiddenSize: 64, layersBeforeGRU: 1, outputSize: 2)
        let kernel: Tensor<Double> = network.initialParameters(seed: 4)[2]
        let values = kernel.scalars
        let variance = values.reduce(0) { $0 + $1 * $1 } / Double(values.count)
        #expect(abs(variance * 64 - 1) < 0.05, "variance times fan_in: \(variance * 64)")
        let bound = 2 / 0.879_625_661_034_239_8 / 8
        #expect(values.allSatisfy { abs($0) <= bound })
        #expect(values.contains { abs($0) > 0.95 * bound }, "the truncation is at 2 standard deviations, not below")
    }

    @Test func sameSeedSameParametersOtherSeedOthers() {
        let network = RecurrentNetwork(inputSize: 6, hiddenSize: 8, outputSize: 2)
        let a: [Tensor<Float>] = network.initialParameters(seed: 7)
        let b: [Tensor<Float>] = network.initialParameters(seed: 7)
        let c: [Tensor<Float>] = network.initialParameters(seed: 8)
        #expect(a.map(\.scalars) == b.map(\.scalars))
        #expect(a[0].scalars != c[0].scalars)
    }

    struct MemoryOneCase: Sendable {
        let observation: [Double]
        let state: Int
    }

    /// The observation's slots select `[DD, DC, CD, CC, start]`, agent 0's action first.
    @Test(arguments: [
        MemoryOneCase(observation: [0, 0, 1, 0, 0, 1], state: 4),
        MemoryOneCase(observation: [1, 0, 0, 1, 0, 0], state: 0),
        MemoryOneCase(observation: [1, 0, 0, 0, 1, 0], state: 1),
        MemoryOneCase(observation: [0, 1, 0, 1, 0, 0], state: 2),
        MemoryOneCase(observation: [0, 1, 0, 0, 1, 0], state: 3),
    ])
    func memoryOneLogitsAreZeroAndTheStatesLogit(_ check: MemoryOneCase) {
        let z = Tensor<Double>([0.1, -0.2, 0.3, -0.4, 0.5])
        let (logits, _) = MemoryOnePolicy().step(
            Tensor(rows: [check.observation]), state: .zeros([1, 0]), parameters: [z])
        #expect(logits.scalars == [0, z.scalars[check.state]])
    }
}
