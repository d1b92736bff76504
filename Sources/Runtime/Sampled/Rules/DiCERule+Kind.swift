import TensorLayer

/// What LOLA-DiCE, POLA-DiCE and POLA-OM do differently, each difference one exhaustive
/// `switch` here: the rule's construction, provenance and step call these and never ask which
/// kind they hold, and a new kind cannot compile until it answers every one.
///
/// An enum with behaviour rather than a protocol of three types: the kinds differ on two
/// independent choices, fixed or given loops (LOLA-DiCE against the two POLAs) and the
/// opponent's parameters or a fitted model (POLA-OM against the other two), so each choice is
/// shared by two kinds, which a `switch` states in one line and three conformances would state
/// twice or through default implementations; and the checkpoint and the messages need the closed
/// set of names (`rawValue`) anyway.
extension DiCERule.Kind {
    /// The loops a rule of this kind runs when `given` these: LOLA-DiCE's are fixed to one step
    /// each with no KL (`PaperSettings.dice.lolaLoops`), the POLAs run what they are given.
    func loops(_ given: DiCERule.Loops) -> DiCERule.Loops {
        switch self {
        case .lolaDiCE: PaperSettings.dice.lolaLoops
        case .polaDiCE, .polaOM: given
        }
    }

    /// The settings of `rule` that this kind reads, in provenance order: LOLA-DiCE reads no
    /// loops (they are fixed), only POLA-OM the opponent models' fit.
    func settings(of rule: DiCERule) -> [(Setting, Setting.Value)] {
        switch self {
        case .lolaDiCE: rule.rateSettings + rule.samplingSettings
        case .polaDiCE: rule.rateSettings + rule.loopSettings + rule.samplingSettings
        case .polaOM: rule.rateSettings + rule.loopSettings + rule.samplingSettings + rule.modelSettings
        }
    }

    /// The opponent models `state` starts an epoch drawn from `keys` (one per agent) with:
    /// POLA-OM keeps a model of each opponent, drawn afresh from the agent's key before its first
    /// epoch (not copied from the opponent, whose parameters it never reads); the others keep
    /// whatever the state holds.
    func models<Environment: SampledEnvironment>(
        before state: SampledLearningState<Environment>, keys: [UInt64]
    ) -> [SampledAgent]? {
        switch self {
        case .lolaDiCE, .polaDiCE: state.models
        case .polaOM: state.models ?? (0..<2).map { i in state.agents[1 - i].randomLike(seed: keys[i]) }
        }
    }

    /// What learner i looks ahead at in its update from `start`: the other agent itself, or
    /// (POLA-OM) i's model of it refitted to the other's observed play, which is also returned
    /// to be kept for the next epoch. The fit draws from `generator` before the outer steps do.
    func opponent<Environment: SampledEnvironment>(
        of i: Int, in start: SampledLearningState<Environment>, rule: DiCERule, interruption: Interruption,
        using generator: inout SplitMix64
    ) throws -> (opponent: SampledAgent, model: SampledAgent?) {
        switch self {
        case .lolaDiCE, .polaDiCE:
            return (start.agents[1 - i], nil)
        case .polaOM:
            let model = try rule.fitModel(
                start.models![i], learner: i, in: start, interruption: interruption, using: &generator)
            return (model, model)
        }
    }

    /// The opponent models kept after an epoch that started with `models` and refitted
    /// `refitted` (one per agent, nil where nothing was fitted): POLA-OM keeps its refits, the
    /// others what they had.
    func models(after models: [SampledAgent]?, refitted: [SampledAgent?]) -> [SampledAgent]? {
        switch self {
        case .lolaDiCE, .polaDiCE: models
        case .polaOM: refitted.map { $0! }
        }
    }
}
