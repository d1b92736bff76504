import TensorLayer
import Testing

/// A backward pass without `createGraph` takes the sigmoid rules' fused constant loop; with it,
/// their tensor form. Both must give the same bits (POLA's iteration counts compare such
/// gradients with a tolerance).
struct SigmoidCotangentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let function: @Sendable (Tensor<Double>) -> Tensor<Double>
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "sigmoid") { ($0.sigmoid() * $0).sum() },
        Case(name: "logSigmoid") { ($0.logSigmoid() * $0.exp()).sum() },
        Case(name: "both, broadcast") { ($0.sigmoid().sum(axis: 1) * $0.logSigmoid().sum(axis: 1)).sum() },
        Case(name: "saturated") { (($0 * 40).sigmoid() + (-$0 * 40).logSigmoid()).sum() },
    ]

    @Test(arguments: cases)
    func constantAndRecordedRulesAgree(_ c: Case) {
        let x = Tensor.variable(randomTensor([3, 4], seed: 11) as Tensor<Double>)
        let y = c.function(x)
        let plain = gradients(of: y, at: [x], createGraph: false)[0]
        let recorded = gradients(of: y, at: [x], createGraph: true)[0]
        #expect(!plain.isDifferentiable && recorded.isDifferentiable)
        #expect(plain.scalars == recorded.scalars)
        #expect(plain.scalars.contains { $0 != 0 })
    }
}
