import TensorLayer
import TestSupport
import Testing

/// The fused exact-value primitive against the composed tensor operations it replaces, and its
/// two backward rules (fused for constants, composed when differentiated) against finite
/// differences and each other.
@Suite struct DiscountedValuesTests {
    /// Two agents start from their own start row, three from the all-cooperate row (`cc`).
    static let layouts = [
        DiscountedValueLayout(agents: 2, gamma: 0.96, startRow: 4, rewards: rewards(agents: 2, factor: 1.33)),
        DiscountedValueLayout(agents: 3, gamma: 0.9, startRow: 7, rewards: rewards(agents: 3, factor: 1.6)),
    ]

    /// The contribution game's rewards: `cf * popcount(s) / n - bit_a(s)`.
    static func rewards(agents: Int, factor: Double) -> [Double] {
        (0..<(1 << agents)).flatMap { s in
            (0..<agents).map { a in
                factor * Double(s.nonzeroBitCount) / Double(agents) - Double((s >> (agents - 1 - a)) & 1)
            }
        }
    }

    static func logits(_ layout: DiscountedValueLayout, batch: Int, seed: UInt64) -> [Tensor<Double>] {
        var generator = SplitMix64(seed: seed)
        return (0..<layout.agents).map { _ in
            Tensor(
                shape: [batch, layout.states],
                scalars: (0..<(batch * layout.states)).map { _ in 2 * generator.normal() })
        }
    }

    @Test(arguments: layouts)
    func valuesAreTheComposedValuesBitForBit(layout: DiscountedValueLayout) {
        let z = Self.logits(layout, batch: 3, seed: 1)
        #expect(Tensor.discountedValues(logits: z, layout: layout).scalars == layout.composedValues(z).scalars)
    }

    /// Both backward rules give the composed form's gradients bit for bit (the dynamics of some
    /// Figure 3 runs amplify a last-bit difference): the fused one (nothing differentiated) its
    /// constant backward pass, the differentiated one its backward pass with the graph kept.
    @Test(arguments: layouts)
    func gradientsAreTheComposedGradientsBitForBit(layout: DiscountedValueLayout) {
        let z = Self.logits(layout, batch: 3, seed: 2).map { Tensor.variable($0) }
        let cotangent = Tensor(
            shape: [3, layout.agents], scalars: (0..<(3 * layout.agents)).map { 0.7 * Double($0) - 2.5 })
        let values = Tensor.discountedValues(logits: z, layout: layout)
        for createGraph in [false, true] {
            let expected = gradients(
                of: layout.composedValues(z), at: z, cotangent: cotangent, createGraph: createGraph)
            let actual = gradients(of: values, at: z, cotangent: cotangent, createGraph: createGraph)
            #expect(actual.map(\.scalars) == expected.map(\.scalars), "createGraph \(createGraph)")
            #expect(actual.allSatisfy(\.isDifferentiable) == createGraph)
        }
    }

    /// A gradient taken with its graph kept differentiates again to the composed form's second
    /// derivative (LOLA's look-ahead differentiates through the opponents' gradient step).
    @Test(arguments: layouts)
    func secondDerivativesAreTheComposedOnes(layout: DiscountedValueLayout) {
        let z = Self.logits(layout, batch: 2, seed: 5).map { Tensor.variable($0) }
        func secondDerivative(_ values: ([Tensor<Double>]) -> Tensor<Double>) -> [[Double]] {
            let first = gradients(of: values(z).indexed(axis: 1, 1).sum(), at: [z[1]])[0]
            let inner = z.indices.map { $0 == 1 ? z[1] - 0.5 * first : z[$0] }
            return gradients(of: values(inner).indexed(axis: 1, 0).sum(), at: [z[0]], createGraph: false)
                .map(\.scalars)
        }
        let fused = secondDerivative { Tensor.discountedValues(logits: $0, layout: layout) }
        #expect(fused == secondDerivative { layout.composedValues($0) })
    }

    /// First, second and third order, each value squared so that the backward rule meets a
    /// cotangent that depends on the logits.
    @Test(arguments: layouts, [1, 2, 3])
    func matchesFiniteDifferences(layout: DiscountedValueLayout, order: Int) {
        let error = gradientCheckError(
            { z in
                let v = Tensor.discountedValues(logits: z, layout: layout)
                return v * v
            }, at: Self.logits(layout, batch: 2, seed: 3), order: order)
        #expect(error < 1e-6)
    }

    /// The fused backward rule (nothing differentiated) against finite differences directly:
    /// `gradientCheckError` keeps the graph, so it checks the composed rule.
    @Test(arguments: layouts)
    func fusedBackwardRuleMatchesFiniteDifferences(layout: DiscountedValueLayout) {
        let z = Self.logits(layout, batch: 2, seed: 4)
        let weights = Tensor(
            shape: [2, layout.agents], scalars: (0..<(2 * layout.agents)).map { 0.3 * Double($0) - 1 })
        func objective(_ z: [Tensor<Double>]) -> Double {
            (Tensor.discountedValues(logits: z, layout: layout) * weights).sum().item
        }
        let variables = z.map { Tensor.variable($0) }
        let analytic = gradients(
            of: (Tensor.discountedValues(logits: variables, layout: layout) * weights).sum(), at: variables,
            createGraph: false)
        let step = 1e-6
        for agent in z.indices {
            for entry in 0..<z[agent].count {
                var (plus, minus) = (z, z)
                var bump = [Double](repeating: 0, count: z[agent].count)
                bump[entry] = step
                plus[agent] = z[agent] + Tensor(shape: z[agent].shape, scalars: bump)
                minus[agent] = z[agent] - Tensor(shape: z[agent].shape, scalars: bump)
                let numeric = (objective(plus) - objective(minus)) / (2 * step)
                #expect(abs(analytic[agent][flat: entry] - numeric) < 1e-7 * max(1, abs(numeric)))
            }
        }
    }
}
