import Runtime
import Testing

@Suite struct ExperimentTests {
    let ipd = try! ContributionGame(contributionFactor: 1.33)

    func start(runs: Int) -> LearningState<ContributionGame> {
        let policy = TabularPolicy(stateCount: ipd.stateCount)
        return LearningState(
            game: ipd, agents: (0..<2).map { Agent.random(policy: policy, seed: 4, seat: $0, runs: runs) })
    }

    @Test(arguments: [0, -1, Int.min])
    func fewerThanOneWorkerIsRejected(workers: Int) throws {
        let experiment = Experiment(rule: try NaiveRule(rate: 1), epochs: 2)
        #expect(throws: RuntimeError.invalidWorkerCount(workers)) {
            try experiment.run(start(runs: 3), workers: workers)
        }
    }

    @Test(arguments: [1, 2, 3, 8])
    func anyPositiveWorkerCountGivesTheSameNumbers(workers: Int) throws {
        let experiment = Experiment(rule: try NaiveRule(rate: 1), epochs: 3)
        let (alone, aloneRecords) = try experiment.run(start(runs: 3), workers: 1)
        let (shared, sharedRecords) = try experiment.run(start(runs: 3), workers: workers)
        #expect(sharedRecords == aloneRecords)
        #expect(shared.agents[1].parameters[0].scalars == alone.agents[1].parameters[0].scalars)
    }

    @Test func observeStopsTheLoopAfterItsEpoch() throws {
        let rule = try NaiveRule(rate: 1)
        var state = start(runs: 2)
        var seen = [Int]()
        try Experiment(rule: rule, epochs: 10).run(&state) { record in
            seen.append(record.epoch)
            return record.epoch < 3
        }
        var stepped = start(runs: 2)
        for _ in 1...3 { stepped = try rule.step(stepped).0 }
        #expect(seen == [1, 2, 3])
        #expect(state.agents[0].parameters[0].scalars == stepped.agents[0].parameters[0].scalars)
    }

    @Test func aStoppedLoopLeavesTheLastCompletedEpoch() throws {
        let rule = try NaiveRule(rate: 1)
        let stop = Locked(false)
        var state = start(runs: 2)
        var completed = 0
        #expect(throws: RuntimeError.interrupted) {
            try Experiment(rule: rule, epochs: 10).run(&state, interruption: Interruption { stop.withLock { $0 } }) {
                record in
                completed = record.epoch
                if record.epoch == 4 { stop.withLock { $0 = true } }
                return true
            }
        }
        var stepped = start(runs: 2)
        for _ in 1...4 { stepped = try rule.step(stepped).0 }
        #expect(completed == 4)
        #expect(state.agents[1].parameters[0].scalars == stepped.agents[1].parameters[0].scalars)
    }
}
