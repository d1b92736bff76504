import Runtime
import TensorLayer
import TestSupport
import Testing

/// The gradient-adjusting rules on a real game with three agents (the contribution game, 27
/// parameters), against the game's Jacobian `H = grad xi` built by central differences of the
/// simultaneous gradient `xi`, which naive learning's step gives (`xi = theta - theta'` at rate 1).
@Suite struct ShapingRuleFiniteDifferenceTests {
    static let eta = 0.8, alpha = 0.6, weight = 0.7, epsilon = 0.1
    let game = try! ContributionGame(agents: 3, contributionFactor: 2.5)
    let start: LearningState<ContributionGame>
    /// Parameters per agent.
    let width: Int

    init() {
        let policy = TabularPolicy(stateCount: game.stateCount)
        width = game.stateCount
        start = LearningState(
            game: game, agents: (0..<3).map { Agent.random(policy: policy, seed: 40 + UInt64($0), runs: 1) })
    }

    func flat(_ state: LearningState<ContributionGame>) -> [Double] {
        state.agents.flatMap { $0.parameters[0].scalars }
    }

    func state(at theta: [Double]) -> LearningState<ContributionGame> {
        var state = start
        state.agents = state.agents.indices.map { i in
            state.agents[i].with([Tensor(shape: [1, width], scalars: Array(theta[(i * width)..<((i + 1) * width)]))])
        }
        return state
    }

    func xi(at theta: [Double]) throws -> [Double] {
        zip(theta, flat(try NaiveRule(rate: 1).step(state(at: theta)).0)).map { $0 - $1 }
    }

    /// `(theta - theta') / rate` for one step of `rule` from the start.
    func direction(_ rule: any LearningRule, rate: Double) throws -> [Double] {
        zip(flat(start), flat(try rule.step(start).0)).map { ($0 - $1) / rate }
    }

    /// `H[a][k] = d xi_a / d theta_k`, by central differences.
    func jacobian() throws -> [[Double]] {
        let theta = flat(start)
        let h = 1e-5
        let columns = try theta.indices.map { k -> [Double] in
            var up = theta
            var down = theta
            up[k] += h
            down[k] -= h
            return zip(try xi(at: up), try xi(at: down)).map { ($0 - $1) / (2 * h) }
        }
        return theta.indices.map { a in columns.map { $0[a] } }
    }

    func offDiagonal(_ h: [[Double]]) -> [[Double]] {
        h.indices.map { a in h[a].indices.map { k in a / width == k / width ? 0 : h[a][k] } }
    }

    @Test func everyRuleMatchesTheFiniteDifferenceJacobian() throws {
        let xi = try xi(at: flat(start))
        let h = try jacobian()
        let ho = offDiagonal(h)
        let transposed = h.indices.map { k in h.map { $0[k] } }
        func times(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { zip($0, v).map(*).reduce(0, +) } }
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).map(*).reduce(0, +) }
        let scale = xi.map(abs).max()!
        #expect(scale > 1e-3, "a start with real gradients")
        func check(_ name: String, _ actual: [Double], _ expected: [Double]) {
            #expect(maxAbsoluteDifference(actual, expected) < 1e-7 * scale, "\(name)")
        }

        let lookAhead = zip(xi, times(ho, xi)).map { $0 - Self.eta * $1 }
        check(
            "lookahead", try direction(LookAheadRule(innerRate: Self.eta, outerRate: Self.alpha), rate: Self.alpha),
            lookAhead)

        let hamiltonianGradient = times(transposed, xi)
        check(
            "co", try direction(ConsensusRule(rate: Self.alpha, weight: Self.weight), rate: Self.alpha),
            zip(xi, hamiltonianGradient).map { $0 + Self.weight * $1 })

        let adjustment = zip(hamiltonianGradient, times(h, xi)).map { ($0 - $1) / 2 }
        let alignment = dot(xi, hamiltonianGradient) * dot(adjustment, hamiltonianGradient) / Double(xi.count)
        let lambda: Double = alignment + Self.epsilon > 0 ? 1 : -1
        check(
            "sga", try direction(SGARule(rate: Self.alpha, epsilon: Self.epsilon), rate: Self.alpha),
            zip(xi, adjustment).map { $0 + lambda * $1 })

        let d = xi.count
        let system = (0..<d).flatMap { a in (0..<d).map { k in (a == k ? 1 : 0) + Self.alpha * ho[a][k] } }
        let solution = Tensor(shape: [d, d], scalars: system).solve(Tensor(shape: [d, 1], scalars: xi)).scalars
        check("cgd", try direction(CGDRule(rate: Self.alpha), rate: Self.alpha), solution)

        // LOLA (Taylor) is xi_0 - eta chi, so its step gives eta chi; SOS scales it by p, here
        // p2 = |xi|^2 (b is above |xi|).
        let lola = try direction(LOLARule(innerRate: Self.eta, outerRate: 1, taylor: true), rate: 1)
        let shaping = zip(lookAhead, lola).map { $0 - $1 }
        let b = 0.9
        let p = ShapingRuleTests.sosWeight(xi: xi, lookAhead: lookAhead, shaping: shaping, b: b)
        #expect(p > 0 && p < 1, "the start makes SOS scale its shaping: p = \(p)")
        check(
            "sos", try direction(SOSRule(innerRate: Self.eta, outerRate: Self.alpha, b: b), rate: Self.alpha),
            zip(lookAhead, shaping).map { $0 - p * $1 })
    }
}
