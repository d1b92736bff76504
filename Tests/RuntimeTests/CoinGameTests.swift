import Runtime
import TensorLayer
import Testing

/// The Coin Game's rules (`docs/dice-learning.md`, Environments), pinned by tables of
/// transitions. Cells are `row * 3 + col`:
///
///     0 1 2
///     3 4 5
///     6 7 8
@Suite struct CoinGameTests {
    typealias Move = CoinGame.Move
    typealias Colour = CoinGame.Colour
    let game = try! CoinGame()

    struct Transition: Sendable, CustomTestStringConvertible {
        let id: String
        /// Red's and blue's cells, the coin's cell and colour before the step.
        let red: Int, blue: Int, coin: Int, colour: Colour
        let moves: (red: Move, blue: Move)
        let after: (red: Int, blue: Int)
        let rewards: (red: Float, blue: Float)
        let taken: (red: Colour?, blue: Colour?)
        var testDescription: String { id }
    }

    static let transitions: [Transition] = [
        Transition(
            id: "red takes its own coin", red: 0, blue: 8, coin: 1, colour: .red, moves: (.right, .up),
            after: (1, 5), rewards: (1, 0), taken: (.red, nil)),
        Transition(
            id: "red takes blue's coin: -2 for blue", red: 0, blue: 8, coin: 1, colour: .blue, moves: (.right, .up),
            after: (1, 5), rewards: (1, -2), taken: (.blue, nil)),
        Transition(
            id: "blue takes red's coin: -2 for red", red: 6, blue: 2, coin: 1, colour: .red, moves: (.down, .left),
            after: (0, 1), rewards: (-2, 1), taken: (nil, .red)),
        Transition(
            id: "blue takes its own coin", red: 6, blue: 2, coin: 1, colour: .blue, moves: (.down, .left),
            after: (0, 1), rewards: (0, 1), taken: (nil, .blue)),
        Transition(
            id: "both take a red coin: red +1-2, blue +1", red: 0, blue: 4, coin: 1, colour: .red,
            moves: (.right, .up), after: (1, 1), rewards: (-1, 1), taken: (.red, .red)),
        Transition(
            id: "both take a blue coin: red +1, blue +1-2", red: 0, blue: 4, coin: 1, colour: .blue,
            moves: (.right, .up), after: (1, 1), rewards: (1, -1), taken: (.blue, .blue)),
        Transition(
            id: "both take a coin across two edges", red: 2, blue: 6, coin: 0, colour: .blue,
            moves: (.right, .down), after: (0, 0), rewards: (1, -1), taken: (.blue, .blue)),
        Transition(
            id: "red takes blue's coin across the top edge", red: 1, blue: 3, coin: 7, colour: .blue,
            moves: (.up, .left), after: (7, 5), rewards: (1, -2), taken: (.blue, nil)),
        Transition(
            id: "nobody reaches the coin", red: 0, blue: 0, coin: 8, colour: .red, moves: (.down, .right),
            after: (3, 1), rewards: (0, 0), taken: (nil, nil)),
        Transition(
            id: "they share a cell without the coin", red: 4, blue: 5, coin: 0, colour: .blue,
            moves: (.left, .right), after: (3, 3), rewards: (0, 0), taken: (nil, nil)),
        Transition(
            id: "both wrap around without reaching the coin", red: 3, blue: 7, coin: 5, colour: .red,
            moves: (.up, .down), after: (0, 1), rewards: (0, 0), taken: (nil, nil)),
    ]

    /// Each transition in a batch of four identical games: cells, rewards and taken colours; a
    /// taken coin reappears off both agents with the other colour, an untaken one stays put.
    @Test(arguments: transitions)
    func aStepMovesBothAgentsAndPaysForTheCoin(_ t: Transition) {
        let batch = 4
        let state = CoinGame.State(
            agentCells: [[Int](repeating: t.red, count: batch), [Int](repeating: t.blue, count: batch)],
            coinCells: [Int](repeating: t.coin, count: batch), coinColours: [Colour](repeating: t.colour, count: batch))
        var generator = SplitMix64(seed: 3)
        let actions = [
            [Int](repeating: t.moves.red.rawValue, count: batch), [Int](repeating: t.moves.blue.rawValue, count: batch),
        ]
        let (next, rewards) = game.step(state, actions: actions, using: &generator)
        let tookAny = t.taken.red != nil || t.taken.blue != nil
        for b in 0..<batch {
            #expect(next.agentCells[0][b] == t.after.red && next.agentCells[1][b] == t.after.blue)
            #expect(rewards[0][b] == t.rewards.red && rewards[1][b] == t.rewards.blue)
            #expect(next.taken[0][b] == t.taken.red && next.taken[1][b] == t.taken.blue)
            #expect(next.coinColours[b] == (tookAny ? t.colour.flipped : t.colour))
            if tookAny {
                #expect(next.coinCells[b] != t.after.red && next.coinCells[b] != t.after.blue)
            } else {
                #expect(next.coinCells[b] == t.coin)
            }
        }
    }

    /// Where every move leads from every cell, in the order right, left, down, up.
    static let moves: [(cell: Int, to: [Int])] = [
        (0, [1, 2, 3, 6]), (1, [2, 0, 4, 7]), (2, [0, 1, 5, 8]),
        (3, [4, 5, 6, 0]), (4, [5, 3, 7, 1]), (5, [3, 4, 8, 2]),
        (6, [7, 8, 0, 3]), (7, [8, 6, 1, 4]), (8, [6, 7, 2, 5]),
    ]

    /// Every action from every cell, through `step`, for each seat: moves wrap around every edge.
    @Test(arguments: moves)
    func movesWrapAroundEveryEdge(cell: Int, to destinations: [Int]) {
        for (move, destination) in zip(Move.allCases, destinations) {
            #expect(CoinGame.cell(cell, moved: move) == destination, "\(move)")
            for seat in 0..<2 {
                // The other agent walks up from the centre to cell 1; the coin is where neither lands.
                let coin = (0..<9).first { ![destination, cell, 4, 1].contains($0) }!
                var cells = [[cell], [4]]
                if seat == 1 { cells.reverse() }
                let state = CoinGame.State(agentCells: cells, coinCells: [coin], coinColours: [.red])
                var actions = [[Move.up.rawValue], [Move.up.rawValue]]
                actions[seat] = [move.rawValue]
                var generator = SplitMix64(seed: 4)
                let next = game.step(state, actions: actions, using: &generator).state
                #expect(next.agentCells[seat] == [destination], "seat \(seat), \(move)")
            }
        }
    }

    /// A taken coin reappears uniformly on the cells neither agent occupies after the move: 7 of
    /// them, or 8 when the agents share a cell. Over n = 70 000 seeded games each free cell's count
    /// is binomial(n, 1/k); it must be within 5 standard deviations of n/k (a fair sampler fails
    /// this with probability below 1e-5), and the agents' cells must never be drawn.
    @Test(arguments: [
        (red: 0, blue: 2, redMove: Move.right, blueMove: Move.down, coin: 1, free: [0, 2, 3, 4, 6, 7, 8]),
        (red: 0, blue: 4, redMove: .right, blueMove: .up, coin: 1, free: [0, 2, 3, 4, 5, 6, 7, 8]),
    ])
    func aNewCoinIsUniformOnTheFreeCellsWithTheOtherColour(
        red: Int, blue: Int, redMove: Move, blueMove: Move, coin: Int, free: [Int]
    ) {
        let n = 70_000
        let state = CoinGame.State(
            agentCells: [[Int](repeating: red, count: n), [Int](repeating: blue, count: n)],
            coinCells: [Int](repeating: coin, count: n), coinColours: [Colour](repeating: .blue, count: n))
        var generator = SplitMix64(seed: 5)
        let actions = [[Int](repeating: redMove.rawValue, count: n), [Int](repeating: blueMove.rawValue, count: n)]
        let next = game.step(state, actions: actions, using: &generator).state
        #expect(next.coinColours.allSatisfy { $0 == .red })
        var counts = [Int](repeating: 0, count: 9)
        for cell in next.coinCells { counts[cell] += 1 }
        let p = 1 / Double(free.count)
        let bound = 5 * (Double(n) * p * (1 - p)).squareRoot()
        for cell in 0..<9 {
            if free.contains(cell) {
                #expect(abs(Double(counts[cell]) - Double(n) * p) < bound, "cell \(cell): \(counts[cell])")
            } else {
                #expect(counts[cell] == 0, "cell \(cell) is an agent's")
            }
        }
    }

    /// At reset the two positions are uniform and independent (each of the 81 pairs), the coin is
    /// uniform on the cells off both agents (its rank among them is uniform on 0 ..< 7 or 0 ..< 8)
    /// and its colour uniform. n = 162 000 games; every count within 5 binomial standard
    /// deviations of its expectation.
    @Test func resetIsUniform() {
        let n = 162_000
        var generator = SplitMix64(seed: 6)
        let state = game.reset(batch: n, using: &generator)
        var pairs = [Int](repeating: 0, count: 81)
        var ranks = [[Int](repeating: 0, count: 8), [Int](repeating: 0, count: 8)]
        var coinsOnAnAgent = 0
        for b in 0..<n {
            let (red, blue, coin) = (state.agentCells[0][b], state.agentCells[1][b], state.coinCells[b])
            if coin == red || coin == blue { coinsOnAnAgent += 1 }
            pairs[red * 9 + blue] += 1
            ranks[red == blue ? 1 : 0][(0..<coin).filter { $0 != red && $0 != blue }.count] += 1
        }
        func within(_ count: Int, trials: Int, p: Double) -> Bool {
            abs(Double(count) - Double(trials) * p) < 5 * (Double(trials) * p * (1 - p)).squareRoot()
        }
        #expect(coinsOnAnAgent == 0)
        #expect(pairs.allSatisfy { within($0, trials: n, p: 1.0 / 81) }, "\(pairs)")
        let shared = ranks[1].reduce(0, +)
        #expect(ranks[0][7] == 0 && ranks[0].prefix(7).allSatisfy { within($0, trials: n - shared, p: 1.0 / 7) })
        #expect(ranks[1].allSatisfy { within($0, trials: shared, p: 1.0 / 8) }, "\(ranks[1])")
        #expect(within(state.coinColours.filter { $0 == .red }.count, trials: n, p: 0.5))
        #expect(state.taken.joined().allSatisfy { $0 == nil })
    }

    @Test func resetIsDeterministicGivenTheSeed() {
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        var c = SplitMix64(seed: 8)
        let first = game.reset(batch: 100, using: &a)
        #expect(first == game.reset(batch: 100, using: &b))
        #expect(first != game.reset(batch: 100, using: &c))
    }

    /// Four planes (red agent, blue agent, red coin, blue coin), index `plane * 9 + row * 3 + col`.
    @Test func theObservationIsFourPlanes() {
        let state = CoinGame.State(agentCells: [[5, 0], [7, 0]], coinCells: [0, 8], coinColours: [.blue, .red])
        let observations = game.observations(state)
        #expect(observations.count == 72 && game.observationSize == 36 && game.actionCount == 4)
        let ones = observations.indices.filter { observations[$0] == 1 }
        #expect(ones == [5, 9 + 7, 27 + 0, 36 + 0, 36 + 9 + 0, 36 + 18 + 8])
        #expect(observations.reduce(0, +) == 6)
    }

    @Test func movesAreNumberedAsInThePaper() {
        #expect(Move.allCases.map(\.rawValue) == [0, 1, 2, 3] && Move.allCases == [.right, .left, .down, .up])
        #expect(Move.allCases.map(\.reversed) == [.left, .right, .up, .down])
    }

    @Test(arguments: [0, -1])
    func anEpisodeHasAtLeastOneStep(length: Int) {
        #expect(throws: RuntimeError.invalidEpisodeLength(length)) { try CoinGame(episodeLength: length) }
    }

    /// Coins taken per step, by whom and of which colour, and the counts they add.
    @Test(arguments: [
        (taken: [[Colour?]]([[.red], [nil]]), same: 1, different: 0),
        (taken: [[.blue], [nil]], same: 0, different: 1),
        (taken: [[nil], [.red]], same: 0, different: 1),
        (taken: [[nil], [.blue]], same: 1, different: 0),
        (taken: [[.red], [.red]], same: 1, different: 1),
        (taken: [[.blue], [.blue]], same: 1, different: 1),
        (taken: [[nil], [nil]], same: 0, different: 0),
    ])
    func coinsAreCountedBySameAndDifferentColour(taken: [[Colour?]], same: Int, different: Int) {
        var counts = CoinCounts(episodes: 2)
        let state = CoinGame.State(
            agentCells: [[0, 0], [0, 0]], coinCells: [1, 1], coinColours: [.red, .red],
            taken: [taken[0] + [.red], taken[1] + [nil]])
        counts.record(state)
        counts.record(state)
        #expect(counts.same == 2 * (same + 1) && counts.different == 2 * different)
        #expect(counts.samePerEpisode == Double(same + 1) && counts.differentPerEpisode == Double(different))
        #expect(counts.sameProportion == Double(same + 1) / Double(same + 1 + different))
        #expect(CoinCounts(episodes: 3).sameProportion == nil)
    }
}
