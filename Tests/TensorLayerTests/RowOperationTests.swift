import TensorLayer
import TestSupport
import Testing

/// The values of the sampled half's row-wise operations, against numbers worked by hand.
/// (Their derivatives are in `OperationGradientTests`' table.)
struct RowOperationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: Tensor<Double>
    let apply: @Sendable (Tensor<Double>) -> Tensor<Double>
    let expectedShape: [Int]
    let expected: [Double]
    var testDescription: String { name }
}

private let grid = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])

let rowOperationCases: [RowOperationCase] = [
    RowOperationCase(
        name: "relu", input: Tensor([-2, 0, 3]), apply: { $0.relu() }, expectedShape: [3], expected: [0, 0, 3]),
    RowOperationCase(
        name: "picking one per row", input: grid, apply: { $0.picking([2, 0]) }, expectedShape: [2], expected: [3, 4]
    ),
    RowOperationCase(
        name: "picking over two leading axes", input: grid.reshaped([3, 1, 2]), apply: { $0.picking([1, 0, 1]) },
        expectedShape: [3, 1], expected: [2, 3, 6]),
    RowOperationCase(
        name: "placing into zero rows", input: Tensor([7, 8]), apply: { $0.placing([1, 2], size: 3) },
        expectedShape: [2, 3], expected: [0, 7, 0, 0, 0, 8]),
    RowOperationCase(
        name: "cumulativeSum along rows", input: grid, apply: { $0.cumulativeSum(axis: 1) }, expectedShape: [2, 3],
        expected: [1, 3, 6, 4, 9, 15]),
    RowOperationCase(
        name: "cumulativeSum down columns", input: grid, apply: { $0.cumulativeSum(axis: 0) }, expectedShape: [2, 3],
        expected: [1, 2, 3, 5, 7, 9]),
    RowOperationCase(
        name: "reverseCumulativeSum along rows", input: grid, apply: { $0.reverseCumulativeSum(axis: 1) },
        expectedShape: [2, 3], expected: [6, 5, 3, 15, 11, 6]),
    RowOperationCase(
        name: "reverseCumulativeSum down columns", input: grid, apply: { $0.reverseCumulativeSum(axis: 0) },
        expectedShape: [2, 3], expected: [5, 7, 9, 4, 5, 6]),
    // log(e^1 + e^2 + e^3) = 3.40760596444438.
    RowOperationCase(
        name: "logSoftmax", input: grid, apply: { $0.logSoftmax() }, expectedShape: [2, 3],
        expected: [
            -2.40760596444438, -1.40760596444438, -0.40760596444438, -2.40760596444438, -1.40760596444438,
            -0.40760596444438,
        ]),
    RowOperationCase(
        name: "softmax", input: Tensor([0, Double.log(3)]), apply: { $0.softmax() }, expectedShape: [2],
        expected: [0.25, 0.75]),
]

@Suite struct RowOperationTests {
    @Test(arguments: rowOperationCases)
    func computesTheWorkedValues(_ operation: RowOperationCase) {
        let y = operation.apply(operation.input)
        #expect(y.shape == operation.expectedShape)
        #expect(maxAbsoluteDifference(y.scalars, operation.expected) < 1e-13, "\(y.scalars)")
    }

    /// Logits of 1000 overflow a naive `log(exp(x) / sum(exp(x)))` in either element type.
    @Test func logSoftmaxIsStableForLargeLogits() {
        let y = Tensor<Float>([1000, 0, -1000]).logSoftmax()
        #expect(y.scalars == [0, -1000, -2000])
        let probabilities = Tensor<Float>(rows: [[1000, 1000], [-1000, -1000]]).softmax()
        #expect(probabilities.scalars == [0.5, 0.5, 0.5, 0.5])
    }

    @Test func pickingUndoesPlacing() {
        let x = Tensor<Double>([1.5, -2, 4])
        let indices = [3, 0, 1]
        #expect(x.placing(indices, size: 4).picking(indices).scalars == x.scalars)
    }
}
