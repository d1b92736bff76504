import TensorLayer

/// A policy over a tabular game's states together with its parameters, batched over
/// independent runs: the contribution game's players.
///
/// Every parameter tensor has a leading batch axis: entry `r` belongs to run `r`. A single
/// agent at the prompt is a batch of one. Agents are values: a learning step returns new ones.
public struct Agent: LearningAgent {
    public let policy: any Policy
    public let parameters: [Tensor<Double>]

    public init(policy: any Policy, parameters: [Tensor<Double>]) {
        self.policy = policy
        self.parameters = parameters
    }

    /// An agent of one run with the given parameters (shapes without the batch axis).
    public init(policy: any Policy, single parameters: [Tensor<Double>]) throws {
        try policy.validate(parameters.map { $0.reshaped([1] + $0.shape) })
        self.init(policy: policy, parameters: parameters.map { $0.reshaped([1] + $0.shape) })
    }

    /// `runs` agents drawn from `SplitMix64(seed: seed, stream: r)` for run r.
    public static func random(policy: any Policy, seed: UInt64, runs: Int = 1) -> Agent {
        let draws = (0..<runs).map { run in
            var generator = SplitMix64(seed: seed, stream: UInt64(run))
            return policy.randomParameters(using: &generator)
        }
        return Agent(policy: policy, parameters: stack(draws))
    }

    /// The agent in `seat` of a seeded experiment: seat `i` of seed `s` draws from seed
    /// `1000 * s + i` (wrapping), and its run `r` from stream `r` of that seed.
    ///
    /// The one seeding convention of multi-run experiments, at the prompt (`experiment`) and in
    /// the paper's commands alike, so the same seed gives the same runs in both. Seats of one
    /// seed never share a generator, and below 1000 seats neither do seats of different seeds.
    public static func random(policy: any Policy, seed: UInt64, seat: Int, runs: Int) -> Agent {
        random(policy: policy, seed: Seeding.seat(seat, of: seed), runs: runs)
    }

    /// `[runs, stateCount]`.
    public func logits() -> Tensor<Double> { policy.logits(parameters) }

    /// Probability of cooperating in every state, `[runs, stateCount]`.
    public func probabilities() -> Tensor<Double> { logits().detached().sigmoid() }

    public func with(_ parameters: [Tensor<Double>]) -> Agent { Agent(policy: policy, parameters: parameters) }

    /// The same agent playing `seat` (see `Policy.seated(_:)`).
    public func seated(_ seat: Int) -> Agent { Agent(policy: policy.seated(seat), parameters: parameters) }

    /// The agent of run `run` alone.
    public func run(_ run: Int) -> Agent {
        with(parameters.map { $0.sliced(axis: 0, run..<(run + 1)) })
    }
}

/// Stacks per-run parameter lists into batched tensors.
func stack(_ runs: [[Tensor<Double>]]) -> [Tensor<Double>] {
    runs[0].indices.map { k in
        Tensor(shape: [runs.count] + runs[0][k].shape, scalars: runs.flatMap { $0[k].scalars })
    }
}
