import TensorLayer

/// B episodes played between two agents (seats 0 and 1), as recorded data.
///
/// Sampled actions, observations and rewards are constants (docs/dice-learning.md, Objectives): gradients
/// flow only through what is computed from them afterwards with parameters as variables
/// (`logProbabilities`, `values`, `logits`), so the same recorded batch can be read by any
/// parameters that are differentiable with respect to anything (LOLA's looked-ahead opponent).
public struct Rollout<Scalar: TensorScalar>: Sendable {
    /// `[T + 1, batch, observationSize]`: the agents act on the first T; the last serves for
    /// the value of the final state (`v_end`).
    public let observations: Tensor<Scalar>
    /// `actions[agent]`, `T * batch` action indices, time-major (`t * batch + b`).
    public let actions: [[Int]]
    /// `rewards[agent]`, `[T, batch]`.
    public let rewards: [Tensor<Scalar>]

    public init(observations: Tensor<Scalar>, actions: [[Int]], rewards: [Tensor<Scalar>]) {
        precondition(observations.rank == 3 && actions.count == 2 && rewards.count == 2, "a two-agent rollout")
        self.observations = observations
        self.actions = actions
        self.rewards = rewards
    }

    /// Steps acted on, T.
    public var steps: Int { observations.shape[0] - 1 }
    public var batch: Int { observations.shape[1] }
    /// The T observations the agents acted on, `[T, batch, observationSize]`.
    public var actedOn: Tensor<Scalar> { observations.sliced(axis: 0, 0..<steps) }
}

extension Rollout {
    /// Plays `batch` episodes of `environment` between `policies[0]` (seat 0) and
    /// `policies[1]` (seat 1), each sampling its actions from the softmax of its logits.
    ///
    /// Parameters are read as constants here; one generator drives the environment and both
    /// agents' sampling, so a seed fixes the whole batch.
    public static func play<Environment: SampledEnvironment, G: RandomNumberGenerator>(
        _ environment: Environment, policies: [any SequencePolicy], parameters: [[Tensor<Scalar>]], batch: Int,
        using generator: inout G
    ) -> Rollout {
        precondition(policies.count == 2 && parameters.count == 2, "two agents play a rollout")
        let constants = parameters.map { $0.map { $0.detached() } }
        let width = environment.observationSize
        var state = environment.reset(batch: batch, using: &generator)
        var memories: [Tensor<Scalar>] = policies.map { $0.initialState(batch: batch) }
        var observations: [Scalar] = []
        var actions: [[Int]] = [[], []]
        var rewards: [[Scalar]] = [[], []]
        for _ in 0..<environment.episodeLength {
            let seen = environment.observations(state).map { Scalar($0) }
            observations += seen
            let observation = Tensor(shape: [batch, width], scalars: seen)
            var chosen: [[Int]] = []
            for agent in 0..<2 {
                let (logits, memory) = policies[agent].step(
                    observation, state: memories[agent], parameters: constants[agent])
                memories[agent] = memory
                chosen.append(sampleActions(logits: logits, using: &generator))
            }
            let outcome = environment.step(state, actions: chosen, using: &generator)
            state = outcome.state
            for agent in 0..<2 {
                actions[agent] += chosen[agent]
                rewards[agent] += outcome.rewards[agent].map { Scalar($0) }
            }
        }
        observations += environment.observations(state).map { Scalar($0) }
        let steps = environment.episodeLength
        return Rollout(
            observations: Tensor(shape: [steps + 1, batch, width], scalars: observations), actions: actions,
            rewards: rewards.map { Tensor(shape: [steps, batch], scalars: $0) })
    }

    /// One action per row of `logits` (`[rows, actions]`), drawn from its softmax by
    /// inverting the cumulative distribution at a uniform of 53 bits.
    @_specialize(where Scalar == Float, G == SplitMix64)
    @_specialize(where Scalar == Double, G == SplitMix64)
    @_specialize(where Scalar == Float, G == RandomStream)
    static func sampleActions<G: RandomNumberGenerator>(logits: Tensor<Scalar>, using generator: inout G) -> [Int] {
        let width = logits.shape[1]
        let x = logits.scalars
        var weights = [Double](repeating: 0, count: width)
        return (0..<logits.shape[0]).map { row in
            var top = -Double.infinity
            for a in 0..<width { top = Swift.max(top, Double(x[row * width + a])) }
            var total = 0.0
            for a in 0..<width {
                weights[a] = Double(Scalar.exp(Scalar(Double(x[row * width + a]) - top)))
                total += weights[a]
            }
            var u = Double(generator.next() >> 11) * 0x1p-53 * total
            for a in 0..<(width - 1) {
                u -= weights[a]
                if u < 0 { return a }
            }
            return width - 1
        }
    }
}
