import Foundation
import PaperCommands
import Runtime
import TestSupport
import Testing

/// Every command of the paper's README (`Tests/Fixtures/POLA-README.txt`, a copy of the one
/// kept beside the checkout) is read, as written, into the run it describes; only the IPD
/// LOLA-DiCE command, whose `--save_dir` lost its value, is refused.
@Suite struct PaperInvocationTests {
    static let readme = GoldenRun.fixtures.appendingPathComponent("POLA-README.txt")
    static let shared = GoldenRun.fixtures
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/seed/POLA-README.txt")

    /// Each `python ...` line of the README, split as a shell splits it (no quotes occur).
    static let commands: [[String]] = {
        let text = (try? String(contentsOf: readme, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.hasPrefix("python ") }
            .map { $0.split(separator: " ").map(String.init) }
    }()

    @Test func theReadmeHoldsEveryCommand() {
        // Figures 1 (4), 3 (19), Appendix B.1.6 (6), Figure 4 (3) and Figure 5 (3).
        #expect(Self.commands.count == 35)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: shared.path), "no shared/seed beside the checkout"))
    func theFixtureIsTheSeedReadme() throws {
        #expect(try Data(contentsOf: Self.readme) == Data(contentsOf: Self.shared))
    }

    @Test(arguments: commands.indices)
    func everyCommandButOneIsRead(_ index: Int) throws {
        let command = Self.commands[index]
        if command.contains("--save_dir") && command[command.firstIndex(of: "--save_dir")! + 1].hasPrefix("--") {
            #expect(throws: PaperCommandError.invalidFlag(flag: "--save_dir", text: "", expected: .value)) {
                try PaperInvocation(command)
            }
            return
        }
        let invocation = try PaperInvocation(command)
        switch invocation {
        case .exact(let exact):
            #expect(command[1] == "LOLA_exact.py")
            #expect(exact.epochs == Int(command[command.firstIndex(of: "--num_epochs")! + 1]))
        case .dice(let dice):
            #expect(command[1] == "./jax_files/POLA_dice_jax.py")
            #expect(dice.updates == Int(command[command.firstIndex(of: "--n_update")! + 1]))
            #expect(dice.rule.kind == Self.kind(command))
        }
    }

    /// The README's headings say which rule each DiCE command runs.
    static func kind(_ command: [String]) -> DiCERule.Kind {
        if command.contains("--opp_model") { return .polaOM }
        return command[command.firstIndex(of: "--outer_steps")! + 1] == "1" ? .lolaDiCE : .polaDiCE
    }

    @Test func exactlyOneCommandIsRefused() {
        let refused = Self.commands.filter { (try? PaperInvocation($0)) == nil }
        #expect(refused.count == 1)
        #expect(refused.first?.contains("--contrib_factor") == true)
    }

    /// The Figure 4 and 5 commands, as docs/dice-learning.md (The paper's settings) lists them.
    @Test func theDiCESettingsAreThePapers() throws {
        let dice = try Self.commands.filter { $0[1].hasSuffix("POLA_dice_jax.py") }.compactMap { command in
            try? PaperInvocation(command)
        }.map { invocation -> DiCECommand in
            guard case .dice(let command) = invocation else { throw RuntimeError.interrupted }
            return command
        }
        #expect(dice.count == 5)
        let coinPOLA = try #require(dice.first { $0.rule.kind == .polaDiCE && $0.rule.batch == 1000 })
        #expect(coinPOLA.rule.innerSteps == 4 && coinPOLA.rule.outerBeta == 150 && coinPOLA.rule.innerBeta == 5)
        #expect(coinPOLA.rule.innerRate == 0.01 && coinPOLA.updates == 251 && coinPOLA.checkpointEvery == 25)
        let om = try #require(dice.first { $0.rule.kind == .polaOM && $0.rule.batch == 2000 })
        #expect(om.rule.modelBatches == 200 && om.rule.modelStepsPerBatch == 1 && om.seed == 10)
        #expect(om.ignored.map(\.flag) == ["--om_lr_p", "--om_lr_v"])
    }

    @Test(arguments: [
        (["python", "LOLA.py"], PaperCommandError.invalidFlag(flag: "LOLA.py", text: "LOLA.py", expected: .script)),
        (
            ["POLA_dice_jax.py", "--env", "chess"],
            .invalidFlag(flag: "--env", text: "chess", expected: .oneOf(["ipd", "coin"]))
        ),
        (
            ["POLA_dice_jax.py", "--lr_inn", "1"],
            .invalidFlag(flag: "--lr_inn", text: "1", expected: .knownFlag(of: .dice))
        ),
        (["POLA_dice_jax.py", "--n_update", "0"], .invalidFlag(flag: "--n_update", text: "0", expected: .atLeast(1))),
        (
            ["POLA_dice_jax.py", "--batch_size", "many"],
            .invalidFlag(flag: "--batch_size", text: "many", expected: .wholeNumber)
        ),
        (
            ["POLA_dice_jax.py", "--optim", "sgd"],
            .invalidFlag(flag: "--optim", text: "sgd", expected: .oneOf(["adam"]))
        ),
        (["LOLA_exact.py", "--repeats", "0"], .invalidFlag(flag: "--repeats", text: "0", expected: .atLeast(1))),
        (
            ["LOLA_exact.py", "--frobnicate", "--seed", "1"],
            .invalidFlag(flag: "--frobnicate", text: "", expected: .knownFlag(of: .exact))
        ),
    ])
    func badCommandsAreTyped(_ arguments: [String], _ expected: PaperCommandError) {
        #expect(throws: expected) { try PaperInvocation(arguments) }
    }

    @Test func aSettingTheRuntimeRefusesComesWithItsError() {
        #expect(throws: RuntimeError.invalidSetting(.outerRate, value: -1, expected: .finitePositive)) {
            try PaperInvocation(["POLA_dice_jax.py", "--lr_out", "-1"])
        }
    }

    @Test func ignoredFlagsAreReportedInOrder() throws {
        let invocation = try PaperInvocation(
            ["POLA_dice_jax.py", "--env", "coin", "--hist_one", "--contrib_factor", "1.5", "--std", "0.1"])
        #expect(invocation.ignored.map(\.flag) == ["--hist_one", "--std", "--contrib_factor"])
        #expect(invocation.ignored.map(\.text) == [nil, "0.1", "1.5"])
        #expect(invocation.ignored.map(\.reason) == [.neverRead, .neverRead, .noEffectInCoinGame])
    }
}
