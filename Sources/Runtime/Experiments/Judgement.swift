/// The paper's reading of an outcome between two agents (`docs/exact-learning.md`, Judging an outcome).
public enum Judgement {
    /// The threshold below which a cooperation probability counts as "defects back".
    public static let retaliation = 0.65

    /// True when both agents play tit-for-tat-like policies and their mean exact value is more
    /// than 80% of the way from mutual defection's to mutual cooperation's: agent 0 must defect
    /// after agent 1 defected (DD and CD below 0.65), agent 1 after agent 0 defected (DD and DC
    /// below 0.65). Measured from mutual defection, not from zero, so the test holds for negative
    /// or shifted payoffs (the classic IPD's -1/-3/0/-2, where `0.8 V_CC` exceeds `V_CC`); in the
    /// contribution game mutual defection is worth 0 and this is the paper's `0.8 V_CC`.
    /// - Parameters:
    ///   - policies: two policies over `DD, DC, CD, CC, start`.
    ///   - values: the two agents' exact values.
    public static func isTitForTat(game: ContributionGame, policies: [[Double]], values: [Double]) -> Bool {
        guard game.agents == 2, policies.count == 2, values.count == 2 else { return false }
        let first = policies[0][0] < retaliation && policies[0][2] < retaliation
        let second = policies[1][0] < retaliation && policies[1][1] < retaliation
        let floor = game.mutualDefectionValue
        return first && second && (values[0] + values[1]) / 2 - floor > 0.8 * (game.cooperativeValue - floor)
    }

    /// Agent `agent`'s policy seen from its own side: states `XY` with X its own action.
    /// For agent 1 of two that swaps the DC and CD entries.
    public static func ownPerspective(_ policy: [Double], agent: Int) -> [Double] {
        guard agent == 1, policy.count == 5 else { return policy }
        return [policy[0], policy[2], policy[1], policy[3], policy[4]]
    }
}
