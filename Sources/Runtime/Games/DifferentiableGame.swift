import TensorLayer

/// What the learning rules need from a game: how many agents play, every agent's objective as
/// a differentiable function of all agents' current parameters, and how far one agent's
/// policy has moved.
///
/// Naive learning, LOLA (both forms), POLA, their look-ahead and SOS, SGA, CO and CGD are written
/// against this protocol; the contribution game (with matrix games) and formula games conform.
///
/// An agent's parameters enter through its `Behaviour`, what the game reads off its policy,
/// computed once per evaluation and shared by the values and the divergences (the exact game:
/// logits per state). Keeping it one value is what lets the look-ahead compute each agent's
/// logits once per step.
///
/// The sampled games do not conform: their objective is a DiCE surrogate over fresh rollouts,
/// drawn from a random stream, and their KL penalty is measured on that rollout's
/// observations, so the DiCE rules (`DiCERule`) are written against `SampledEnvironment`
/// instead (`docs/dice-learning.md`, Environments). What both halves share is the epoch loop (`EpochLoop`, `TrainingState`).
public protocol DifferentiableGame: Sendable {
    /// The agents this game is played by (the contribution game: `Agent`, a policy over its
    /// states with its parameters).
    associatedtype Player: LearningAgent
    /// What the game reads off one player's policy: a differentiable function of its parameters.
    associatedtype Behaviour

    /// The number of agents, each with its own seat.
    var agents: Int { get }

    /// What `player` does in this game, differentiable with respect to its parameters.
    func behaviour(of player: Player) -> Behaviour

    /// Every agent's objective, `[runs, agents]`, to be maximised, differentiable with respect to
    /// every agent's parameters (the exact game: the exact discounted values).
    /// - Parameter behaviours: one per agent, in seat order.
    func values(_ behaviours: [Behaviour]) -> Tensor<Double>

    /// The same values, to be differentiated with their graph kept (the look-ahead's inner
    /// step, whose values are read only through their gradient). A game whose `values` is a
    /// fused primitive differentiates a composed form in that case; building that form here
    /// skips a forward pass whose numbers nothing reads. By default, `values`.
    func lookAheadValues(_ behaviours: [Behaviour]) -> Tensor<Double>

    /// How far one agent's policy has moved from `reference` (a constant) to `current`, per run,
    /// `[runs]`: the proximal term of POLA and the KL penalties of the look-ahead (the exact
    /// game: `KL(reference || current)` summed over its states).
    func divergence(reference: Behaviour, current: Behaviour) -> Tensor<Double>

    /// The same divergence as the outer objective's proximal term, differentiated once beside
    /// `values` (POLA's `beta KL`). By default, `divergence`.
    func proximalDivergence(reference: Behaviour, current: Behaviour) -> Tensor<Double>

    /// What, besides its parameters, `player`'s behaviour in this game depends on, as a key; nil
    /// when the behaviour is not a pure function of the parameters, or the game's values are not
    /// of its players' behaviours alone (a formula game's script). The rules trace their
    /// per-epoch functions (`Trace`) only when every player has one. By default, nil.
    func traceIdentity(of player: Player) -> String?

    /// `divergence(reference: a, current: b)` and `divergence(reference: b, current: a)` of two
    /// constant behaviours, per run, as numbers (POLA's stopping test). By default, two calls.
    func divergenceValuesBothWays(_ a: Behaviour, _ b: Behaviour) -> (aToB: [Double], bToA: [Double])
}

extension DifferentiableGame {
    public func lookAheadValues(_ behaviours: [Behaviour]) -> Tensor<Double> { values(behaviours) }

    public func proximalDivergence(reference: Behaviour, current: Behaviour) -> Tensor<Double> {
        divergence(reference: reference, current: current)
    }

    public func traceIdentity(of player: Player) -> String? { nil }

    public func divergenceValuesBothWays(_ a: Behaviour, _ b: Behaviour) -> (aToB: [Double], bToA: [Double]) {
        (divergenceValues(reference: a, current: b), divergenceValues(reference: b, current: a))
    }

    /// Plain per-run values of `divergence`, for stopping rules.
    func divergenceValues(reference: Behaviour, current: Behaviour) -> [Double] {
        divergence(reference: reference, current: current).scalars
    }
}
