import Runtime

/// The one table from the Runtime's settings to PolaScript's words for them. `describe(rule)`,
/// a rule's fields and the message for a refused setting all read it, so an argument is
/// spelled the same in the call, in provenance and in the error that points at it.
public enum SettingNames {
    /// `argument`: the builtins' keyword for the setting (the same in every builtin that takes
    /// it); `noun`: what its values are called in messages ("a finite tolerance > 0").
    static func spelling(_ setting: Setting) -> (argument: String, noun: String) {
        switch setting {
        case .rate: ("lr", "number")
        case .innerRate: ("inner_lr", "number")
        case .outerRate: ("outer_lr", "number")
        case .taylor: ("taylor", "flag")
        case .innerSteps: ("inner_steps", "number")
        case .outerSteps: ("outer_steps", "number")
        case .innerBeta: ("inner_beta", "number")
        case .outerBeta: ("outer_beta", "number")
        case .beta: ("beta", "number")
        case .maxIterations: ("max_iters", "number")
        case .tolerance: ("tol", "tolerance")
        case .alignmentBound: ("a", "number")
        case .fixedPointRadius: ("b", "number")
        case .alignmentEpsilon: ("eps", "number")
        case .consensusWeight: ("weight", "number")
        case .modelPolicy: ("model", "policy")
        case .modelRate: ("model_lr", "number")
        case .modelTolerance: ("model_tol", "tolerance")
        case .modelMaxSteps: ("model_steps", "number")
        case .agents: ("n", "agents")
        case .contributionFactor: ("cf", "number")
        case .gamma: ("gamma", "discount")
        case .horizon: ("horizon", "steps")
        case .payoff: ("payoffs", "payoff")
        case .valueRate: ("value_lr", "number")
        case .batch: ("batch", "number of episodes")
        case .gaeLambda: ("gae_lambda", "number")
        case .modelBatches: ("model_batches", "number")
        case .modelStepsPerBatch: ("model_steps_per_batch", "number")
        }
    }

    public static func argument(_ setting: Setting) -> String { spelling(setting).argument }

    /// A setting's value as a PolaScript value.
    static func value(_ value: Setting.Value) -> Value {
        switch value {
        case .number(let x): .number(x)
        case .whole(let n): .number(Double(n))
        case .flag(let b): .bool(b)
        case .policy(let kind): .string(kind)
        }
    }

    /// What `constraint` asks of `setting`, as the part before "expected".
    static func expectation(_ setting: Setting, _ constraint: Setting.Constraint) -> String {
        let noun = spelling(setting).noun
        return switch constraint {
        case .finite: "a finite \(noun)"
        case .finiteNonNegative: "a finite \(noun) >= 0"
        case .finitePositive: "a finite \(noun) > 0"
        case .countAtLeastOne: "a whole \(noun) >= 1"
        case .wholeIn(let range): "\(range.lowerBound) to \(range.upperBound) \(noun)"
        case .betweenZeroAndOne: "a \(noun) strictly between 0 and 1"
        case .unitInterval: "a \(noun) from 0 to 1"
        case .belowOneBy(let gap): "a \(noun) at most 1 - \(NumberFormat.shortest(gap))"
        case .magnitudeAtMost(let bound):
            // Three digits say such a bound (4e298 for 4.0000000000000036e298) well enough.
            "a \(noun) from -\(NumberFormat.shortest(bound, digits: 3)) to \(NumberFormat.shortest(bound, digits: 3))"
        }
    }

    /// Where the fix is known, the notes say it.
    static func notes(_ setting: Setting, _ constraint: Setting.Constraint) -> [String] {
        switch (setting, constraint) {
        case (.agents, _):
            ["exact values solve a 2^n x 2^n linear system; n = 8 (256 joint actions) is the limit"]
        case (.contributionFactor, .magnitudeAtMost):
            [
                "values reach (|cf| + 1) / (1 - gamma), and are kept at most "
                    + "\(NumberFormat.shortest(ContributionGame.maximumValue)) so that they never overflow"
            ]
        case (.payoff, .magnitudeAtMost):
            [
                "values reach |payoff| / (1 - gamma), and are kept at most "
                    + "\(NumberFormat.shortest(ContributionGame.maximumValue)) so that they never overflow"
            ]
        case (.gamma, .belowOneBy):
            ["I - gamma P has a condition number near 1 / (1 - gamma); closer to 1 its solve loses the values' digits"]
        default: []
        }
    }

    /// A refused setting as an error at its argument of the call; other errors unchanged.
    static func diagnose(_ error: RuntimeError, _ args: CallArguments) -> Error {
        switch error {
        case .invalidSetting(let setting, _, let constraint):
            ScriptError(
                error.message(call: args.callee), at: args.spanOf(argument(setting)),
                notes: notes(setting, constraint))
        case .incompatibleSettings(let setting, let other):
            ScriptError(
                error.message(call: args.callee), at: args.spanOf(argument(setting)),
                notes: ["drop \(argument(setting)), or drop \(argument(other))"])
        default:
            error
        }
    }

    /// "taylor: true cannot go with model: the Taylor form expands the others' true losses".
    static func incompatibility(_ setting: Setting, _ other: Setting) -> String {
        let given = setting == .taylor ? ": true" : ""
        let why = (setting, other) == (.taylor, .modelPolicy) ? ": the Taylor form expands the others' true losses" : ""
        return "\(argument(setting))\(given) cannot go with \(argument(other))\(why)"
    }
}
