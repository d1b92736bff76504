import TensorLayer

extension DiCERule {
    /// Episodes per chunk of a batch. A batch is played as independent chunks (the same
    /// distribution as one batch: episodes are independent) and every loss is the
    /// chunk-size-weighted sum of the chunks' losses, which equals the loss of the whole batch,
    /// since every objective is a mean over episodes. Only one chunk's graph is alive at a
    /// time: a second-order graph of 2000 episodes of a 64-unit GRU over 50 steps holds
    /// several GB, one of 250 episodes an eighth of that.
    ///
    /// The chunk is also the unit of interruption: every chunked loop (playing a batch, every
    /// pass of `summedGradient`) polls before each chunk, so a step stops within one chunk's
    /// work of an interruption however large the batch (a 4096-episode GRU batch polled only
    /// between batches took seconds to stop).
    static let chunkEpisodes = 250

    /// The gradient of `L_out(i)` at `theta` (policy) and `phi` (value) through the opponent's
    /// look-ahead (`docs/dice-learning.md`, Learning rules, step 2), computed in chunks.
    ///
    /// The look-ahead is `theta_j[k+1] = theta_j[k] - lr_in g_k(theta_j[k], theta)` with
    /// `g_k` the gradient of `L_in(j)` on batch k (it depends on `theta` through i's
    /// log-probabilities in j's DiCE dependencies). Forward, the steps are taken as values.
    /// Then `dL_out/dtheta` is its direct part plus reverse accumulation through the steps: with
    /// `v = dL_out/dtheta_j[K]`, for k = K-1 down to 0, the vector-Jacobian product of `g_k` with
    /// `v` gives `d theta += -lr_in (dg_k/dtheta)^T v` and `v += -lr_in (dg_k/dtheta_j[k])^T v`.
    /// `g_k` is a weighted sum over chunks, so each product is too: one chunk's second-order
    /// graph at a time. The opponent's value parameters step on its value loss, which does not
    /// depend on `theta`, so they are constants of this derivative.
    func outerGradient<Environment: SampledEnvironment>(
        learner i: Int, own: SampledAgent, theta: [Tensor<Float>], phi: [Tensor<Float>], opponent: SampledAgent,
        environment: Environment, interruption: Interruption, using generator: inout SplitMix64
    ) throws -> (policy: [Tensor<Float>], value: [Tensor<Float>]) {
        // Batches are drawn in the order the look-ahead needs them: inner step 0, 1, ..., outer.
        try lookAheadGradient(
            learner: i, own: own, theta: theta, phi: phi, opponent: opponent, interruption: interruption
        ) { opponentNow in
            try playChunks(
                environment, learner: i, own: own.view(policy: theta, value: phi), opponent: opponentNow,
                interruption: interruption, using: &generator)
        }
    }

    /// `outerGradient` with the batches supplied by `batch`, called with the opponent as it is
    /// for each inner step and then for the outer loss (the chunks of one batch each): the
    /// look-ahead gradient itself, so a test can hold the rollouts fixed. `interruption` is
    /// polled before every chunk of every pass.
    public func lookAheadGradient(
        learner i: Int, own: SampledAgent, theta: [Tensor<Float>], phi: [Tensor<Float>], opponent: SampledAgent,
        interruption: Interruption = .never, batch: (AgentView<Float>) throws -> [Rollout<Float>]
    ) throws -> (policy: [Tensor<Float>], value: [Tensor<Float>]) {
        let parts = try lookAheadGradientParts(
            learner: i, own: own, theta: theta, phi: phi, opponent: opponent, interruption: interruption,
            batch: batch)
        return (parts.policy, parts.value)
    }

    /// `lookAheadGradient` with its policy part also split where the look-ahead enters (see
    /// `LookAheadGradient`); `policy` is the very sum `lookAheadGradient` returns.
    public func lookAheadGradientParts(
        learner i: Int, own: SampledAgent, theta: [Tensor<Float>], phi: [Tensor<Float>], opponent: SampledAgent,
        interruption: Interruption = .never, batch: (AgentView<Float>) throws -> [Rollout<Float>]
    ) throws -> LookAheadGradient {
        let j = 1 - i
        // Forward: the look-ahead as values, keeping each step's batch and starting point.
        var thetaJ = [opponent.policyParameters]
        var phiJ = [opponent.valueParameters]
        var innerBatches: [[Rollout<Float>]] = []
        for k in 0..<innerSteps {
            let chunks = try batch(opponent.view(policy: thetaJ[k], value: phiJ[k]))
            innerBatches.append(chunks)
            let g = try summedGradient(over: chunks, at: thetaJ[k] + phiJ[k], interruption: interruption) {
                rollout, x in
                let (policy, value) = split(x, at: thetaJ[k].count)
                return rollout.loss(
                    of: j, own: opponent.view(policy: policy, value: value),
                    other: own.view(policy: theta, value: phi), reference: opponent.policyParameters,
                    beta: innerBeta, discount: discount)
            }
            let (policyStep, valueStep) = split(g, at: thetaJ[k].count)
            thetaJ.append(zip(thetaJ[k], policyStep).map { $0 - Float(innerRate) * $1 })
            phiJ.append(zip(phiJ[k], valueStep).map { $0 - Float(valueRate) * $1 })
        }
        // The outer loss on a fresh batch against the looked-ahead opponent.
        let outer = try batch(opponent.view(policy: thetaJ[innerSteps], value: phiJ[innerSteps]))
        let outerGradient = try summedGradient(
            over: outer, at: theta + phi + thetaJ[innerSteps], interruption: interruption
        ) { rollout, x in
            let (ownParameters, opponentPolicy) = split(x, at: theta.count + phi.count)
            let (policy, value) = split(ownParameters, at: theta.count)
            return rollout.loss(
                of: i, own: own.view(policy: policy, value: value),
                other: opponent.view(policy: opponentPolicy, value: phiJ[innerSteps]),
                reference: own.policyParameters, beta: outerBeta, discount: discount)
        }
        let (ownGradient, opponentCotangent) = split(outerGradient, at: theta.count + phi.count)
        var (policyGradient, valueGradient) = split(ownGradient, at: theta.count)
        let direct = policyGradient
        var shaping = theta.map { Tensor<Float>.zeros($0.shape) }
        // Reverse through the look-ahead steps. `policyGradient` accumulates in the same order
        // as before `shaping` was kept beside it, so training's numbers stay bit for bit.
        var v = opponentCotangent
        for k in (0..<innerSteps).reversed() {
            let product = try summedGradient(over: innerBatches[k], at: theta + thetaJ[k], interruption: interruption) {
                rollout, x in
                let (learnerPolicy, opponentPolicy) = split(x, at: theta.count)
                let loss = rollout.loss(
                    of: j, own: opponent.view(policy: opponentPolicy, value: phiJ[k]),
                    other: own.view(policy: learnerPolicy, value: phi), reference: opponent.policyParameters,
                    beta: innerBeta, discount: discount)
                let g = gradients(of: loss, at: opponentPolicy)
                return zip(g, v).map { ($0 * $1).sum() }.reduce(Tensor(Float(0)), +)
            }
            let (throughLearner, throughOpponent) = split(product, at: theta.count)
            policyGradient = zip(policyGradient, throughLearner).map { $0 - Float(innerRate) * $1 }
            shaping = zip(shaping, throughLearner).map { $0 - Float(innerRate) * $1 }
            v = zip(v, throughOpponent).map { $0 - Float(innerRate) * $1 }
        }
        return LookAheadGradient(policy: policyGradient, direct: direct, shaping: shaping, value: valueGradient)
    }

    /// `sum_c w_c grad L(chunk c)` at `point` (constants), with `w_c` the chunk's share of the
    /// episodes; `loss` reads the chunk with `point` as fresh variables. Values only: each
    /// chunk's graph is released before the next is built. Polls `interruption` before each chunk.
    func summedGradient(
        over chunks: [Rollout<Float>], at point: [Tensor<Float>], interruption: Interruption,
        _ loss: (Rollout<Float>, [Tensor<Float>]) -> Tensor<Float>
    ) throws -> [Tensor<Float>] {
        let episodes = Float(chunks.reduce(0) { $0 + $1.batch })
        var sum = point.map { [Float](repeating: 0, count: $0.count) }
        for chunk in chunks {
            try interruption.check()
            let variables = point.map { Tensor.variable($0.detached()) }
            let weight = Float(chunk.batch) / episodes
            let g = gradients(of: loss(chunk, variables), at: variables, createGraph: false)
            for p in sum.indices {
                let scalars = g[p].scalars
                for n in sum[p].indices { sum[p][n] += weight * scalars[n] }
            }
        }
        return zip(point, sum).map { Tensor(shape: $0.shape, scalars: $1) }
    }

    /// A fresh batch of `batch` episodes, as chunks of at most `chunkEpisodes`, between the
    /// learner in seat i and the opponent in the other seat. Polls `interruption` before each chunk.
    func playChunks<Environment: SampledEnvironment>(
        _ environment: Environment, learner i: Int, own: AgentView<Float>, opponent: AgentView<Float>,
        interruption: Interruption, using generator: inout SplitMix64
    ) throws -> [Rollout<Float>] {
        let count = (batch + Self.chunkEpisodes - 1) / Self.chunkEpisodes
        let seated = i == 0 ? [own, opponent] : [opponent, own]
        return try (0..<count).map { c in
            try interruption.check()
            // Near-equal chunks: the first `batch % count` get one episode more.
            let size = batch / count + (c < batch % count ? 1 : 0)
            return Rollout.play(
                environment, policies: seated.map(\.policy), parameters: seated.map(\.policyParameters), batch: size,
                using: &generator)
        }
    }
}

/// One outer gradient of `L_out(i)` (`DiCERule.lookAheadGradientParts`), its policy part also
/// split where the opponent's look-ahead enters.
public struct LookAheadGradient: Sendable {
    /// The whole gradient on the learner's policy: `direct + shaping`, summed in training's order.
    public let policy: [Tensor<Float>]
    /// `dL_out/dtheta` with the looked-ahead opponent held fixed: what a naive learner facing
    /// the moved opponent would follow.
    public let direct: [Tensor<Float>]
    /// What flows back through the opponent's inner steps,
    /// `sum_k -lr_in (dg_k/dtheta)^T v_k`: the opponent shaping (zero when `lr_in` is 0).
    public let shaping: [Tensor<Float>]
    /// The gradient on the learner's value network.
    public let value: [Tensor<Float>]
}

/// The list cut in two at `index`.
private func split<T>(_ list: [T], at index: Int) -> ([T], [T]) {
    (Array(list[..<index]), Array(list[index...]))
}
