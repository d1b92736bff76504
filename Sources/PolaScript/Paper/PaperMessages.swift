import PaperCommands
import Runtime

/// The paper's command lines in pola-repl's voice: why one was refused, and which flag to put
/// the caret under; what an ignored flag is ignored for.
public enum PaperMessages {
    public struct Refusal: Sendable {
        public let message: String
        /// The flag (or script name) at fault, as given.
        public let flag: String?
        public let notes: [String]
    }

    /// Why reading a command failed, for the errors reading one throws (its flags', and the
    /// Runtime's for the settings they carry); nil for any other error.
    public static func refusal(reading error: any Error) -> Refusal? {
        switch error {
        case let error as PaperCommandError: refusal(error)
        case let error as RuntimeError: refusal(error)
        default: nil
        }
    }

    public static func refusal(_ error: PaperCommandError) -> Refusal {
        switch error {
        case .invalidFlag(let flag, let given, .script):
            return Refusal(
                message: "bad command '\(flag)' (\(text(.script)) expected, got \(Render.quoted(given)))",
                flag: flag,
                notes: ["pola-repl paper python ./jax_files/POLA_dice_jax.py --env ipd --n_update 2 --batch_size 8"])
        case .invalidFlag(let flag, let given, let expected):
            let got = given.isEmpty ? "nothing" : Render.quoted(given)
            return Refusal(
                message: "bad flag '\(flag)' (\(text(expected)) expected, got \(got))", flag: flag,
                notes: notes(flag, expected))
        }
    }

    public static func refusal(_ error: RuntimeError) -> Refusal {
        switch error {
        case .invalidSetting(let setting, let value, let constraint):
            let flag = flags[setting]
            return Refusal(
                message: "bad flag '\(flag ?? SettingNames.argument(setting))' "
                    + "(\(SettingNames.expectation(setting, constraint)) expected, got \(NumberFormat.shortest(value)))",
                flag: flag, notes: [])
        default:
            return Refusal(message: error.message(call: "paper"), flag: nil, notes: [])
        }
    }

    private static func text(_ expectation: PaperCommandError.Expectation) -> String {
        switch expectation {
        case .value: "a value after the flag"
        case .number: "a number"
        case .wholeNumber: "a whole number"
        case .knownFlag(.exact): "a flag of LOLA_exact.py's exact experiments"
        case .knownFlag(.dice): "a flag of POLA_dice_jax.py"
        case .startCode: "1 (cc) or 2 (separate)"
        case .atLeast(let least): "a whole number from \(least)"
        case .oneOf(let words): words.count == 1 ? words[0] : words.joined(separator: " or ")
        case .script: "LOLA_exact.py or POLA_dice_jax.py"
        }
    }

    private static func notes(_ flag: String, _ expected: PaperCommandError.Expectation) -> [String] {
        switch (flag, expected) {
        case ("--save_dir", .value):
            [
                "give it a folder for the checkpoints, e.g. --save_dir runs/ipd-lola-dice "
                    + "(the README's IPD LOLA-DiCE command lost its value)"
            ]
        case (_, .value): ["put the value right after \(flag): \(flag) VALUE"]
        case (_, .knownFlag(let script)):
            Builtin.closest(flag, in: script.flagNames).map { ["did you mean '\($0)'?"] } ?? []
        default: []
        }
    }

    /// The paper's flag for a setting the Runtime refused (DiCE spelling first, then exact).
    private static let flags: [Setting: String] = [
        .innerRate: "--lr_in", .outerRate: "--lr_out", .valueRate: "--lr_v", .innerSteps: "--inner_steps",
        .outerSteps: "--outer_steps", .innerBeta: "--inner_beta", .outerBeta: "--outer_beta", .batch: "--batch_size",
        .gaeLambda: "--gae_lambda", .modelBatches: "--opp_model_data_batches",
        .modelStepsPerBatch: "--opp_model_steps", .contributionFactor: "--contrib_factor", .gamma: "--gamma",
        .agents: "--n_agents", .beta: "--outer_beta", .modelRate: "--om_lr_p",
    ]

    /// The exact script's spelling of a setting where it differs from the DiCE script's.
    public static func exactFlag(_ flag: String) -> String {
        switch flag {
        case "--lr_in": "--lr_policies_inner"
        case "--lr_out": "--lr_policies_outer"
        case "--contrib_factor": "--base_cf_no_scale"
        default: flag
        }
    }

    /// One line: `--om_lr_p 0.005: ignored (...)`.
    public static func ignored(_ flag: PaperIgnoredFlag) -> String {
        let given = flag.flag + (flag.text.map { " " + $0 } ?? "")
        let why =
            switch flag.reason {
            case .neverRead: "the paper's code parses it but never reads it"
            case .printing: "it only changes what the paper's code prints"
            case .alwaysSeeded: "pola-repl always seeds its runs (--seed)"
            case .customParameters:
                "Figure 1's hand-set starting parameters; notebooks/figure1-parameterisation.md sets them"
            case .noEffectInCoinGame: "the Coin Game has no contribution factor"
            }
        return "\(given): ignored (\(why))"
    }
}
