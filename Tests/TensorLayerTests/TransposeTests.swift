import TensorLayer
import Testing

/// `transposed()` swaps the last two axes; a row or a column takes the reshape path, which must
/// give the same entries as the general copy.
struct TransposeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let shape: [Int]
        var testDescription: String { "\(shape)" }
    }

    static let cases = [
        Case(shape: [2, 3, 4]), Case(shape: [3, 1, 4]), Case(shape: [3, 4, 1]), Case(shape: [1, 5]),
        Case(shape: [5, 1]), Case(shape: [2, 1, 1]),
    ]

    @Test(arguments: cases)
    func swapsTheLastTwoAxes(_ c: Case) {
        let a: Tensor<Double> = randomTensor(c.shape, seed: 7)
        let t = a.transposed()
        let (rows, cols) = (c.shape[c.shape.count - 2], c.shape[c.shape.count - 1])
        var expected = [Double]()
        for block in 0..<(a.count / (rows * cols)) {
            for j in 0..<cols {
                for i in 0..<rows { expected.append(a[flat: block * rows * cols + i * cols + j]) }
            }
        }
        #expect(t.shape == Array(c.shape.dropLast(2)) + [cols, rows])
        #expect(t.scalars == expected)
    }
}
