import Foundation
import Runtime
import TensorLayer
import TestSupport
import Testing

/// The objectives' values and derivatives. DiCE's magic box has value 1 whatever its
/// argument, so finite differences of the objective see nothing: its derivatives are checked
/// against the closed forms they must equal instead (first and second order).
@Suite struct DiCEObjectiveTests {
    static let gamma = 0.9
    static let (steps, batch) = (4, 3)

    static func random(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor<Double> {
        SampledNetworkTests.random(shape, seed: seed, scale: scale)
    }

    static let rewards = random([steps, batch], seed: 1)
    static let own = random([steps, batch], seed: 2)
    static let other = random([steps, batch], seed: 3)

    /// `d/ds_u` of `sum_t magic(sum_{k<=t} s_k) w_t` is `sum_{t>=u} w_t`; the second
    /// derivative in `s_u, s_v` is `sum_{t>=max(u,v)} w_t` (per episode, divided by the batch).
    @Test func diceDerivativesAreTheDiscountedReturnsToGo() {
        let s = Tensor.variable(Self.own)
        let objective = DiCE.objective(own: s, other: Self.other, rewards: Self.rewards, gamma: Self.gamma)
        #expect(abs(objective.item - weighted().sum().item) < 1e-12, "the magic box has value 1")
        let first = gradients(of: objective, at: [s])[0]
        let w = weighted().scalars
        func toGo(_ u: Int, _ b: Int) -> Double { (u..<Self.steps).reduce(0) { $0 + w[$1 * Self.batch + b] } }
        let expectedFirst = (0..<(Self.steps * Self.batch)).map { toGo($0 / Self.batch, $0 % Self.batch) }
        #expect(maxAbsoluteDifference(first.scalars, expectedFirst) < 1e-12)
        // Second order along episode 0's step-0 component: row u of the Hessian.
        let row = gradients(of: first.indexed(axis: 0, 0).indexed(axis: 0, 0), at: [s])[0]
        let expectedRow = (0..<(Self.steps * Self.batch)).map { $0 % Self.batch == 0 ? toGo($0 / Self.batch, 0) : 0 }
        #expect(maxAbsoluteDifference(row.scalars, expectedRow) < 1e-12)
    }

    /// Loaded DiCE with advantages A: first derivative `w_u = gamma^u A_u / B`, second
    /// `w_max(u,v)`; value 0.
    @Test func loadedDiCEDerivativesAreTheStepsAdvantages() {
        let values = Self.random([Self.steps, Self.batch], seed: 4)
        let end = Self.random([Self.batch], seed: 5)
        let s = Tensor.variable(Self.own)
        let objective = DiCE.loadedObjective(
            own: s, other: Self.other, rewards: Self.rewards, values: values, valueEnd: end, gamma: Self.gamma,
            lambda: 0.7)
        let advantages = DiCE.advantages(
            rewards: Self.rewards, values: values, valueEnd: end, gamma: Self.gamma, lambda: 0.7)
        let w = weighted(advantages).scalars
        #expect(abs(objective.item) < 1e-12)
        let first = gradients(of: objective, at: [s])[0]
        #expect(maxAbsoluteDifference(first.scalars, w) < 1e-12)
        let u = 2
        let row = gradients(of: first.indexed(axis: 0, u).indexed(axis: 0, 1), at: [s])[0]
        let expectedRow = (0..<(Self.steps * Self.batch)).map { i in
            i % Self.batch == 1 ? w[max(u, i / Self.batch) * Self.batch + 1] : 0
        }
        #expect(maxAbsoluteDifference(row.scalars, expectedRow) < 1e-12)
    }

    /// GAE by hand for one episode of 3 steps.
    @Test func advantagesFollowTheRecursion() {
        let (r, v, end, g, l) = ([1.0, -2.0, 0.5], [0.3, 0.1, -0.4], 2.0, 0.9, 0.5)
        let delta = [r[0] + g * v[1] - v[0], r[1] + g * v[2] - v[1], r[2] + g * end - v[2]]
        let a2 = delta[2]
        let a1 = delta[1] + g * l * a2
        let a0 = delta[0] + g * l * a1
        let advantages = DiCE.advantages(
            rewards: Tensor(shape: [3, 1], scalars: r), values: Tensor(shape: [3, 1], scalars: v),
            valueEnd: Tensor([end]), gamma: g, lambda: l)
        #expect(maxAbsoluteDifference(advantages.scalars, [a0, a1, a2]) < 1e-15)
    }

    /// `sum_t (R[t] + gamma^(T-t) v_end - v[t])^2` by hand, and its derivatives in the values
    /// (`v_end` without gradient).
    @Test func valueLossByHandAndByFiniteDifferences() {
        let (r, v, end, g) = ([1.0, -2.0], [0.3, 0.1], 2.0, 0.9)
        let targets = [r[0] + g * r[1] + g * g * end, r[1] + g * end]
        let expected = (targets[0] - v[0]) * (targets[0] - v[0]) + (targets[1] - v[1]) * (targets[1] - v[1])
        let loss = DiCE.valueLoss(
            values: Tensor(shape: [2, 1], scalars: v), valueEnd: Tensor([end]),
            rewards: Tensor(shape: [2, 1], scalars: r),
            gamma: g)
        #expect(abs(loss.item - expected) < 1e-14)
        let f: ([Tensor<Double>]) -> Tensor<Double> = {
            DiCE.valueLoss(
                values: $0[0], valueEnd: Self.random([Self.batch], seed: 6), rewards: Self.rewards, gamma: Self.gamma)
        }
        for order in [1, 2] {
            #expect(gradientCheckError(f, at: [Self.random([Self.steps, Self.batch], seed: 7)], order: order) < 1e-7)
        }
    }

    /// The forward KL: zero with zero gradient at `cur = ref`, its derivatives by finite
    /// differences elsewhere, and its value by hand for two actions.
    @Test func klDivergenceValueAndDerivatives() {
        let reference = Self.random([Self.steps, Self.batch, 4], seed: 8)
        let current = Tensor.variable(reference)
        let atReference = DiCE.klDivergence(current: current, reference: reference)
        #expect(abs(atReference.item) < 1e-15)
        #expect(gradients(of: atReference, at: [current])[0].scalars.allSatisfy { abs($0) < 1e-15 })
        let f: ([Tensor<Double>]) -> Tensor<Double> = { DiCE.klDivergence(current: $0[0], reference: reference) }
        for order in [1, 2] {
            #expect(
                gradientCheckError(f, at: [Self.random([Self.steps, Self.batch, 4], seed: 9)], order: order) < 1e-7)
        }
        let (p, q) = (0.3, 0.6)
        let logit = { (x: Double) in log(x / (1 - x)) }
        let kl = DiCE.klDivergence(
            current: Tensor(shape: [1, 1, 2], scalars: [0, logit(q)]),
            reference: Tensor(shape: [1, 1, 2], scalars: [0, logit(p)]))
        #expect(abs(kl.item - (p * log(p / q) + (1 - p) * log((1 - p) / (1 - q)))) < 1e-14)
    }

    /// Log-probabilities of the taken actions from a rollout's recorded data, by finite
    /// differences in the policy's parameters (log-softmax and picking).
    @Test func logProbabilitiesHaveFirstAndSecondDerivatives() throws {
        let environment = try IPDWithHistory(episodeLength: 3)
        let network = RecurrentNetwork(inputSize: 6, hiddenSize: 3, layersBeforeGRU: 1, outputSize: 2)
        let parameters: [Tensor<Double>] = network.initialParameters(seed: 5)
        var generator = SplitMix64(seed: 1)
        let rollout = Rollout.play(
            environment, policies: [network, network], parameters: [parameters, parameters], batch: 2,
            using: &generator)
        let f: ([Tensor<Double>]) -> Tensor<Double> = {
            rollout.logProbabilities(of: 0, policy: network, parameters: $0)
        }
        for order in [1, 2] {
            #expect(gradientCheckError(f, at: parameters, order: order) < 1e-6, "order \(order)")
        }
    }

    /// `gamma^t r[t] / B`, or `gamma^t x[t] / B` for any `[T, B]` tensor.
    func weighted(_ x: Tensor<Double> = rewards) -> Tensor<Double> {
        let powers = (0..<Self.steps).map { pow(Self.gamma, Double($0)) }
        return x * Tensor(shape: [Self.steps, 1], scalars: powers) / Double(Self.batch)
    }
}
