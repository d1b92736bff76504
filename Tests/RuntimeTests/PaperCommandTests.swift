import Runtime
import Testing

/// The paper's command line is refused flag by flag, with what the flag's text should have been.
@Suite struct PaperCommandTests {
    @Test(arguments: [
        (["--gamma"], RuntimeError.invalidFlag(flag: "--gamma", text: "", expected: .value)),
        (["--gamma", "high"], .invalidFlag(flag: "--gamma", text: "high", expected: .number)),
        (["--repeats", "2.5"], .invalidFlag(flag: "--repeats", text: "2.5", expected: .wholeNumber)),
        (["--gamma_inner", "1"], .invalidFlag(flag: "--gamma_inner", text: "1", expected: .knownFlag)),
        (
            ["--init_state_representation", "3"],
            .invalidFlag(flag: "--init_state_representation", text: "3", expected: .startCode)
        ),
        (["--gamma", "1"], .invalidSetting(.gamma, value: 1, expected: .betweenZeroAndOne)),
        (["--lr_policies_outer", "-1"], .invalidSetting(.outerRate, value: -1, expected: .finiteNonNegative)),
    ])
    func badFlagsAreTyped(_ arguments: [String], _ expected: RuntimeError) {
        #expect(throws: expected) { try PaperCommand(arguments) }
    }
}
