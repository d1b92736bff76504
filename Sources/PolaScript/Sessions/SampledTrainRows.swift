import Runtime

/// The table `train` makes with a sampled rule, which `paper` writes too: its columns, and the
/// row of one evaluation (epoch 0 is the start).
enum SampledTrainRows {
    static func columns(coin: Bool) -> [String] {
        let strategies = FixedStrategy.allCases.map(\.scriptName)
        return ["epoch", "score0", "score1"] + strategies.flatMap { ["\($0)0", "\($0)1"] }
            + (coin ? ["same", "different"] : [])
    }

    static func row(epoch: Int, _ evaluation: SampledEvaluation) -> [Double] {
        var row = [Double(epoch)] + evaluation.mutual
        row += FixedStrategy.allCases.flatMap { evaluation.againstFixed[$0]! }
        if let coins = evaluation.coins { row += [coins.samePerEpisode, coins.differentPerEpisode] }
        return row
    }
}
