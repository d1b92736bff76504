/// The paper's settings, each number named once with where it comes from: every default that
/// stands for the paper (a game's discount, a DiCE rule's rates, PolaScript's arguments and the
/// `:help` that shows them) reads it here, so no two of them can disagree.
///
/// Two sources give numbers, and they differ: the commands of the paper's README
/// (`docs/dice-learning.md`, The paper's settings) and the argparse defaults of the paper's `POLA_dice_jax.py`, which a command takes for a flag
/// it leaves out. Every README command sets the rates, the batch and the model's data batches
/// itself, and argparse's values for them (`--lr_out` 0.005, `--lr_v` 0.001, `--batch_size`
/// 4000, `--opp_model_data_batches` 100) appear in no command, so those are named here as the
/// README gives them. Where argparse is the only source (steps and betas of a command that leaves
/// them out), that is said.
public enum PaperSettings {
    /// `gamma`, the discount of every game and objective: 0.96 in both of the paper's scripts
    /// (`LOLA_exact.py`'s `--gamma` and `POLA_dice_jax.py`'s argparse default), which no README
    /// command changes.
    public static let gamma = 0.96

    /// The contribution game's factor `cf`: 1.33 in every README command of both halves (the
    /// spec's "cf default 1.33"; `--contrib_factor` and `--base_cf_no_scale`).
    public static let contributionFactor = 1.33

    /// Steps per episode of the sampled games, `--rollout_len` 50 in every DiCE command.
    public static let episodeLength = 50

    /// The DiCE rules' settings (LOLA-DiCE, POLA-DiCE, POLA-OM).
    public static let dice = DiCEPaperSettings()
}

/// The DiCE rules' settings as the paper's commands give them (`PaperSettings`).
public struct DiCEPaperSettings: Sendable {
    /// `--lr_out` 0.003: Adam's rate for the policies, in every README command (the spec's "All").
    public let outerRate = 0.003
    /// `--lr_v` 0.0005: the value networks' rate, in every README command.
    public let valueRate = 0.0005
    /// `--batch_size` 2000: every IPD command and the Coin Game's LOLA-DiCE (the Coin Game's POLA
    /// commands use 1000).
    public let batch = 2000
    /// `--gae_lambda` 1: in every README command and argparse's default.
    public let gaeLambda = 1.0
    /// The objectives' discounting: `PaperSettings.gamma` with `gaeLambda`.
    public var discount: DiscountSettings { DiscountSettings(gamma: PaperSettings.gamma, lambda: gaeLambda) }
    /// `--opp_model_data_batches` 200: POLA-OM's batches of observed play per epoch, in both
    /// POLA-OM commands.
    public let modelBatches = 200
    /// `--opp_model_steps` 1: Adam steps on the model per batch, in both POLA-OM commands (the
    /// code's full flag, `--opp_model_steps_per_batch`, defaults to 1 too).
    public let modelStepsPerBatch = 1

    /// The README's IPD POLA-DiCE and POLA-OM commands: `--lr_in` 0.005, `--inner_steps` 2,
    /// `--outer_steps` 200, `--inner_beta` 10, `--outer_beta` 100. PolaScript's `pola_dice` and
    /// `pola_om` take these loops for what they are not given (their `inner_lr` has no default);
    /// a paper command without `--lr_in` takes this rate.
    public let ipdPOLAInnerRate = 0.005
    public let ipdPOLALoops = DiCERule.Loops(innerSteps: 2, outerSteps: 200, innerBeta: 10, outerBeta: 100)

    /// One inner and one outer step, both betas 0: LOLA-DiCE's loops by definition (the spec's
    /// "Learning rules"), as every README LOLA-DiCE command sets them, and argparse's defaults for
    /// the four flags. `DiCERule`'s defaults, and what a paper command that leaves the flags out
    /// runs.
    public let lolaLoops = DiCERule.Loops(innerSteps: 1, outerSteps: 1, innerBeta: 0, outerBeta: 0)
}
