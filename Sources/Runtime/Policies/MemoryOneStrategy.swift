import Glibc
import TensorLayer

/// A fixed (non-learning) memory-one strategy of a two-agent game: its probabilities of
/// cooperating after each last joint action, written from its own point of view, and at the start.
///
/// `ownView` is `[pDD, pDC, pCD, pCC, pStart]` where `XY` is (my last move, the other's). The game
/// lists states with agent 0's action first, so in seat 0 the table is the game's; in seat 1 the
/// DC and CD entries swap. `seated(_:)` says which seat it plays; the builtins seat every agent
/// each time they place it, so one strategy can play either seat.
///
/// It has no parameters (one empty tensor per run), so a learning rule's gradient for it is empty
/// and its step changes nothing: against a learner it is a fixed opponent, and a learner looking
/// ahead through it sees it stay put.
///
/// Probabilities 0 and 1 are exact: their logits are `+-saturatedLogit`, finite, but far enough
/// out that `sigmoid` rounds to exactly 1 and 0 (`exp(-800)` underflows to 0). Infinite logits
/// would make the KL terms `0 * (-inf + inf)`, NaN; these keep them `0 * finite = 0`.
public struct MemoryOneStrategy: Policy, Equatable {
    /// The strategies with names (TFT, GRIM, ...), or nil for a given table.
    public let name: NamedStrategy?
    /// `[pDD, pDC, pCD, pCC, pStart]` from its own point of view.
    public let ownView: [Double]
    /// The seat it plays, 0 or 1.
    public let seat: Int

    public static let saturatedLogit = 800.0

    /// - Parameter ownView: five probabilities in `0...1`; checked by the caller.
    public init(ownView: [Double], name: NamedStrategy? = nil, seat: Int = 0) {
        precondition(ownView.count == 5 && ownView.allSatisfy { (0...1).contains($0) }, "five probabilities expected")
        self.ownView = ownView
        self.name = name
        self.seat = seat
    }

    public init(_ name: NamedStrategy) {
        self.init(ownView: name.ownView, name: name)
    }

    /// The same strategy in `seat`.
    public func seated(_ seat: Int) -> any Policy {
        MemoryOneStrategy(ownView: ownView, name: name, seat: seat)
    }

    /// Its probabilities in the game's state order for its seat: `DD, DC, CD, CC, start`.
    public var gameView: [Double] {
        seat == 1 ? [ownView[0], ownView[2], ownView[1], ownView[3], ownView[4]] : ownView
    }

    public var parameterShapes: [[Int]] { [[0]] }
    public var kind: String { name?.rawValue ?? "memory_one" }

    public func logits(_ parameters: [Tensor<Double>]) -> Tensor<Double> {
        let runs = parameters[0].shape[0]
        let row = gameView.map(Self.logit)
        return Tensor(shape: [runs, row.count], scalars: (0..<runs).flatMap { _ in row })
    }

    public func randomParameters(using generator: inout SplitMix64) -> [Tensor<Double>] {
        [Tensor(shape: [0], scalars: [])]
    }

    /// `log(p / (1 - p))`, saturated at 0 and 1.
    static func logit(_ p: Double) -> Double {
        if p <= 0 { return -saturatedLogit }
        if p >= 1 { return saturatedLogit }
        return log(p) - log1p(-p)
    }
}

/// The classic memory-one strategies, by the names of Axelrod's tournaments.
public enum NamedStrategy: String, CaseIterable, Sendable {
    /// Tit for tat: cooperate first, then do what the other did last.
    case titForTat = "TFT"
    /// Grim trigger, as a memory-one table: cooperate first, then only after mutual cooperation
    /// (CC). Grim trigger remembers the whole history, but this table plays it exactly: once
    /// it has defected its own last move is D, so the state is never CC again and it defects
    /// for ever; and before that it defects only after the other defected.
    case grim = "GRIM"
    /// Win-stay, lose-shift (Pavlov): cooperate first, then after CC and DD, defect after CD and DC.
    case winStayLoseShift = "WSLS"
    case alwaysCooperate = "ALLC"
    case alwaysDefect = "ALLD"

    /// `[pDD, pDC, pCD, pCC, pStart]`, own move first.
    public var ownView: [Double] {
        switch self {
        case .titForTat: [0, 1, 0, 1, 1]
        case .grim: [0, 0, 0, 1, 1]
        case .winStayLoseShift: [1, 0, 0, 1, 1]
        case .alwaysCooperate: [1, 1, 1, 1, 1]
        case .alwaysDefect: [0, 0, 0, 0, 0]
        }
    }
}
