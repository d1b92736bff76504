import TensorLayer

/// A sampled game as a checkpoint records it: which game, with its settings.
extension SampledGame {
    func write(to writer: inout ByteWriter) {
        switch self {
        case .ipd(let game):
            writer.u8(1)
            writer.double(game.contributionFactor)
            writer.u8(game.start == .separate ? 0 : 1)
            writer.count(game.episodeLength)
        case .coin(let game):
            writer.u8(2)
            writer.count(game.episodeLength)
        }
    }

    static func read(from reader: inout ByteReader) throws(CheckpointError) -> SampledGame {
        switch try reader.u8() {
        case 1:
            let (cf, start, length) = (try reader.double(), try reader.start(), try reader.size())
            return .ipd(
                try reader.building {
                    try IPDWithHistory(contributionFactor: cf, start: start, episodeLength: length)
                })
        case 2:
            let length = try reader.size()
            return .coin(try reader.building { try CoinGame(episodeLength: length) })
        case let tag: throw .malformed(section: reader.section, "a sampled game \(tag) this build does not know")
        }
    }
}

/// A sampled environment a checkpoint can record: the two games of the sampled half.
public protocol CheckpointedEnvironment: SampledEnvironment {
    /// The game as a checkpoint records it.
    var sampledGame: SampledGame { get }
}

extension IPDWithHistory: CheckpointedEnvironment {
    public var sampledGame: SampledGame { .ipd(self) }
}

extension CoinGame: CheckpointedEnvironment {
    public var sampledGame: SampledGame { .coin(self) }
}

extension DiCERule {
    /// Its kind, then every setting in declaration order.
    func write(to writer: inout ByteWriter) {
        writer.string(kind.rawValue)
        for x in [innerRate, outerRate, valueRate] { writer.double(x) }
        for n in [innerSteps, outerSteps] { writer.count(n) }
        for x in [innerBeta, outerBeta] { writer.double(x) }
        writer.count(batch)
        for x in [discount.gamma, discount.lambda] { writer.double(x) }
        for n in [modelBatches, modelStepsPerBatch] { writer.count(n) }
    }

    static func read(from reader: inout ByteReader) throws(CheckpointError) -> DiCERule {
        let name = try reader.string()
        guard let kind = Kind(rawValue: name) else {
            throw .malformed(section: reader.section, "a rule '\(name)' this build does not know")
        }
        let (inner, outer, value) = (try reader.double(), try reader.double(), try reader.double())
        let (innerSteps, outerSteps) = (try reader.size(), try reader.size())
        let (innerBeta, outerBeta) = (try reader.double(), try reader.double())
        let batch = try reader.size()
        let discount = DiscountSettings(gamma: try reader.double(), lambda: try reader.double())
        let (modelBatches, modelSteps) = (try reader.size(), try reader.size())
        return try reader.building {
            try DiCERule(
                kind, innerRate: inner, outerRate: outer, valueRate: value, innerSteps: innerSteps,
                outerSteps: outerSteps, innerBeta: innerBeta, outerBeta: outerBeta, batch: batch, discount: discount,
                modelBatches: modelBatches, modelStepsPerBatch: modelSteps)
        }
    }
}
