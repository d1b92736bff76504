import Runtime

/// One call of `step` or `train` with a DiCE rule: the rule, the sampled game and the two
/// seated GRU agents, checked. The game's two environments (the IPD with history, the Coin
/// Game) are two Runtime types: the session is generic over the one it plays, and
/// `SampledGame.session` makes the right one.
struct SampledSession<Environment: FixedStrategyEnvironment & CheckpointedEnvironment>: TrainingSession {
    let args: CallArguments
    let interpreter: Interpreter
    let game: SampledGame
    let environment: Environment
    let rule: SampledRuleValue
    let boxes: [AgentBox]

    var ruleFields: Value { Provenance.rule(rule) }
    var gameFields: Value { Provenance.game(game) }

    func trainer(evaluating: Bool) -> SampledTrainer<Environment> {
        SampledTrainer(rule: rule.rule, evaluates: evaluating)
    }

    var agents: [SampledAgent] { boxes.map { $0.player(SampledAgent.self)! } }

    /// The agents and their POLA-OM models as they stand, drawing from the rule's stream.
    func startState() -> SampledLearningState<Environment> {
        let models = boxes.allSatisfy { $0.sampledModel != nil } ? boxes.map { $0.sampledModel! } : nil
        var state = SampledLearningState(environment: environment, agents: agents, models: models, seed: 0)
        state.generator = rule.generator
        return state
    }

    /// The models and the rule's random stream, where the next call continues from.
    func installExtras(_ state: SampledLearningState<Environment>) {
        for (i, box) in boxes.enumerated() { box.sampledModel = state.models?[i] ?? box.sampledModel }
        rule.generator = state.generator
    }

    /// `epoch score0 score1 alld0 alld1 allc0 allc1 tft0 tft1`, and `same different
    /// proportion_same` in the Coin Game.
    var columns: [String] { SampledTrainRows.columns(coin: game.isCoinGame) }

    func row(epoch: Int, _ state: SampledLearningState<Environment>, _ evaluation: SampledEvaluation?) -> [Double] {
        SampledTrainRows.row(epoch: epoch, evaluation!)
    }

    func report(epoch: Int, _ state: SampledLearningState<Environment>, _ evaluation: SampledEvaluation?) -> Value {
        .record([("epoch", .number(Double(epoch))), ("outer_steps", .number(Double(rule.rule.outerSteps)))])
    }

    func converged(_ evaluation: SampledEvaluation?) -> [Bool]? { nil }

    /// A sampled table always begins with the evaluation of the agents as they start.
    func recordsStart(startRow: Bool) -> Bool { true }

    /// The outer steps of the running epoch.
    func progressReport(_ progress: EpochLoop<SampledTrainer<Environment>>.Progress, first: Int?, elapsed: Double)
        -> ProgressReport?
    {
        guard let steps = progress.epochProgress else { return nil }
        let task =
            first.map { "train epoch \($0 + progress.epoch)/\($0 - 1 + progress.lastEpoch): outer steps" }
            ?? "\(rule.rule.kind.scriptName): outer steps"
        return ProgressReport(
            task: task, done: steps.outerStepsDone, total: steps.outerSteps, elapsedSeconds: elapsed)
    }
}

extension SampledGame {
    /// The session of `step` or `train` with `rule` on this game, its agents checked.
    func session(_ args: CallArguments, _ interpreter: Interpreter, rule: SampledRuleValue) throws
        -> any TrainingSession
    {
        let boxes = try args.seatedAgents(.sampled(self))
        return Self.session(environment, self, args, interpreter, rule, boxes)
    }

    /// The session generic over the game's own environment type.
    private static func session<Environment: FixedStrategyEnvironment & CheckpointedEnvironment>(
        _ environment: Environment, _ game: SampledGame, _ args: CallArguments, _ interpreter: Interpreter,
        _ rule: SampledRuleValue, _ boxes: [AgentBox]
    ) -> any TrainingSession {
        SampledSession(
            args: args, interpreter: interpreter, game: game, environment: environment, rule: rule, boxes: boxes)
    }
}
