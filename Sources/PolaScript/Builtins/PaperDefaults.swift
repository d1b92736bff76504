extension Builtins {
    /// The paper's discount, gamma = 0.96 in every experiment: the `gamma:` default of every
    /// exact game and every DiCE rule, written here once. (The Runtime names the paper's
    /// settings too; this should read that constant once both are merged.)
    static let paperDiscount = 0.96

    /// The paper's contribution factor for the IPD, 1.33 (a dilemma: 1 < cf < 2): the `cf:`
    /// default of the contribution games, exact and sampled.
    static let paperContributionFactor = 1.33
}
