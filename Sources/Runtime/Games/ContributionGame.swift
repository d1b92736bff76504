/// The n-agent contribution game with exact discounted values (`docs/exact-learning.md`, The contribution game).
///
/// Each step every agent defects (0) or cooperates (1). A joint action `s` in `0 ..< 2^n` is
/// read in binary with agent 0 as the most significant bit, so for two agents the states are
/// `DD, DC, CD, CC`, then `start`. Agent `a` earns `cf * popcount(s) / n - bit_a(s)`.
/// With n = 2 this is the iterated prisoner's dilemma for `1 < cf < 2`.
///
/// Two agents may instead play any 2 x 2 matrix game (`MatrixPayoffs`): only the reward per
/// joint action differs, so every policy, rule and value works unchanged on it.
public struct ContributionGame: Sendable, Equatable {
    /// Where the rewards per joint action come from.
    public enum Payoffs: Sendable, Equatable {
        /// `cf * popcount(s) / n - bit_a(s)`.
        case contribution(factor: Double)
        /// Two agents' own tables.
        case matrix(MatrixPayoffs)
    }

    public enum Start: String, Sendable, CaseIterable {
        /// The first move uses the policy's own start entry (the paper's value 2).
        case separate
        /// The first move is played as if everyone had just cooperated (the paper's value 1).
        case cc
    }

    public static let agentRange = 2...8
    /// The smallest allowed `1 - gamma`.
    public static let minimumGap = 1e-10
    /// Finite horizons are summed step by step (each step a differentiable product), so they
    /// are capped; the discounted sum beyond this is below gamma^10000 anyway.
    public static let maximumHorizon = 10_000
    /// No value may exceed this in magnitude, so values, and sums and differences of them, stay
    /// finite: arithmetic that overflows is an error, never `inf`.
    public static let maximumValue = 1e300

    public let agents: Int
    public let payoffs: Payoffs
    public let gamma: Double
    public let start: Start
    /// Number of steps summed, or nil for the infinite discounted sum.
    public let horizon: Int?

    public init(
        agents: Int = 2, contributionFactor: Double, gamma: Double = PaperSettings.gamma,
        start: Start = .separate, horizon: Int? = nil
    ) throws {
        try Setting.agents.require(agents, .wholeIn(Self.agentRange))
        try Setting.contributionFactor.require(contributionFactor, .finite)
        try Self.requireDiscount(gamma, horizon: horizon)
        // A reward is at most |cf| + 1 in magnitude, and the discounted weights of the steps sum
        // to at most 1 / (1 - gamma) (a finite horizon sums fewer of them).
        let largestFactor = Self.maximumValue * (1 - gamma) - 1
        try Setting.contributionFactor.require(contributionFactor, .magnitudeAtMost(largestFactor))
        self.agents = agents
        self.payoffs = .contribution(factor: contributionFactor)
        self.gamma = gamma
        self.start = start
        self.horizon = horizon
    }

    /// A two-agent matrix game with exact values.
    public init(
        matrix payoffs: MatrixPayoffs, gamma: Double = PaperSettings.gamma, start: Start = .separate,
        horizon: Int? = nil
    ) throws {
        try Self.requireDiscount(gamma, horizon: horizon)
        // Rewards times the discounted weights' sum 1 / (1 - gamma) stay within maximumValue.
        for payoff in payoffs.entries {
            try Setting.payoff.require(payoff, .finite)
            try Setting.payoff.require(payoff, .magnitudeAtMost(Self.maximumValue * (1 - gamma)))
        }
        self.agents = 2
        self.payoffs = .matrix(payoffs)
        self.gamma = gamma
        self.start = start
        self.horizon = horizon
    }

    private static func requireDiscount(_ gamma: Double, horizon: Int?) throws {
        try Setting.gamma.require(gamma, .betweenZeroAndOne)
        // (I - gamma P) has condition number up to about 1 / (1 - gamma): past this its solve
        // keeps fewer than six correct digits of the values.
        try Setting.gamma.require(gamma, .belowOneBy(gap: Self.minimumGap))
        if let horizon { try Setting.horizon.require(horizon, .wholeIn(1...Self.maximumHorizon)) }
    }

    /// The contribution factor, or nil for a matrix game.
    public var contributionFactor: Double? {
        if case .contribution(let factor) = payoffs { factor } else { nil }
    }

    /// Joint actions, `2^n`.
    public var jointActions: Int { 1 << agents }
    /// Policy states: every joint action, then the start state.
    public var stateCount: Int { jointActions + 1 }

    /// True when agent `agent` cooperated in joint action `s`.
    public func cooperated(_ agent: Int, in s: Int) -> Bool {
        (s >> (agents - 1 - agent)) & 1 == 1
    }

    public func reward(agent: Int, jointAction s: Int) -> Double {
        switch payoffs {
        case .contribution(let factor):
            factor * Double(s.nonzeroBitCount) / Double(agents) - (cooperated(agent, in: s) ? 1 : 0)
        case .matrix(let table):
            table.reward(agent: agent, mine: cooperated(agent, in: s), theirs: cooperated(1 - agent, in: s))
        }
    }

    /// Names of the policy states: `DD DC CD CC start` for two agents.
    public var stateNames: [String] {
        (0..<jointActions).map { s in
            String((0..<agents).map { cooperated($0, in: s) ? "C" : "D" })
        } + ["start"]
    }

    /// The mean value of mutual cooperation for ever: `(cf - 1) / (1 - gamma)` in the contribution
    /// game (its largest), `(R0 + R1) / 2 / (1 - gamma)` in a matrix game.
    public var cooperativeValue: Double {
        switch payoffs {
        case .contribution(let factor): (factor - 1) / (1 - gamma)
        case .matrix(let table): (table.tables[0][0][0] + table.tables[1][0][0]) / 2 / (1 - gamma)
        }
    }

    /// The mean value of mutual defection for ever: 0 in the contribution game (nobody
    /// contributes), `(P0 + P1) / 2 / (1 - gamma)` in a matrix game. The floor the paper's TFT
    /// judgement measures from, so it reads alike when payoffs are shifted or negative.
    public var mutualDefectionValue: Double {
        switch payoffs {
        case .contribution: 0
        case .matrix(let table): (table.tables[0][1][1] + table.tables[1][1][1]) / 2 / (1 - gamma)
        }
    }
}
