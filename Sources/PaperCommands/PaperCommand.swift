import Runtime

/// The paper's `LOLA_exact.py` command line, read into a game, a policy and a rule.
///
/// This is the one place where the paper's flag strings are interpreted; everything past it is
/// typed. It lets the benchmarks and golden tests run the README's commands as written.
public struct PaperCommand: Sendable {
    public let game: ContributionGame
    public let policy: any Policy
    public let policyKind: PolicyKind
    public let rule: any LearningRule
    public let runs: Int
    public let epochs: Int
    public let seed: UInt64

    /// The flags given that pola-repl reads past, in order, with why.
    public let ignored: [PaperIgnoredFlag]
    /// `--print_every`: epochs between progress reports.
    public let printEvery: Int

    /// Every flag of `LOLA_exact.py` pola-repl knows, used or ignored.
    public static var flagNames: [String] { vocabulary.names }

    private static let vocabulary = PaperFlags.Vocabulary(
        valued: [
            "--n_agents", "--nn_hidden_size", "--repeats", "--num_epochs", "--init_state_representation",
            "--seed", "--lr_policies_inner", "--lr_policies_outer", "--base_cf_no_scale", "--gamma",
            "--outer_beta", "--inner_beta", "--inner_steps", "--outer_steps", "--om_lr_p", "--print_every",
        ],
        switches: [
            "--using_nn", "--actual_update", "--outer_exact_prox", "--opp_model", "--om_exact",
            "--om_using_nn", "--om_precond", "--ill_condition",
        ],
        ignored: [
            "--set_seed": (false, .alwaysSeeded), "--print_prox_loops_info": (false, .printing),
            "--custom_param": (true, .customParameters),
        ],
        script: .exact)

    public init(_ arguments: [String]) throws {
        let flags = try PaperFlags(arguments, Self.vocabulary)
        ignored = flags.ignored
        func number(_ flag: String, _ fallback: Double) throws -> Double { try flags.number(flag, fallback) }
        func whole(_ flag: String, _ fallback: Int) throws -> Int { try flags.whole(flag, fallback) }
        printEvery = try flags.count("--print_every", 1, atLeast: 1)
        let startCode = try whole("--init_state_representation", 2)
        guard startCode == 1 || startCode == 2 else {
            throw Self.bad("--init_state_representation", "\(startCode)", .startCode)
        }
        game = try ContributionGame(
            agents: try whole("--n_agents", 2),
            contributionFactor: try number("--base_cf_no_scale", PaperSettings.contributionFactor),
            gamma: try number("--gamma", PaperSettings.gamma), start: startCode == 1 ? .cc : .separate)
        let hidden = try whole("--nn_hidden_size", 16)
        let preconditioned = flags.has("--ill_condition")
        let kind: PolicyKind =
            flags.has("--using_nn")
            ? (preconditioned ? .preconditionedMLP(hidden: hidden) : .mlp(hidden: hidden))
            : (preconditioned ? .preconditionedTabular : .tabular)
        policyKind = kind
        policy = kind.policy(for: game)
        runs = try flags.count("--repeats", 1, atLeast: 1)
        epochs = try flags.count("--num_epochs", 1, atLeast: 1)
        seed = UInt64(try flags.count("--seed", 1, atLeast: 0))

        var modelling: OpponentModelling?
        if flags.has("--opp_model") {
            let model: PolicyKind =
                flags.has("--om_using_nn")
                ? .mlp(hidden: hidden)
                : (flags.has("--om_precond") ? .preconditionedTabular : .tabular)
            modelling = try OpponentModelling(
                policy: model.policy(for: game), rate: try number("--om_lr_p", 0.2), seed: seed)
        }
        let inner = try number("--lr_policies_inner", 0.05)
        let outer = try number("--lr_policies_outer", 0.05)
        if flags.has("--outer_exact_prox") {
            rule = try POLARule(
                innerRate: inner, outerRate: outer, beta: try number("--outer_beta", 0),
                innerSteps: try whole("--inner_steps", 1), innerBeta: try number("--inner_beta", 0),
                opponentModelling: modelling)
        } else {
            rule = try LOLARule(
                innerRate: inner, outerRate: outer, taylor: !flags.has("--actual_update"),
                innerSteps: try whole("--inner_steps", 1), outerSteps: try whole("--outer_steps", 1),
                innerBeta: try number("--inner_beta", 0), outerBeta: try number("--outer_beta", 0),
                opponentModelling: modelling)
        }
    }

    static func bad(_ flag: String, _ text: String, _ expected: PaperCommandError.Expectation) -> PaperCommandError {
        .invalidFlag(flag: flag, text: text, expected: expected)
    }

    /// The starting state: `runs` agents per seat drawn from the command's seed.
    public func initialState() -> LearningState<ContributionGame> {
        let agents = (0..<game.agents).map { seat in Agent.random(policy: policy, seed: seed, seat: seat, runs: runs) }
        return LearningState(game: game, agents: agents)
    }
}
