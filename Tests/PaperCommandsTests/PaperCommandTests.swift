import PaperCommands
import Runtime
import Testing

/// The paper's command line is refused flag by flag, with what the flag's text should have been.
@Suite struct PaperCommandTests {
    @Test(arguments: [
        (["--gamma"], PaperCommandError.invalidFlag(flag: "--gamma", text: "", expected: .value)),
        (["--gamma", "high"], .invalidFlag(flag: "--gamma", text: "high", expected: .number)),
        (["--repeats", "2.5"], .invalidFlag(flag: "--repeats", text: "2.5", expected: .wholeNumber)),
        (["--gamma_inner", "1"], .invalidFlag(flag: "--gamma_inner", text: "1", expected: .knownFlag(of: .exact))),
        (
            ["--init_state_representation", "3"],
            .invalidFlag(flag: "--init_state_representation", text: "3", expected: .startCode)
        ),
    ])
    func badFlagsAreTyped(_ arguments: [String], _ expected: PaperCommandError) {
        #expect(throws: expected) { try PaperCommand(arguments) }
    }

    /// A flag read well whose setting the Runtime refuses comes with the Runtime's own error.
    @Test(arguments: [
        (["--gamma", "1"], RuntimeError.invalidSetting(.gamma, value: 1, expected: .betweenZeroAndOne)),
        (["--lr_policies_outer", "-1"], .invalidSetting(.outerRate, value: -1, expected: .finiteNonNegative)),
    ])
    func badSettingsAreTheRuntimes(_ arguments: [String], _ expected: RuntimeError) {
        #expect(throws: expected) { try PaperCommand(arguments) }
    }

    @Test func thePapersFlagsChooseTheKinds() throws {
        let ipd = try ContributionGame(contributionFactor: 1.33)
        let cases: [(flags: [String], kind: PolicyKind)] = [
            ([], .tabular), (["--ill_condition"], .preconditionedTabular),
            (["--using_nn", "--nn_hidden_size", "4"], .mlp(hidden: 4)),
            (["--using_nn", "--ill_condition"], .preconditionedMLP(hidden: 16)),
        ]
        for (flags, kind) in cases {
            #expect(try PaperCommand(flags).policy.kind == kind.policy(for: ipd).kind, "\(flags)")
        }
    }

    @Test func thePapersCommandsSeedTheirSeatsTheSameWay() throws {
        let command = try PaperCommand(["--n_agents", "3", "--repeats", "2", "--seed", "5"])
        let agents = command.initialState().agents
        for seat in 0..<3 {
            let expected = Agent.random(policy: command.policy, seed: 5, seat: seat, runs: 2)
            #expect(agents[seat].parameters[0].scalars == expected.parameters[0].scalars, "seat \(seat)")
        }
    }
}
