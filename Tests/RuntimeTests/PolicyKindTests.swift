import Runtime
import Testing

@Suite struct PolicyKindTests {
    let ipd = try! ContributionGame(contributionFactor: 1.33)

    @Test(arguments: [
        (PolicyKind.tabular, "tabular", [[5]]),
        (.preconditionedTabular, "precond", [[5]]),
        (.mlp(hidden: 16), "mlp(16)", [[16, 6], [16], [1, 16], [1]]),
        (.preconditionedMLP(hidden: 8), "precond-mlp(8)", [[8, 6], [8], [1, 8], [1]]),
    ])
    func eachKindBuildsItsPolicy(kind: PolicyKind, described: String, shapes: [[Int]]) {
        let policy = kind.policy(for: ipd)
        #expect(policy.kind == described)
        #expect(policy.parameterShapes == shapes)
    }
}
