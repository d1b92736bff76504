import TensorLayer

/// A game written as formulas: every agent's loss is a differentiable function of every
/// agent's real-valued parameters, such as the "tandem" game of Letcher et al. (2019),
/// `L1 = (x + y)^2 - 2x`, `L2 = (x + y)^2 - 2y`.
///
/// The formulas are a closure from the agents' parameters to their losses, built from tensor
/// operations so that the rules can differentiate them to any order (LOLA needs the second).
/// The Runtime knows nothing of where the closure comes from; at the prompt it runs a
/// PolaScript function.
///
/// Losses are minimised; `values` returns minus the losses, as every rule maximises values.
///
/// POLA's proximal term needs a divergence between an agent's old and new parameters. A point
/// of real numbers is no distribution, so it has no KL; the divergence is the squared Euclidean
/// distance `|theta - theta_old|^2`, the proximal term of the classic proximal point method.
///
/// Threads: the game is `Sendable` (its closure must be), but the closure at the prompt runs
/// the interpreter, which is single-threaded; nothing runs a formula game on two threads
/// (`experiment`, the only multi-threaded loop, takes the contribution game alone).
public struct FormulaGame: DifferentiableGame {
    /// An agent of a formula game: a point of real numbers, used as they are. One parameter
    /// tensor `[runs, size]`.
    public struct Player: LearningAgent {
        public let parameters: [Tensor<Double>]

        /// `point` is `[runs, size]`.
        public init(point: Tensor<Double>) {
            precondition(point.rank == 2, "a point is [runs, size], got \(point.shape)")
            parameters = [point]
        }

        /// An agent of one run holding `numbers`.
        public init(_ numbers: [Double]) {
            self.init(point: Tensor(shape: [1, numbers.count], scalars: numbers))
        }

        public var size: Int { parameters[0].shape[1] }

        public func with(_ parameters: [Tensor<Double>]) -> Player { Player(point: parameters[0]) }
    }

    /// Every agent's parameters (`[runs, size]` each, in seat order) to every agent's loss
    /// (`[runs]` or `[runs, 1]` each). It may throw: `values` then records the error in
    /// `failure` and returns NaN, which no rule installs.
    public typealias Losses = @Sendable ([Tensor<Double>]) throws -> [Tensor<Double>]

    public let agents: Int
    private let losses: Losses
    private let failures: Locked<(any Error)?>

    public init(agents: Int, losses: @escaping Losses) {
        self.agents = agents
        self.losses = losses
        failures = Locked(nil)
    }

    /// The first error the losses threw since this game was made, if any.
    ///
    /// A rule's step calls `values` from places that cannot throw; a failing formula turns
    /// its values into NaN there, and the caller (which sees the step fail or its interruption
    /// fire) reports this error instead of a divergence.
    public var failure: (any Error)? { failures.withLock { $0 } }

    public func behaviour(of player: Player) -> Tensor<Double> { player.parameters[0] }

    /// `[runs, agents]`, minus every agent's loss.
    public func values(_ behaviours: [Tensor<Double>]) -> Tensor<Double> {
        let runs = behaviours[0].shape[0]
        do {
            let computed = try losses(behaviours)
            precondition(computed.count == agents, "\(computed.count) losses for \(agents) agents")
            return Tensor.concatenate(computed.map { -$0.reshaped([runs, 1]) }, axis: 1)
        } catch {
            failures.withLock { first in first = first ?? error }
            return Tensor(shape: [runs, agents], scalars: [Double](repeating: .nan, count: runs * agents))
        }
    }

    /// Every agent's loss at these points, `[run][agent]`, or the error the formulas threw.
    public func losses(of players: [Player]) throws -> [[Double]] {
        let computed = try losses(players.map { $0.parameters[0] })
        let runs = players[0].runs
        return (0..<runs).map { run in computed.map { $0.reshaped([runs]).scalars[run] } }
    }

    /// `|current - reference|^2` per run, `[runs]`: the proximal term for real parameters.
    public func divergence(reference: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
        let step = current - reference.detached()
        return (step * step).sum(axis: 1)
    }
}
