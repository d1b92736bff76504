import TensorLayer
import TestSupport
import Testing

/// SGD and Adam against steps computed by hand.
@Suite struct OptimiserTests {
    enum Optimiser: Sendable {
        case sgd(learningRate: Double)
        case adam(learningRate: Double)

        /// The first parameter after each step, from a fresh optimiser.
        func trajectory(from start: [Double], along gradients: [[Double]]) -> [[Double]] {
            var parameters = [Tensor(start)]
            var sgd = SGD<Double>(learningRate: 0)
            var adam = Adam<Double>(learningRate: 0)
            switch self {
            case .sgd(let rate): sgd.learningRate = rate
            case .adam(let rate): adam.learningRate = rate
            }
            return gradients.map { g in
                switch self {
                case .sgd: parameters = sgd.step(parameters, [Tensor(g)])
                case .adam: parameters = adam.step(parameters, [Tensor(g)])
                }
                return parameters[0].scalars
            }
        }
    }

    struct StepCase: CustomTestStringConvertible, Sendable {
        let name: String
        let optimiser: Optimiser
        let start: [Double]
        /// One gradient per step.
        let gradients: [[Double]]
        /// The parameters after each step.
        let expected: [[Double]]
        var testDescription: String { name }
    }

    static let cases = [
        StepCase(
            name: "SGD: theta - lr g", optimiser: .sgd(learningRate: 0.5), start: [1, -2, 0],
            gradients: [[2, -1, 0.25], [0, 4, -1]], expected: [[0, -1.5, -0.125], [0, -3.5, 0.375]]),
        // Step 1: -lr g / (|g| + eps): 0.5 - 0.01 / (1 + 1e-8); -1 + 0.01 * 0.002 / 0.00200001;
        // a zero gradient does not move. Step 2, by the formulas (m = -0.11, v = 0.004999,
        // m^ = -0.11 / 0.19, v^ = 0.004999 / 0.001999 for the first entry), computed in Python.
        StepCase(
            name: "Adam: a sign step, then bias-corrected moments", optimiser: .adam(learningRate: 0.01),
            start: [0.5, -1, 2], gradients: [[1, -0.002, 0], [-2, 0.5, 3]],
            expected: [
                [0.4900000001, -0.99000004999975, 2.0], [0.4936610353472075, -0.9974145698435037, 1.9925586317994004],
            ]),
    ]

    @Test(arguments: cases)
    func stepsAsComputedByHand(_ optimiser: StepCase) {
        let trajectory = optimiser.optimiser.trajectory(from: optimiser.start, along: optimiser.gradients)
        #expect(trajectory.count == optimiser.expected.count)
        for (found, expected) in zip(trajectory, optimiser.expected) {
            #expect(maxAbsoluteDifference(found, expected) < 1e-14, "\(found) against \(expected)")
        }
    }

    /// Adam's first step has size lr on every entry whatever the gradient's scale (the
    /// sign-gradient step of docs/dice-learning.md, LOLA-DiCE), in Float as in Double.
    @Test func adamsFirstStepIsASignStep() {
        var adam = Adam<Float>(learningRate: 0.003)
        let g = Tensor<Float>(shape: [2, 2], scalars: [1e-3, -5, 40, -0.2])
        let next = adam.step([Tensor<Float>.zeros([2, 2])], [g])[0]
        #expect(next.scalars.map { $0 / 0.003 }.map { ($0 * 1e4).rounded() / 1e4 } == [-1, 1, -1, 1])
        #expect(adam.steps == 1)
    }

    /// The inner loop differentiates through SGD: d/dx of (x - lr * 2x) is 1 - 2 lr.
    @Test func sgdStepsStayDifferentiable() {
        let x = Tensor.variable(Tensor<Double>([3.0]))
        var sgd = SGD<Double>(learningRate: 0.1)
        let gradient = gradients(of: (x * x).sum(), at: [x])
        let stepped = sgd.step([x], gradient)[0]
        #expect(gradients(of: stepped.sum(), at: [x])[0].scalars == [0.8])
    }
}
