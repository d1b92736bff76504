import Runtime
import TensorLayer

extension SampledGame {
    /// As the call that makes it: `ipd_history(cf: 1.33, start: "separate", rollout: 50)`.
    public var description: String {
        switch self {
        case .ipd(let game):
            "ipd_history(cf: \(NumberFormat.shortest(game.contributionFactor)), start: \"\(game.start.rawValue)\", "
                + "rollout: \(game.episodeLength))"
        case .coin(let game): "coin_game(rollout: \(game.episodeLength))"
        }
    }
}

/// A DiCE rule with the random stream its rollouts draw from: each `step` advances it, so a
/// script is deterministic given the rule's seed, and two steps see different rollouts.
public final class SampledRuleValue: @unchecked Sendable {
    public let rule: DiCERule
    public let seed: UInt64
    /// Only the interpreter's thread touches it; a failed step leaves it where it was.
    var generator: SplitMix64

    init(rule: DiCERule, seed: UInt64) {
        self.rule = rule
        self.seed = seed
        generator = SplitMix64(seed: seed)
    }

    /// `lola_dice(inner_lr: 0.05, outer_lr: 0.003, ..., seed: 1)`.
    public var description: String {
        let name = rule.kind.scriptName
        return name + "("
            + rule.settings.map { setting, value in
                "\(SettingNames.argument(setting)): \(Render.inline(SettingNames.value(value)))"
            }.joined(separator: ", ") + ", seed: \(seed))"
    }
}

extension DiCERule.Kind {
    /// The builtin that makes a rule of this kind.
    var scriptName: String {
        switch self {
        case .lolaDiCE: "lola_dice"
        case .polaDiCE: "pola_dice"
        case .polaOM: "pola_om"
        }
    }
}
