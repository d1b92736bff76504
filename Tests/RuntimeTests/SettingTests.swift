import Runtime
import Testing

/// Every bad setting of every rule and game, with the typed error that refuses it.
@Suite struct SettingTests {
    struct BadSetting: Sendable, CustomTestStringConvertible {
        let id: String
        let make: @Sendable () throws -> Void
        let expected: RuntimeError
        var testDescription: String { id }

        init(_ id: String, _ expected: RuntimeError, _ make: @escaping @Sendable () throws -> Void) {
            (self.id, self.expected, self.make) = (id, expected, make)
        }
    }

    static let tabular = TabularPolicy(stateCount: 5)

    static let cases: [BadSetting] = [
        BadSetting("naive rate < 0", .invalidSetting(.rate, value: -1, expected: .finiteNonNegative)) {
            _ = try NaiveRule(rate: -1)
        },
        BadSetting(
            "lola inner rate infinite", .invalidSetting(.innerRate, value: .infinity, expected: .finiteNonNegative)
        ) {
            _ = try LOLARule(innerRate: .infinity, outerRate: 1)
        },
        BadSetting("lola outer rate < 0", .invalidSetting(.outerRate, value: -0.5, expected: .finiteNonNegative)) {
            _ = try LOLARule(innerRate: 1, outerRate: -0.5)
        },
        BadSetting("lola no inner steps", .invalidSetting(.innerSteps, value: 0, expected: .countAtLeastOne)) {
            _ = try LOLARule(innerRate: 1, outerRate: 1, innerSteps: 0)
        },
        BadSetting("lola no outer steps", .invalidSetting(.outerSteps, value: -2, expected: .countAtLeastOne)) {
            _ = try LOLARule(innerRate: 1, outerRate: 1, outerSteps: -2)
        },
        BadSetting("lola inner beta < 0", .invalidSetting(.innerBeta, value: -1, expected: .finiteNonNegative)) {
            _ = try LOLARule(innerRate: 1, outerRate: 1, innerBeta: -1)
        },
        BadSetting(
            "lola outer beta infinite", .invalidSetting(.outerBeta, value: .infinity, expected: .finiteNonNegative)
        ) {
            _ = try LOLARule(innerRate: 1, outerRate: 1, outerBeta: .infinity)
        },
        BadSetting("lola taylor with models", .incompatibleSettings(.taylor, with: .modelPolicy)) {
            _ = try LOLARule(
                innerRate: 1, outerRate: 1, taylor: true,
                opponentModelling: OpponentModelling(policy: tabular, rate: 0.2))
        },
        BadSetting("pola inner rate < 0", .invalidSetting(.innerRate, value: -1, expected: .finiteNonNegative)) {
            _ = try POLARule(innerRate: -1, outerRate: 1, beta: 1)
        },
        BadSetting(
            "pola outer rate infinite", .invalidSetting(.outerRate, value: -.infinity, expected: .finiteNonNegative)
        ) {
            _ = try POLARule(innerRate: 1, outerRate: -.infinity, beta: 1)
        },
        BadSetting("pola beta < 0", .invalidSetting(.beta, value: -0.1, expected: .finiteNonNegative)) {
            _ = try POLARule(innerRate: 1, outerRate: 1, beta: -0.1)
        },
        BadSetting("pola no iterations", .invalidSetting(.maxIterations, value: 0, expected: .countAtLeastOne)) {
            _ = try POLARule(innerRate: 1, outerRate: 1, beta: 1, maxIterations: 0)
        },
        BadSetting("pola zero tolerance", .invalidSetting(.tolerance, value: 0, expected: .finitePositive)) {
            _ = try POLARule(innerRate: 1, outerRate: 1, beta: 1, tolerance: 0)
        },
        BadSetting("pola infinite tolerance", .invalidSetting(.tolerance, value: .infinity, expected: .finitePositive))
        {
            _ = try POLARule(innerRate: 1, outerRate: 1, beta: 1, tolerance: .infinity)
        },
        BadSetting("pola no inner steps", .invalidSetting(.innerSteps, value: 0, expected: .countAtLeastOne)) {
            _ = try POLARule(innerRate: 1, outerRate: 1, beta: 1, innerSteps: 0)
        },
        BadSetting("pola inner beta < 0", .invalidSetting(.innerBeta, value: -3, expected: .finiteNonNegative)) {
            _ = try POLARule(innerRate: 1, outerRate: 1, beta: 1, innerBeta: -3)
        },
        BadSetting("model rate < 0", .invalidSetting(.modelRate, value: -0.2, expected: .finiteNonNegative)) {
            _ = try OpponentModelling(policy: tabular, rate: -0.2)
        },
        BadSetting("model no steps", .invalidSetting(.modelMaxSteps, value: 0, expected: .countAtLeastOne)) {
            _ = try OpponentModelling(policy: tabular, rate: 0.2, maxSteps: 0)
        },
        BadSetting("one agent", .invalidSetting(.agents, value: 1, expected: .wholeIn(2...8))) {
            _ = try ContributionGame(agents: 1, contributionFactor: 1.3)
        },
        BadSetting("nine agents", .invalidSetting(.agents, value: 9, expected: .wholeIn(2...8))) {
            _ = try ContributionGame(agents: 9, contributionFactor: 1.3)
        },
        BadSetting("cf infinite", .invalidSetting(.contributionFactor, value: .infinity, expected: .finite)) {
            _ = try ContributionGame(contributionFactor: .infinity)
        },
        BadSetting("gamma 1", .invalidSetting(.gamma, value: 1, expected: .betweenZeroAndOne)) {
            _ = try ContributionGame(contributionFactor: 1.3, gamma: 1)
        },
        BadSetting("gamma 0", .invalidSetting(.gamma, value: 0, expected: .betweenZeroAndOne)) {
            _ = try ContributionGame(contributionFactor: 1.3, gamma: 0)
        },
        BadSetting(
            "cf whose values overflow",
            .invalidSetting(.contributionFactor, value: 1e308, expected: .magnitudeAtMost(1e300 * (1 - 0.5) - 1))
        ) {
            _ = try ContributionGame(contributionFactor: 1e308, gamma: 0.5)
        },
        BadSetting("gamma too close to 1", .invalidSetting(.gamma, value: 1 - 1e-12, expected: .belowOneBy(gap: 1e-10)))
        {
            _ = try ContributionGame(contributionFactor: 1.3, gamma: 1 - 1e-12)
        },
        BadSetting("horizon 0", .invalidSetting(.horizon, value: 0, expected: .wholeIn(1...10_000))) {
            _ = try ContributionGame(contributionFactor: 1.3, horizon: 0)
        },
        BadSetting("horizon too long", .invalidSetting(.horizon, value: 10_001, expected: .wholeIn(1...10_000))) {
            _ = try ContributionGame(contributionFactor: 1.3, horizon: 10_001)
        },
    ]

    @Test(arguments: cases)
    func aBadSettingIsRefusedWithItsBound(_ bad: BadSetting) {
        #expect(throws: bad.expected) { try bad.make() }
    }

    @Test func notANumberBreaksEveryNumericBound() {
        #expect(throws: RuntimeError.self) { try NaiveRule(rate: .nan) }
        #expect(throws: RuntimeError.self) { try ContributionGame(contributionFactor: .nan) }
        #expect(throws: RuntimeError.self) { try ContributionGame(contributionFactor: 1.3, gamma: .nan) }
        #expect(throws: RuntimeError.self) { try POLARule(innerRate: 1, outerRate: 1, beta: 1, tolerance: .nan) }
    }

    @Test(arguments: [
        (Setting.Constraint.finiteNonNegative, 0.0, true), (.finiteNonNegative, -1e-300, false),
        (.finitePositive, 1e-300, true), (.finitePositive, 0, false),
        (.countAtLeastOne, 1, true), (.countAtLeastOne, 0, false),
        (.wholeIn(2...8), 8, true), (.wholeIn(2...8), 9, false),
        (.betweenZeroAndOne, 0.5, true), (.betweenZeroAndOne, 1, false),
        (.belowOneBy(gap: 1e-10), 1 - 1e-10, true), (.belowOneBy(gap: 1e-10), 1 - 1e-11, false),
        (.finite, -1e308, true), (.finite, .infinity, false),
        (.magnitudeAtMost(4), -4, true), (.magnitudeAtMost(4), 4.000000000000001, false),
        (.magnitudeAtMost(4), .nan, false),
    ])
    func boundsAdmitTheirEdges(_ constraint: Setting.Constraint, _ value: Double, _ admitted: Bool) {
        #expect(constraint.admits(value) == admitted)
    }

    @Test func rulesReportTheirSettingsTyped() throws {
        let modelling = try OpponentModelling(policy: Self.tabular, rate: 0.2)
        let rule = try POLARule(innerRate: 5, outerRate: 0.3, beta: 0.1, opponentModelling: modelling)
        #expect(
            rule.settings.map(\.0) == [
                .innerRate, .outerRate, .beta, .maxIterations, .tolerance, .innerSteps, .innerBeta,
                .modelPolicy, .modelRate, .modelTolerance, .modelMaxSteps,
            ])
        #expect(
            rule.settings.map(\.1) == [
                .number(5), .number(0.3), .number(0.1), .whole(5000), .number(1e-8), .whole(1), .number(0),
                .policy("tabular"), .number(0.2), .number(1e-7), .whole(10000),
            ])
        #expect(try NaiveRule(rate: 1).settings.map(\.0) == [.rate])
    }
}
