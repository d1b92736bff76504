import TensorLayer
import Testing

/// Summing across the last axis to length 1 takes its own loop; it must add each row's entries
/// from the first, as the general walk does, so the bits agree with a plain sum.
struct RowSumTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let shape: [Int]
        var testDescription: String { "\(shape)" }
    }

    static let cases = [Case(shape: [2, 3, 4]), Case(shape: [5, 1]), Case(shape: [1, 7]), Case(shape: [3, 0, 2])]

    @Test(arguments: cases)
    func sumsEachRowInOrder(_ c: Case) {
        let a: Tensor<Double> = randomTensor(c.shape, seed: 5)
        let n = c.shape.last!
        let target = Array(c.shape.dropLast()) + [1]
        let expected = (0..<(n == 0 ? 0 : a.count / n)).map { row in
            (0..<n).reduce(0.0) { $0 + a[flat: row * n + $1] }
        }
        let summed = a.summed(to: target)
        #expect(summed.shape == target)
        #expect(summed.scalars == expected)
    }
}
