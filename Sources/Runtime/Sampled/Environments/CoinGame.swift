/// The Coin Game on a 3x3 torus, batched (`docs/dice-learning.md`, Environments).
///
/// A red agent (agent 0), a blue agent (agent 1) and one coin, red or blue. Both move at once and
/// may share a cell. An agent whose new cell holds the coin takes it and gets +1 whatever its
/// colour; if the coin has the other agent's colour, that agent gets -2. Both may take the same
/// coin (both on a red coin: red +1 - 2 = -1, blue +1). A taken coin reappears uniformly on a
/// cell neither agent occupies after the move, with the other colour.
public struct CoinGame: SampledEnvironment, Equatable {
    public static let side = 3
    public static let cellCount = side * side
    /// Planes of the observation: red agent, blue agent, red coin, blue coin.
    static let planeCount = 4

    public let episodeLength: Int

    public var observationSize: Int { Self.planeCount * Self.cellCount }
    public var actionCount: Int { Move.allCases.count }

    /// Actions in the paper's order; `row` is the coordinate that down and up change.
    public enum Move: Int, CaseIterable, Sendable {
        case right, left, down, up

        /// The opposite move (left <-> right, up <-> down).
        public var reversed: Move {
            switch self {
            case .right: .left
            case .left: .right
            case .down: .up
            case .up: .down
            }
        }
    }

    /// A coin's colour, which is also its owner's: red is agent 0's, blue agent 1's.
    public enum Colour: Int, CaseIterable, Sendable {
        case red, blue

        public init(ofAgent agent: Int) { self = agent == 0 ? .red : .blue }
        public var owner: Int { rawValue }
        public var flipped: Colour { self == .red ? .blue : .red }
    }

    /// Positions are cells `row * 3 + col`, one game per batch element.
    public struct State: Sendable, Equatable {
        /// `agentCells[agent][b]`.
        public let agentCells: [[Int]]
        public let coinCells: [Int]
        public let coinColours: [Colour]
        /// `taken[agent][b]`: the colour of the coin the agent took in the step that led here;
        /// nil when it took none, and after a reset. The same- and different-colour counts read it.
        public let taken: [[Colour?]]
        public var batch: Int { coinCells.count }

        public init(agentCells: [[Int]], coinCells: [Int], coinColours: [Colour], taken: [[Colour?]]? = nil) {
            let batch = coinCells.count
            precondition(agentCells.count == 2 && agentCells.allSatisfy { $0.count == batch }, "agentCells[agent][b]")
            precondition(coinColours.count == batch, "one coin per game")
            let cells = agentCells.joined() + coinCells
            precondition(cells.allSatisfy { (0..<CoinGame.cellCount).contains($0) }, "cells are 0 ..< 9")
            self.agentCells = agentCells
            self.coinCells = coinCells
            self.coinColours = coinColours
            self.taken = taken ?? [[Colour?]](repeating: [Colour?](repeating: nil, count: batch), count: 2)
        }
    }

    /// - Parameter episodeLength: steps per episode, `rollout_len`, the paper's by default.
    public init(episodeLength: Int = PaperSettings.episodeLength) throws {
        guard episodeLength >= 1 else { throw RuntimeError.invalidEpisodeLength(episodeLength) }
        self.episodeLength = episodeLength
    }

    /// The cell reached from `cell` by `move`, wrapping around every edge.
    public static func cell(_ cell: Int, moved move: Move) -> Int {
        let (row, col) = cell.quotientAndRemainder(dividingBy: side)
        return switch move {
        case .right: row * side + (col + 1) % side
        case .left: row * side + (col + side - 1) % side
        case .down: (row + 1) % side * side + col
        case .up: (row + side - 1) % side * side + col
        }
    }

    /// Positions uniform and independent, the coin uniform off both agents, its colour uniform.
    public func reset<G: RandomNumberGenerator>(batch: Int, using generator: inout G) -> State {
        var red = [Int]()
        var blue = [Int]()
        var coins = [Int]()
        var colours = [Colour]()
        for _ in 0..<batch {
            red.append(Int.random(in: 0..<Self.cellCount, using: &generator))
            blue.append(Int.random(in: 0..<Self.cellCount, using: &generator))
            coins.append(Self.freeCell(avoiding: red.last!, blue.last!, using: &generator))
            colours.append(Bool.random(using: &generator) ? .red : .blue)
        }
        return State(agentCells: [red, blue], coinCells: coins, coinColours: colours)
    }

    public func observations(_ state: State) -> [Float] {
        var observation = [Float](repeating: 0, count: state.batch * observationSize)
        for b in 0..<state.batch {
            let base = b * observationSize
            observation[base + state.agentCells[0][b]] = 1
            observation[base + Self.cellCount + state.agentCells[1][b]] = 1
            observation[base + (2 + state.coinColours[b].rawValue) * Self.cellCount + state.coinCells[b]] = 1
        }
        return observation
    }

    public func step<G: RandomNumberGenerator>(
        _ state: State, actions: [[Int]], using generator: inout G
    ) -> (state: State, rewards: [[Float]]) {
        precondition(actions.count == 2 && actions.allSatisfy { $0.count == state.batch }, "actions[agent][b]")
        var cells = state.agentCells
        var coins = state.coinCells
        var colours = state.coinColours
        var taken = [[Colour?]](repeating: [Colour?](repeating: nil, count: state.batch), count: 2)
        var rewards = [[Float]](repeating: [Float](repeating: 0, count: state.batch), count: 2)
        for b in 0..<state.batch {
            for agent in 0..<2 {
                guard let move = Move(rawValue: actions[agent][b]) else { preconditionFailure("moves are 0 ..< 4") }
                cells[agent][b] = Self.cell(cells[agent][b], moved: move)
                guard cells[agent][b] == coins[b] else { continue }
                taken[agent][b] = colours[b]
                rewards[agent][b] += 1
                if colours[b].owner != agent { rewards[colours[b].owner][b] -= 2 }
            }
            if taken[0][b] != nil || taken[1][b] != nil {
                coins[b] = Self.freeCell(avoiding: cells[0][b], cells[1][b], using: &generator)
                colours[b] = colours[b].flipped
            }
        }
        return (State(agentCells: cells, coinCells: coins, coinColours: colours, taken: taken), rewards)
    }

    /// A cell uniform over the 7 (or 8, when `a == b`) cells that are neither `a` nor `b`:
    /// one draw of its rank among them, so every free cell has the same chance.
    static func freeCell<G: RandomNumberGenerator>(avoiding a: Int, _ b: Int, using generator: inout G) -> Int {
        let rank = Int.random(in: 0..<(cellCount - (a == b ? 1 : 2)), using: &generator)
        return (0..<cellCount).lazy.filter { $0 != a && $0 != b }.dropFirst(rank).first!
    }
}
