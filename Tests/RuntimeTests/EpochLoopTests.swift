import Runtime
import TensorLayer
import Testing

/// The one epoch loop's contract, on a trainer that counts: records in order, the start record
/// first when asked, checkpoints at the start, every k epochs of the run's own count and at the
/// end, an early stop, and a failure that leaves the state at the last completed epoch.
@Suite struct EpochLoopTests {
    struct Counter: TrainingState {
        var epoch = 0
        var agents: [Int] = [0, 0]
        var players: Int { agents.count }
        var randomState: SplitMix64? { nil }
    }

    /// Adds one to every agent per epoch; fails in epoch `failing`.
    struct CountingTrainer: EpochTrainer {
        var failing: Int? = nil

        func epoch(
            _ state: Counter, interruption: Interruption, progress: @escaping @Sendable (EpochProgress) -> Void
        ) throws -> (Counter, String) {
            if state.epoch + 1 == failing { throw RuntimeError.interrupted }
            progress(EpochProgress(outerStepsDone: 1, outerSteps: 1))
            var next = state
            next.epoch += 1
            next.agents = state.agents.map { $0 + 1 }
            return (next, "epoch \(next.epoch)")
        }

        func startRecord(_ state: inout Counter) -> String { "start \(state.epoch)" }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let from: Int
        let through: Int
        let every: Int?
        let recordStart: Bool
        let records: [String]
        let saved: [Int]
        var testDescription: String { "\(from) through \(through), every \(every.map(String.init) ?? "-")" }
    }

    @Test(arguments: [
        Case(
            from: 0, through: 3, every: nil, recordStart: true, records: ["start 0", "epoch 1", "epoch 2", "epoch 3"],
            saved: [0, 3]),
        Case(
            from: 0, through: 5, every: 2, recordStart: false, records: (1...5).map { "epoch \($0)" },
            saved: [0, 2, 4, 5]),
        // A resumed run is saved at multiples of its own count, not of the call's.
        Case(
            from: 3, through: 7, every: 2, recordStart: false, records: (4...7).map { "epoch \($0)" },
            saved: [3, 4, 6, 7]),
        Case(from: 4, through: 4, every: 2, recordStart: true, records: ["start 4"], saved: [4]),
    ])
    func runsEpochsRecordsAndCheckpoints(_ test: Case) throws {
        var state = Counter(epoch: test.from)
        var records = [String]()
        var saved = [Int]()
        try EpochLoop(CountingTrainer()).run(
            &state, through: test.through, recordStart: test.recordStart, checkpointEvery: test.every,
            checkpoint: { saved.append($0.epoch) }
        ) { _, record in
            records.append(record)
            return true
        }
        #expect(records == test.records)
        #expect(saved == test.saved)
        #expect(state.epoch == max(test.from, test.through))
        #expect(state.agents == [1, 1].map { $0 * max(test.through - test.from, 0) })
    }

    @Test func anObserverStopsTheLoopAfterItsEpoch() throws {
        var state = Counter()
        var seen = [String]()
        try EpochLoop(CountingTrainer()).run(&state, through: 10) { _, record in
            seen.append(record)
            return seen.count < 2
        }
        #expect(seen == ["epoch 1", "epoch 2"])
        #expect(state.epoch == 2)
    }

    @Test func aFailureLeavesTheStateAtTheLastCompletedEpoch() {
        var state = Counter()
        var seen = [String]()
        #expect(throws: RuntimeError.interrupted) {
            try EpochLoop(CountingTrainer(failing: 3)).run(&state, through: 10) { _, record in
                seen.append(record)
                return true
            }
        }
        #expect(seen == ["epoch 1", "epoch 2"])
        #expect(state.epoch == 2 && state.agents == [2, 2])
    }

    @Test func progressCountsTheRunsEpochs() throws {
        var state = Counter(epoch: 1)
        let heard = Locked([EpochLoop<CountingTrainer>.Progress]())
        try EpochLoop(CountingTrainer()).run(&state, through: 3, progress: { p in heard.withLock { $0.append(p) } }) {
            _, _ in true
        }
        let step = EpochProgress(outerStepsDone: 1, outerSteps: 1)
        #expect(
            heard.withLock { $0 } == [
                .init(epoch: 1, lastEpoch: 3, epochProgress: step), .init(epoch: 2, lastEpoch: 3, epochProgress: nil),
                .init(epoch: 2, lastEpoch: 3, epochProgress: step), .init(epoch: 3, lastEpoch: 3, epochProgress: nil),
            ])
    }
}
