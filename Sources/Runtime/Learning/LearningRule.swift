import TensorLayer

/// A rule that moves every agent once, simultaneously: each agent's update reads a frozen copy
/// of the others taken at the start of the epoch, and all new parameters are installed together.
///
/// Rules return a new state instead of mutating: a step that fails (for instance on a
/// non-finite value) leaves the caller's state exactly as it was.
///
/// A rule works on any `DifferentiableGame`: it sees the game only through its values and
/// divergences.
public protocol LearningRule: Sendable {
    func step<Game: DifferentiableGame>(
        _ state: LearningState<Game>, interruption: Interruption
    ) throws -> (LearningState<Game>, StepReport)
    /// Every hyperparameter with its value, in a fixed order, for provenance.
    var settings: [(Setting, Setting.Value)] { get }
    var name: String { get }
    /// The opponent models the rule fits every epoch, or nil if it looks at the true opponents.
    var opponentModelling: OpponentModelling? { get }
    /// Whether `StepReport.proximalIterations` holds the rule's proximal iteration counts.
    var reportsProximalIterations: Bool { get }
}

extension LearningRule {
    public var opponentModelling: OpponentModelling? { nil }
    public var reportsProximalIterations: Bool { false }

    public func step<Game>(_ state: LearningState<Game>) throws -> (LearningState<Game>, StepReport) {
        try step(state, interruption: .never)
    }
}

/// Everything a rule reads and writes: the game, the agents, and any opponent models.
///
/// Generic over the game, so the rules' inner loops call the game directly (no existential
/// box per call) and the agents are the game's own kind of player.
public struct LearningState<Game: DifferentiableGame>: Sendable {
    public let game: Game
    public var agents: [Game.Player]
    /// `models[i][j]` is agent i's model of agent j (nil without opponent modelling).
    public var models: [[Game.Player]]?
    /// Epochs completed since the run began (`ExactTrainer` counts them; the rules carry it).
    public var epoch = 0
    /// The rules' recorded per-epoch functions, kept from epoch to epoch (see `TraceCache`).
    let traces: TraceCache

    public init(game: Game, agents: [Game.Player], models: [[Game.Player]]? = nil, epoch: Int = 0) {
        self.init(game: game, agents: agents, models: models, traces: TraceCache())
        self.epoch = epoch
    }

    init(game: Game, agents: [Game.Player], models: [[Game.Player]]?, traces: TraceCache) {
        self.game = game
        self.agents = agents
        self.models = models
        self.traces = traces
    }

    public var runs: Int { agents[0].runs }

    /// What the rules' traces of this training know (for checking that they replay): one
    /// status per traced function and shape of its inputs.
    public var traceStatuses: [Trace<Double>.Status] { traces.statuses }

    /// `[runs, agents]`: every agent's value, as constants.
    public func values() -> Tensor<Double> {
        game.values(agents.map { game.behaviour(of: $0) }).detached()
    }
}

/// What one epoch did.
public struct StepReport: Sendable, Equatable {
    /// `[run][agent]`, the exact values after the step.
    public var values: [[Double]]
    /// `[run][agent]`, iterations each proximal loop used (empty for rules without one).
    public var proximalIterations: [[Int]]
    /// `[run][agent]`, the most steps any of the agent's opponent models took to fit.
    public var modelFitSteps: [[Int]]
    /// `[run][agent]`, whether the proximal loop met its tolerance (false: `maxIterations`
    /// stopped it first). Empty for rules without one: they have nothing left unsolved.
    public var converged: [[Bool]] = []

    public init(
        values: [[Double]], proximalIterations: [[Int]], modelFitSteps: [[Int]], converged: [[Bool]] = []
    ) {
        self.values = values
        self.proximalIterations = proximalIterations
        self.modelFitSteps = modelFitSteps
        self.converged = converged
    }
}

extension LearningState {
    /// Installs new parameters for every agent, after checking that they and the values they
    /// give are finite; throws `diverged` naming the first failing agent and run otherwise.
    func installing(_ parameters: [[Tensor<Double>]]) throws -> (LearningState, [[Double]]) {
        var next = self
        next.agents = zip(agents, parameters).map { $0.with($1.map { $0.detached() }) }
        for (i, agent) in next.agents.enumerated() {
            if let run = firstNonFiniteRun(agent.parameters) {
                throw RuntimeError.diverged(agent: i, quantity: .parameters, run: run)
            }
        }
        let values = next.values()
        if let run = firstNonFiniteRun([values]) {
            let agent = (0..<game.agents).first { !values.scalars[run * game.agents + $0].isFinite } ?? 0
            throw RuntimeError.diverged(agent: agent, quantity: .value, run: run)
        }
        return (next, (0..<runs).map { Array(values.scalars[($0 * game.agents)..<(($0 + 1) * game.agents)]) })
    }
}

/// The first run (leading axis index) holding a non-finite entry in any tensor.
func firstNonFiniteRun(_ tensors: [Tensor<Double>]) -> Int? {
    var first: Int?
    for t in tensors {
        let perRun = t.count / t.shape[0]
        if let index = t.scalars.firstIndex(where: { !$0.isFinite }) {
            first = min(first ?? Int.max, index / perRun)
        }
    }
    return first
}

/// Plain gradient descent on a list of parameter tensors.
func descend(_ parameters: [Tensor<Double>], _ gradient: [Tensor<Double>], rate: Double) -> [Tensor<Double>] {
    zip(parameters, gradient).map { $0 - rate * $1 }
}

/// Fresh variables holding the values of `parameters`.
func variables(_ parameters: [Tensor<Double>]) -> [Tensor<Double>] {
    parameters.map { Tensor.variable($0) }
}
