import Foundation
import Runtime
import TensorLayer

extension Builtins {
    static let sampledLearning: [Builtin] = [
        Builtin(
            "evaluate",
            "Scores per step of two sampled agents against each other and each against ALLD, ALLC and TFT.",
            [
                .positional("game", .sampledGame, "ipd_history(...) or coin_game(...)"),
                .variadic("agents", .agent, "the two agents, seat 0 then seat 1"),
                .keyword("batch", .wholeNumber, default: .whole(2000), "episodes per batch (one batch per pairing)"),
                .keyword("seed", .wholeNumber, default: .whole(1), "seed of the evaluation's rollouts"),
            ],
            example: "evaluate(g, a, b, batch: 500)"
        ) { args, _ in
            let game = args.sampledGame("game")!
            let boxes = try args.seatedAgents(.sampled(game))
            let batch = try args.whole(
                "batch", in: 1...DiCERule.largestBatch, as: "a number of episodes")
            var generator = SplitMix64(seed: try args.seed("seed"))
            let agents = boxes.map { $0.player(SampledAgent.self)! }
            return evaluationRecord(
                SampledEvaluation.evaluate(game.environment, agents: agents, batch: batch, using: &generator))
        },
        Builtin(
            "dice_shaping",
            "How much of each agent's outer DiCE gradient is opponent shaping (through the look-ahead) and how "
                + "much direct, over independent batches; a table, one row per agent (shaping's sampled counterpart).",
            [
                .positional("rule", .sampledRule, "lola_dice(...), pola_dice(...) or pola_om(...)"),
                .positional("game", .sampledGame, "ipd_history(...) or coin_game(...)"),
                .variadic("agents", .agent, "the two agents, seat 0 then seat 1"),
                .keyword(
                    "batches", .wholeNumber, default: .whole(8), "independent batches of the rule's size (2 or more)"),
                .keyword(
                    "seed", .wholeNumber, default: .whole(1), "seed of the rollouts (the rule's stream is not used)"),
            ],
            example: "dice_shaping(r, g, a, b, batches: 8)"
        ) { args, interpreter in
            try measureShaping(args, interpreter)
        },
    ]

    /// `dice_shaping`'s table: per agent, the norms of the mean direct and shaping parts of its
    /// first outer step's gradient, their standard errors, ratio and cosine, and the share of
    /// parameters whose first Adam (sign) step the shaping turns (`ShapingMeasurement`).
    private static func measureShaping(_ args: CallArguments, _ interpreter: Interpreter) throws -> Value {
        guard case .sampledRule(let rule) = args.value("rule"), let game = args.sampledGame("game") else {
            return .none
        }
        let session = try game.session(args, interpreter, rule: rule)
        let batches = try args.whole("batches", in: 2...10_000, as: "a number of batches")
        let seed = try args.seed("seed")
        let agents = session.boxes.map { $0.player(SampledAgent.self)! }
        let interruption = interpreter.host.interruption
        let measured: [ShapingMeasurement]
        do {
            measured = try rule.rule.measureShaping(
                game.environment, agents: agents, batches: batches, seed: seed, interruption: interruption)
        } catch let error as RuntimeError {
            throw LearningSession.stopped(error, atEpoch: nil, args)
        }
        let columns = ["agent", "direct", "direct_se", "shaping", "shaping_se", "ratio", "cosine", "flips"]
        let rows = measured.enumerated().map { i, m in
            [Double(i), m.direct, m.directError, m.shaping, m.shapingError, m.ratio, m.cosine, m.flips]
        }
        let provenance =
            session.provenance() + [("batches", .number(Double(batches))), ("seed", .number(Double(seed)))]
        return .table(Table(columns: columns, rows: rows, provenance: provenance))
    }

    /// `(score: [s0, s1], alld: [..], allc: [..], tft: [..])`, and in the Coin Game the coins
    /// per episode of the mutual batch: `same`, `different`, `proportion_same`.
    static func evaluationRecord(_ evaluation: SampledEvaluation) -> Value {
        func pair(_ scores: [Double]) -> Value { .list(scores.map(Value.number)) }
        var fields: [(String, Value)] = [("score", pair(evaluation.mutual))]
        fields += FixedStrategy.allCases.map { ($0.scriptName, pair(evaluation.againstFixed[$0]!)) }
        if let coins = evaluation.coins {
            fields += [
                ("same", .number(coins.samePerEpisode)), ("different", .number(coins.differentPerEpisode)),
                ("proportion_same", coins.sameProportion.map(Value.number) ?? .none),
            ]
        }
        return .record(fields)
    }
}

extension FixedStrategy {
    /// The field of `evaluate`'s record and the column prefix of `train`'s table.
    var scriptName: String {
        switch self {
        case .alwaysDefect: "alld"
        case .alwaysCooperate: "allc"
        case .titForTat: "tft"
        }
    }
}
