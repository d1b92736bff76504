import Runtime

/// The paper's `POLA_dice_jax.py` command line (Figures 4 and 5), read into a sampled game, the
/// GRU agents' shape, a DiCE rule and the run's length; the flags' meaning is in
/// `docs/dice-learning.md` ("The paper's settings").
public struct DiCECommand: Sendable {
    /// The sampled game of `--env`.
    public let game: SampledGame
    public let rule: DiCERule
    /// `--hidden_size` and `--layers_before_gru` of both agents' networks.
    public let hidden: Int
    public let layersBeforeGRU: Int
    /// `--n_update`: epochs.
    public let updates: Int
    public let seed: UInt64
    /// `--print_every`: epochs between progress reports.
    public let printEvery: Int
    /// `--checkpoint_every`: epochs between checkpoints (nil: none).
    public let checkpointEvery: Int?
    /// `--save_dir`: where checkpoints go (nil: none given).
    public let saveDirectory: String?
    /// The flags given that pola-repl reads past, in order, with why.
    public let ignored: [PaperIgnoredFlag]

    /// Every flag of `POLA_dice_jax.py` pola-repl knows, used or ignored.
    public static var flagNames: [String] { vocabulary.names }

    private static let vocabulary = PaperFlags.Vocabulary(
        valued: [
            "--env", "--n_update", "--gae_lambda", "--inner_steps", "--outer_steps", "--lr_in", "--lr_out", "--lr_v",
            "--batch_size", "--rollout_len", "--print_every", "--outer_beta", "--inner_beta", "--seed",
            "--layers_before_gru", "--hidden_size", "--contrib_factor", "--opp_model_steps",
            "--opp_model_steps_per_batch", "--opp_model_data_batches", "--save_dir", "--checkpoint_every",
            "--grid_size", "--optim",
        ],
        switches: ["--opp_model", "--init_state_coop"],
        ignored: [
            "--om_lr_p": (true, .neverRead), "--om_lr_v": (true, .neverRead), "--std": (true, .neverRead),
            "--same_coin_reward": (true, .neverRead), "--diff_coin_reward": (true, .neverRead),
            "--diff_coin_cost": (true, .neverRead), "--split_coins": (false, .neverRead),
            "--hist_one": (false, .neverRead), "--val_update_after_loop": (false, .neverRead),
            "--print_info_each_outer_step": (false, .printing),
        ],
        script: .dice)

    public init(_ arguments: [String]) throws {
        let flags = try PaperFlags(arguments, Self.vocabulary)
        var ignored = flags.ignored
        let environment = flags.values["--env"] ?? "ipd"
        let rollout = try flags.count("--rollout_len", PaperSettings.episodeLength, atLeast: 1)
        switch environment {
        case "ipd":
            game = .ipd(
                try IPDWithHistory(
                    contributionFactor: try flags.number("--contrib_factor", PaperSettings.contributionFactor),
                    start: flags.has("--init_state_coop") ? .cc : .separate, episodeLength: rollout))
        case "coin":
            if let text = flags.values["--contrib_factor"] {
                ignored.append(PaperIgnoredFlag(flag: "--contrib_factor", text: text, reason: .noEffectInCoinGame))
            }
            game = .coin(try CoinGame(episodeLength: rollout))
        default:
            throw PaperCommand.bad("--env", environment, .oneOf(["ipd", "coin"]))
        }
        // The Coin Game's board is 3x3 and Adam the only optimiser in every command.
        if let grid = flags.values["--grid_size"], grid != "3" {
            throw PaperCommand.bad("--grid_size", grid, .oneOf(["3"]))
        }
        if let optimiser = flags.values["--optim"], optimiser != "adam" {
            throw PaperCommand.bad("--optim", optimiser, .oneOf(["adam"]))
        }
        self.ignored = ignored
        hidden = try flags.count("--hidden_size", 64, atLeast: 1)
        layersBeforeGRU = try flags.count("--layers_before_gru", 1, atLeast: 0)
        guard layersBeforeGRU <= 2 else {
            throw PaperCommand.bad("--layers_before_gru", "\(layersBeforeGRU)", .oneOf(["0", "1", "2"]))
        }
        updates = try flags.count("--n_update", 1, atLeast: 1)
        seed = UInt64(try flags.count("--seed", 1, atLeast: 0))
        printEvery = try flags.count("--print_every", 1, atLeast: 1)
        checkpointEvery =
            flags.values["--checkpoint_every"] == nil ? nil : try flags.count("--checkpoint_every", 1, atLeast: 1)
        saveDirectory = flags.values["--save_dir"]
        rule = try Self.rule(flags)
    }

    /// LOLA-DiCE when both betas are 0 with one inner and one outer step (the README's LOLA
    /// commands), POLA-OM with `--opp_model`, else POLA-DiCE.
    private static func rule(_ flags: PaperFlags) throws -> DiCERule {
        let (paper, lola) = (PaperSettings.dice, PaperSettings.dice.lolaLoops)
        let loops = DiCERule.Loops(
            innerSteps: try flags.count("--inner_steps", lola.innerSteps, atLeast: 1),
            outerSteps: try flags.count("--outer_steps", lola.outerSteps, atLeast: 1),
            innerBeta: try flags.number("--inner_beta", lola.innerBeta),
            outerBeta: try flags.number("--outer_beta", lola.outerBeta))
        let (innerSteps, outerSteps, innerBeta, outerBeta) = (
            loops.innerSteps, loops.outerSteps, loops.innerBeta, loops.outerBeta
        )
        let kind: DiCERule.Kind = flags.has("--opp_model") ? .polaOM : (loops == lola ? .lolaDiCE : .polaDiCE)
        let modelSteps = try flags.count(
            "--opp_model_steps_per_batch",
            try flags.count("--opp_model_steps", PaperSettings.dice.modelStepsPerBatch, atLeast: 1), atLeast: 1)
        return try DiCERule(
            kind, innerRate: try flags.number("--lr_in", paper.ipdPOLAInnerRate),
            outerRate: try flags.number("--lr_out", paper.outerRate),
            valueRate: try flags.number("--lr_v", paper.valueRate), innerSteps: innerSteps, outerSteps: outerSteps,
            innerBeta: innerBeta, outerBeta: outerBeta, batch: try flags.count("--batch_size", paper.batch, atLeast: 1),
            discount: DiscountSettings(
                gamma: PaperSettings.gamma, lambda: try flags.number("--gae_lambda", paper.gaeLambda)),
            modelBatches: try flags.count("--opp_model_data_batches", paper.modelBatches, atLeast: 1),
            modelStepsPerBatch: modelSteps)
    }
}

/// One of the paper's commands as its README writes it: `python ./jax_files/POLA_dice_jax.py
/// --env ipd ...` or `python LOLA_exact.py ...`, with or without `python` and the folder.
public enum PaperInvocation: Sendable {
    case exact(PaperCommand)
    case dice(DiCECommand)

    /// Where the script's own flags begin in `arguments` (after `python` and the script).
    public static func flagsStart(_ arguments: [String]) -> Int {
        arguments.first == "python" || arguments.first == "python3" ? 2 : 1
    }

    public init(_ arguments: [String]) throws {
        let start = Self.flagsStart(arguments)
        guard arguments.count >= start else {
            throw PaperCommand.bad(arguments.first ?? "", arguments.first ?? "", .script)
        }
        let name = arguments[start - 1]
        guard let script = PaperScript(path: name) else { throw PaperCommand.bad(name, name, .script) }
        let flags = Array(arguments[start...])
        switch script {
        case .exact: self = .exact(try PaperCommand(flags))
        case .dice: self = .dice(try DiCECommand(flags))
        }
    }

    public var ignored: [PaperIgnoredFlag] {
        switch self {
        case .exact(let command): command.ignored
        case .dice(let command): command.ignored
        }
    }
}
