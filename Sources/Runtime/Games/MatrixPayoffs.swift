/// Two agents' payoffs in a 2 x 2 game, each table from its owner's point of view.
///
/// `tables[a][mine][theirs]` is agent a's reward when it plays `mine` and the other agent plays
/// `theirs`, with row and column 0 meaning cooperate (C) and 1 defect (D): the textbook layout
/// `[[R, S], [T, P]]` of the prisoner's dilemma. Note the order: the game's states list D first
/// (`DD, DC, CD, CC`, agent 0's action first) because a joint action is read in binary with
/// cooperate = 1; the tables list C first because that is how every textbook writes them.
///
/// Payoffs are rewards to maximise, summed with discount as the contribution game's are: a
/// value is `sum_t gamma^t r_t`, not normalised by `1 - gamma`.
public struct MatrixPayoffs: Sendable, Equatable {
    public let tables: [[[Double]]]

    /// - Parameter tables: two 2 x 2 tables, agent 0's then agent 1's.
    public init(_ tables: [[[Double]]]) {
        precondition(
            tables.count == 2 && tables.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.count == 2 } },
            "a matrix game needs two 2 x 2 tables")
        self.tables = tables
    }

    /// A symmetric game: both agents see the same table from their own side.
    public init(symmetric table: [[Double]]) { self.init([table, table]) }

    /// The symmetric game `[[R, S], [T, P]]`: reward, sucker's payoff, temptation, punishment.
    public init(reward: Double, sucker: Double, temptation: Double, punishment: Double) {
        self.init(symmetric: [[reward, sucker], [temptation, punishment]])
    }

    /// Agent `agent`'s reward when it cooperated (`mine`) or not and the other did (`theirs`) or not.
    func reward(agent: Int, mine: Bool, theirs: Bool) -> Double {
        tables[agent][mine ? 0 : 1][theirs ? 0 : 1]
    }

    /// Every payoff, for bounds checks.
    var entries: [Double] { tables.flatMap { $0.flatMap { $0 } } }

    /// The prisoner's dilemma, `T > R > P > S`: 3, 0, 5, 1 as in Axelrod's tournaments.
    public static let prisonersDilemma = Self(reward: 3, sucker: 0, temptation: 5, punishment: 1)

    /// The stag hunt, `R > T >= P > S`: hunting the stag pays most together and least alone.
    public static let stagHunt = Self(reward: 3, sucker: 0, temptation: 2, punishment: 1)

    /// Chicken (hawk-dove), `T > R > S > P`: C swerves, D drives straight; a crash (DD) is worst.
    public static let chicken = Self(reward: 0, sucker: -1, temptation: 1, punishment: -10)

    /// Matching pennies, zero-sum: agent 0 wins 1 when the actions match, agent 1 when they differ.
    public static let matchingPennies = Self([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])

    /// The battle of the sexes: both want to meet, agent 0 rather at C (3 to 2), agent 1 rather at D.
    public static let battleOfSexes = Self([[[3, 0], [0, 2]], [[2, 0], [0, 3]]])
}
