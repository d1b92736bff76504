import TensorLayer
import TestSupport
import Testing

/// The fused chain-value primitive against the composed tensor operations it fuses, and its
/// two backward rules (fused for constants, composed when differentiated) against finite
/// differences and each other.
@Suite struct BernoulliChainTests {
    /// Two variables start from their own start row (the fused cotangents' unrolled path),
    /// three from the all-ones outcome's row (the general path).
    static let chains = [
        BernoulliChain(variables: 2, gamma: 0.96, startRow: 4, rewards: rewards(variables: 2, factor: 1.33)),
        BernoulliChain(variables: 3, gamma: 0.9, startRow: 7, rewards: rewards(variables: 3, factor: 1.6)),
    ]

    /// Rewards `factor * popcount(s) / n - bit_c(s)`, one column per variable.
    static func rewards(variables: Int, factor: Double) -> [Double] {
        (0..<(1 << variables)).flatMap { s in
            (0..<variables).map { c in
                factor * Double(s.nonzeroBitCount) / Double(variables) - Double((s >> (variables - 1 - c)) & 1)
            }
        }
    }

    static func logits(_ chain: BernoulliChain, batch: Int, seed: UInt64) -> [Tensor<Double>] {
        var generator = SplitMix64(seed: seed)
        return (0..<chain.variables).map { _ in
            Tensor(
                shape: [batch, chain.states],
                scalars: (0..<(batch * chain.states)).map { _ in 2 * generator.normal() })
        }
    }

    @Test(arguments: chains)
    func valuesAreTheComposedValuesBitForBit(chain: BernoulliChain) {
        let z = Self.logits(chain, batch: 3, seed: 1)
        #expect(Tensor.bernoulliChainValues(logits: z, chain: chain).scalars == chain.composedValues(z).scalars)
    }

    /// Both backward rules give the composed form's gradients bit for bit (the dynamics of some
    /// learning runs amplify a last-bit difference): the fused one (nothing differentiated) its
    /// constant backward pass, the differentiated one its backward pass with the graph kept.
    @Test(arguments: chains)
    func gradientsAreTheComposedGradientsBitForBit(chain: BernoulliChain) {
        let z = Self.logits(chain, batch: 3, seed: 2).map { Tensor.variable($0) }
        let cotangent = Tensor(
            shape: [3, chain.variables], scalars: (0..<(3 * chain.variables)).map { 0.7 * Double($0) - 2.5 })
        let values = Tensor.bernoulliChainValues(logits: z, chain: chain)
        for createGraph in [false, true] {
            let expected = gradients(
                of: chain.composedValues(z), at: z, cotangent: cotangent, createGraph: createGraph)
            let actual = gradients(of: values, at: z, cotangent: cotangent, createGraph: createGraph)
            #expect(actual.map(\.scalars) == expected.map(\.scalars), "createGraph \(createGraph)")
            #expect(actual.allSatisfy(\.isDifferentiable) == createGraph)
        }
    }

    /// A gradient taken with its graph kept differentiates again to the composed form's second
    /// derivative (a look-ahead differentiates through a gradient step).
    @Test(arguments: chains)
    func secondDerivativesAreTheComposedOnes(chain: BernoulliChain) {
        let z = Self.logits(chain, batch: 2, seed: 5).map { Tensor.variable($0) }
        func secondDerivative(_ values: ([Tensor<Double>]) -> Tensor<Double>) -> [[Double]] {
            let first = gradients(of: values(z).indexed(axis: 1, 1).sum(), at: [z[1]])[0]
            let inner = z.indices.map { $0 == 1 ? z[1] - 0.5 * first : z[$0] }
            return gradients(of: values(inner).indexed(axis: 1, 0).sum(), at: [z[0]], createGraph: false)
                .map(\.scalars)
        }
        let fused = secondDerivative { Tensor.bernoulliChainValues(logits: $0, chain: chain) }
        #expect(fused == secondDerivative { chain.composedValues($0) })
    }

    /// First, second and third order, each value squared so that the backward rule meets a
    /// cotangent that depends on the logits.
    @Test(arguments: chains, [1, 2, 3])
    func matchesFiniteDifferences(chain: BernoulliChain, order: Int) {
        let error = gradientCheckError(
            { z in
                let v = Tensor.bernoulliChainValues(logits: z, chain: chain)
                return v * v
            }, at: Self.logits(chain, batch: 2, seed: 3), order: order)
        #expect(error < 1e-6)
    }

    /// The fused backward rule (nothing differentiated) against finite differences directly:
    /// `gradientCheckError` keeps the graph, so it checks the composed rule.
    @Test(arguments: chains)
    func fusedBackwardRuleMatchesFiniteDifferences(chain: BernoulliChain) {
        let z = Self.logits(chain, batch: 2, seed: 4)
        let weights = Tensor(
            shape: [2, chain.variables], scalars: (0..<(2 * chain.variables)).map { 0.3 * Double($0) - 1 })
        func objective(_ z: [Tensor<Double>]) -> Double {
            (Tensor.bernoulliChainValues(logits: z, chain: chain) * weights).sum().item
        }
        let variables = z.map { Tensor.variable($0) }
        let analytic = gradients(
            of: (Tensor.bernoulliChainValues(logits: variables, chain: chain) * weights).sum(), at: variables,
            createGraph: false)
        let step = 1e-6
        for variable in z.indices {
            for entry in 0..<z[variable].count {
                var (plus, minus) = (z, z)
                var bump = [Double](repeating: 0, count: z[variable].count)
                bump[entry] = step
                plus[variable] = z[variable] + Tensor(shape: z[variable].shape, scalars: bump)
                minus[variable] = z[variable] - Tensor(shape: z[variable].shape, scalars: bump)
                let numeric = (objective(plus) - objective(minus)) / (2 * step)
                #expect(abs(analytic[variable][flat: entry] - numeric) < 1e-7 * max(1, abs(numeric)))
            }
        }
    }
}
