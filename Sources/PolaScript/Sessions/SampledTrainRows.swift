import Runtime

/// The table `train` makes with a sampled rule, which `paper` writes too: its columns, and the
/// row of one evaluation. In the Coin Game it ends with the coins per episode of the agents'
/// game against each other and `proportion_same`, the share of them taken by the agent of
/// their colour (the figures' "proportion same", the progress line's `same`; not a number when
/// no coin was taken).
enum SampledTrainRows {
    static func columns(coin: Bool) -> [String] {
        let strategies = FixedStrategy.allCases.map(\.scriptName)
        return ["epoch", "score0", "score1"] + strategies.flatMap { ["\($0)0", "\($0)1"] }
            + (coin ? ["same", "different", "proportion_same"] : [])
    }

    static func row(epoch: Int, _ evaluation: SampledEvaluation) -> [Double] {
        var row = [Double(epoch)] + evaluation.mutual
        row += FixedStrategy.allCases.flatMap { evaluation.againstFixed[$0]! }
        if let coins = evaluation.coins {
            row += [coins.samePerEpisode, coins.differentPerEpisode, coins.sameProportion ?? .nan]
        }
        return row
    }
}
