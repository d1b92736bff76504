import TensorLayer
import TestSupport
import Testing

/// The loop kernel's two forms (an entry summed in a register for narrow products, whole rows
/// swept for wide ones) must both give the bits of the textbook sum: each entry's k products
/// added in order, starting from zero. POLA's iteration counts depend on those bits.
struct LoopMatmulTests {
    typealias Case = MatrixProductTests.Case

    static let cases = [
        Case(shapeA: [4, 4], shapeB: [4, 1]), Case(shapeA: [20, 1, 4], shapeB: [4, 2]),
        Case(shapeA: [3, 5, 5], shapeB: [3, 5, 7]), Case(shapeA: [5, 16], shapeB: [16, 8]),
        Case(shapeA: [2, 5, 16], shapeB: [16, 17]), Case(shapeA: [6, 3], shapeB: [2, 3, 9]),
    ]

    @Test(arguments: cases)
    func matchesTheTextbookSumBitForBit(_ sizes: Case) {
        let a: Tensor<Double> = randomTensor(sizes.shapeA, seed: 3)
        let b: Tensor<Double> = randomTensor(sizes.shapeB, seed: 4)
        let product = a.matmul(b)
        let (m, k) = (sizes.shapeA[sizes.shapeA.count - 2], sizes.shapeA.last!)
        let n = sizes.shapeB.last!
        let batch = product.count / (m * n)
        let (strideA, strideB) = (sizes.shapeA.count == 2 ? 0 : m * k, sizes.shapeB.count == 2 ? 0 : k * n)
        var expected = [Double]()
        for t in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k { sum += a[flat: t * strideA + i * k + p] * b[flat: t * strideB + p * n + j] }
                    expected.append(sum)
                }
            }
        }
        #expect(product.scalars == expected)
    }
}
