import TensorLayer
import Testing

/// The backward pass's own bookkeeping: its node numbering, its visiting order, and the in-place
/// sums of cotangents when no graph is recorded.
struct BackwardPassTests {
    /// Far more nodes than the node table's first size (it grows several times): every
    /// variable's gradient still lands on its own node.
    @Test func everyTargetOfALargeGraphGetsItsOwnGradient() {
        let xs = (0..<400).map { Tensor.variable(Tensor<Double>([Double($0)])) }
        let squares: [Tensor<Double>] = xs.map { $0 * $0 }
        let y = squares.reduce(Tensor<Double>(0), +).sum()
        let g = gradients(of: y, at: xs, createGraph: false)
        let expected: [Double] = (0..<400).map { 2 * Double($0) }
        #expect(g.map(\.item) == expected)
        let stranger = Tensor.variable(Tensor<Double>([1]))
        let partial = gradients(of: y, at: [stranger, xs[7]], createGraph: false)
        #expect(partial.map(\.item) == [0, 14])
    }

    /// `add`'s rule hands one cotangent array to both inputs; summing `a`'s second cotangent
    /// into it in place must not change `b`'s (copy-on-write, not a shared write).
    @Test func inPlaceSumsLeaveSharedCotangentsAlone() {
        let a = Tensor.variable(Tensor<Double>([1, 2, 3]))
        let b = Tensor.variable(Tensor<Double>([4, 5, 6]))
        let y = (a + b).sum() + (a * a).sum()
        for createGraph in [false, true] {
            let g = gradients(of: y, at: [a, b], createGraph: createGraph)
            #expect(g[0].scalars == [3, 5, 7])
            #expect(g[1].scalars == [1, 1, 1])
        }
    }

    /// A node reached along paths of different lengths is visited once, after every consumer:
    /// its cotangent sums all of them (x feeds levels 1, 2 and 3 here).
    @Test func nodeOnPathsOfDifferentLengthsGetsEveryContribution() {
        let x = Tensor.variable(Tensor<Double>([0.5, -1]))
        let square = x * x
        let y = (square * x + square + x).sum()
        let g = gradients(of: y, at: [x], createGraph: false)[0]
        // d/dx (x^3 + x^2 + x) = 3x^2 + 2x + 1.
        let expected: [Double] = [2.75, 2]
        #expect(g.scalars == expected)
        let recorded = gradients(of: y, at: [x])[0]
        #expect(recorded.scalars == g.scalars)
    }
}
