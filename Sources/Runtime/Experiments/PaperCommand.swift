/// The paper's `LOLA_exact.py` command line, read into a game, a policy and a rule.
///
/// This is the one place where the paper's flag strings are interpreted; everything past it is
/// typed. It lets the benchmarks and golden tests run the README's commands as written.
public struct PaperCommand: Sendable {
    public let game: ContributionGame
    public let policy: any Policy
    public let rule: any LearningRule
    public let runs: Int
    public let epochs: Int
    public let seed: UInt64

    /// Flags the Runtime has no use for (printing, seeding switches) or that are implied.
    private static let ignored: Set<String> = [
        "--print_every", "--set_seed", "--print_prox_loops_info", "--custom_param",
    ]
    private static let switches: Set<String> = [
        "--using_nn", "--actual_update", "--outer_exact_prox", "--opp_model", "--om_exact",
        "--om_using_nn", "--om_precond", "--ill_condition", "--set_seed", "--print_prox_loops_info",
    ]

    public init(_ arguments: [String]) throws {
        var options = [String: String]()
        var flags = Set<String>()
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            if Self.switches.contains(flag) {
                flags.insert(flag)
                index += 1
            } else {
                guard index + 1 < arguments.count else { throw Self.bad(flag, "", .value) }
                options[flag] = arguments[index + 1]
                index += 2
            }
        }
        func number(_ flag: String, _ fallback: Double) throws -> Double {
            guard let text = options[flag] else { return fallback }
            guard let value = Double(text) else { throw Self.bad(flag, text, .number) }
            return value
        }
        func whole(_ flag: String, _ fallback: Int) throws -> Int {
            guard let text = options[flag] else { return fallback }
            guard let value = Int(text) else { throw Self.bad(flag, text, .wholeNumber) }
            return value
        }
        for flag in options.keys where !Self.known.contains(flag) && !Self.ignored.contains(flag) {
            throw Self.bad(flag, options[flag] ?? "", .knownFlag)
        }
        let startCode = try whole("--init_state_representation", 2)
        guard startCode == 1 || startCode == 2 else {
            throw Self.bad("--init_state_representation", "\(startCode)", .startCode)
        }
        game = try ContributionGame(
            agents: try whole("--n_agents", 2), contributionFactor: try number("--base_cf_no_scale", 1.33),
            gamma: try number("--gamma", 0.96), start: startCode == 1 ? .cc : .separate)
        let hidden = try whole("--nn_hidden_size", 16)
        let preconditioned = flags.contains("--ill_condition")
        let kind: PolicyKind =
            flags.contains("--using_nn")
            ? (preconditioned ? .preconditionedMLP(hidden: hidden) : .mlp(hidden: hidden))
            : (preconditioned ? .preconditionedTabular : .tabular)
        policy = kind.policy(for: game)
        runs = try whole("--repeats", 1)
        epochs = try whole("--num_epochs", 1)
        seed = UInt64(try whole("--seed", 1))

        var modelling: OpponentModelling?
        if flags.contains("--opp_model") {
            let model: PolicyKind =
                flags.contains("--om_using_nn")
                ? .mlp(hidden: hidden)
                : (flags.contains("--om_precond") ? .preconditionedTabular : .tabular)
            modelling = try OpponentModelling(
                policy: model.policy(for: game), rate: try number("--om_lr_p", 0.2), seed: seed)
        }
        let inner = try number("--lr_policies_inner", 0.05)
        let outer = try number("--lr_policies_outer", 0.05)
        if flags.contains("--outer_exact_prox") {
            rule = try POLARule(
                innerRate: inner, outerRate: outer, beta: try number("--outer_beta", 0),
                innerSteps: try whole("--inner_steps", 1), innerBeta: try number("--inner_beta", 0),
                opponentModelling: modelling)
        } else {
            rule = try LOLARule(
                innerRate: inner, outerRate: outer, taylor: !flags.contains("--actual_update"),
                innerSteps: try whole("--inner_steps", 1), outerSteps: try whole("--outer_steps", 1),
                innerBeta: try number("--inner_beta", 0), outerBeta: try number("--outer_beta", 0),
                opponentModelling: modelling)
        }
    }

    private static let known: Set<String> = [
        "--n_agents", "--nn_hidden_size", "--repeats", "--num_epochs", "--init_state_representation",
        "--seed", "--lr_policies_inner", "--lr_policies_outer", "--base_cf_no_scale", "--gamma",
        "--outer_beta", "--inner_beta", "--inner_steps", "--outer_steps", "--om_lr_p",
    ]

    /// What a flag's text should have been.
    public enum Expectation: Equatable, Sendable {
        /// A value after the flag (the command ended instead).
        case value
        case number
        case wholeNumber
        /// A flag of `LOLA_exact.py`'s exact experiments.
        case knownFlag
        /// 1 (cc) or 2 (separate).
        case startCode
    }

    private static func bad(_ flag: String, _ text: String, _ expected: Expectation) -> RuntimeError {
        .invalidFlag(flag: flag, text: text, expected: expected)
    }

    /// The starting state: `runs` agents per seat drawn from the command's seed.
    public func initialState() -> LearningState<ContributionGame> {
        let agents = (0..<game.agents).map { seat in Agent.random(policy: policy, seed: seed, seat: seat, runs: runs) }
        return LearningState(game: game, agents: agents)
    }
}
