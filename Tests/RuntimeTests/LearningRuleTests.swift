import Runtime
import TensorLayer
import TestSupport
import Testing

@Suite struct LearningRuleTests {
    let ipd = try! ContributionGame(contributionFactor: 1.33)

    func state(_ game: ContributionGame, seed: UInt64, runs: Int = 1, policy: (any Policy)? = nil) -> LearningState<
        ContributionGame
    > {
        let policy = policy ?? TabularPolicy(stateCount: game.stateCount)
        return LearningState(
            game: game,
            agents: (0..<game.agents).map {
                Agent.random(policy: policy, seed: seed + UInt64($0) * 100, runs: runs)
            })
    }

    @Test func naiveLearningIsLOLAWithoutLookAhead() throws {
        let start = state(ipd, seed: 1, runs: 3)
        let naive = try NaiveRule(rate: 0.7).step(start).0
        let lola = try LOLARule(innerRate: 0, outerRate: 0.7).step(start).0
        for i in 0..<2 { #expect(naive.agents[i].parameters[0].scalars == lola.agents[i].parameters[0].scalars) }
    }

    @Test func taylorLOLAIsTheFirstOrderExpansionOfTheActualUpdate() throws {
        // The two differ by O(eta^2) in the update direction.
        let start = state(ipd, seed: 2)
        func moved(_ eta: Double, taylor: Bool) throws -> [Double] {
            let next = try LOLARule(innerRate: eta, outerRate: 1, taylor: taylor).step(start).0
            return zip(next.agents[0].parameters[0].scalars, start.agents[0].parameters[0].scalars).map { $0 - $1 }
        }
        let gapSmall = maxAbsoluteDifference(try moved(1e-2, taylor: true), try moved(1e-2, taylor: false))
        let gapSmaller = maxAbsoluteDifference(try moved(1e-3, taylor: true), try moved(1e-3, taylor: false))
        #expect(gapSmall > 0)
        #expect(gapSmaller < gapSmall / 50)
    }

    /// The outer gradient through the look-ahead against finite differences of the look-ahead
    /// loss, for three agents (the others both look ahead).
    @Test func lolaDifferentiatesThroughTheLookAheadForThreeAgents() throws {
        let game = try ContributionGame(agents: 3, contributionFactor: 1.8)
        let start = state(game, seed: 3)
        let eta = 0.8
        let alpha = 1.0
        let next = try LOLARule(innerRate: eta, outerRate: alpha).step(start).0
        let analytic = zip(start.agents[1].parameters[0].scalars, next.agents[1].parameters[0].scalars).map {
            ($0 - $1) / alpha
        }

        func lookAheadLoss(_ own: [Double]) -> Double {
            var logits = start.agents.map { $0.parameters[0] }
            logits[1] = Tensor(shape: [1, game.stateCount], scalars: own)
            let frozen = logits.map { Tensor.variable($0) }
            let values = game.values(logits: frozen)
            var moved = logits
            for j in [0, 2] {
                let g = gradients(of: -values.indexed(axis: 1, j).sum(), at: [frozen[j]])[0]
                moved[j] = logits[j] - eta * g
            }
            return -game.values(logits: moved).scalars[1]
        }
        let theta = start.agents[1].parameters[0].scalars
        let numeric = theta.indices.map { k -> Double in
            var plus = theta
            var minus = theta
            plus[k] += 1e-6
            minus[k] -= 1e-6
            return (lookAheadLoss(plus) - lookAheadLoss(minus)) / 2e-6
        }
        #expect(maxAbsoluteDifference(analytic, numeric) < 1e-7)
    }

    /// A state whose agent 1 holds a NaN logit in run 2 only.
    func poisoned() -> LearningState<ContributionGame> {
        var start = state(ipd, seed: 4, runs: 3)
        var scalars = start.agents[1].parameters[0].scalars
        scalars[10] = .nan
        start.agents[1] = Agent(policy: start.agents[1].policy, parameters: [Tensor(shape: [3, 5], scalars: scalars)])
        return start
    }

    @Test func aFailedStepLeavesTheAgentsAsTheyWere() throws {
        let start = poisoned()
        let before = start.agents.map { $0.parameters[0].scalars.map(\.bitPattern) }
        #expect(throws: RuntimeError.self) { try LOLARule(innerRate: 1, outerRate: 1).step(start) }
        #expect(start.agents.map { $0.parameters[0].scalars.map(\.bitPattern) } == before)
    }

    @Test func divergenceNamesTheAgentAndRun() throws {
        // Agent 0's update reads agent 1's poisoned run too, so agent 0 fails first, in run 2.
        #expect(throws: RuntimeError.diverged(agent: 0, quantity: .parameters, run: 2)) {
            try NaiveRule(rate: 1).step(poisoned())
        }
    }

    @Test func theProximalLoopStopsAtItsCap() throws {
        let report = try POLARule(innerRate: 1, outerRate: 0.1, beta: 0.1, maxIterations: 3).step(
            state(ipd, seed: 5, runs: 2)
        ).1
        #expect(report.proximalIterations == [[3, 3], [3, 3]])
        #expect(report.converged == [[false, false], [false, false]])
    }

    @Test func aProximalLoopThatMeetsItsToleranceSaysSo() throws {
        let report = try POLARule(innerRate: 1, outerRate: 0.1, beta: 0.1).step(state(ipd, seed: 5, runs: 2)).1
        #expect(report.proximalIterations.joined().allSatisfy { $0 < 5000 })
        #expect(report.converged == [[true, true], [true, true]])
    }

    @Test func batchedRunsEqualSeparateRuns() throws {
        let rule = try POLARule(innerRate: 2, outerRate: 0.3, beta: 0.1)
        let batched = state(ipd, seed: 6, runs: 3)
        let (together, report) = try rule.step(batched)
        for run in 0..<3 {
            let (alone, single) = try rule.step(batched.selectingRuns([run]))
            #expect(single.proximalIterations[0] == report.proximalIterations[run])
            for i in 0..<2 {
                #expect(alone.agents[i].parameters[0].scalars == together.agents[i].run(run).parameters[0].scalars)
            }
        }
    }

    @Test func workersDoNotChangeTheNumbers() throws {
        let experiment = Experiment(rule: try LOLARule(innerRate: 1, outerRate: 2), epochs: 4)
        let start = state(ipd, seed: 7, runs: 5)
        let (one, oneRecords) = try experiment.run(start, workers: 1)
        let (two, twoRecords) = try experiment.run(start, workers: 2)
        #expect(oneRecords == twoRecords)
        #expect(one.agents[0].parameters[0].scalars == two.agents[0].parameters[0].scalars)
    }

    @Test func opponentModelsPersistAcrossEpochs() throws {
        let modelling = try OpponentModelling(policy: TabularPolicy(stateCount: 5), rate: 0.5, seed: 3)
        let rule = try LOLARule(innerRate: 1, outerRate: 1, opponentModelling: modelling)
        let (first, report) = try rule.step(state(ipd, seed: 8, runs: 2))
        #expect(first.models != nil)
        #expect(report.modelFitSteps.allSatisfy { $0.allSatisfy { $0 > 0 } })
        // A fitted model matches its target to the fitting tolerance (measured before its last step).
        let model = first.models![0][1].logits()
        let target = try rule.step(first).0.models![0][1].logits()
        #expect(model.isFinite && target.isFinite)
    }

    @Test func judgementFollowsThePaper() {
        let tft = [[0.01, 0.99, 0.02, 0.99, 0.99], [0.01, 0.02, 0.99, 0.99, 0.99]]
        let values = ipd.values(probabilities: tft)
        #expect(Judgement.isTitForTat(game: ipd, policies: tft, values: values))
        // Agent 1 forgiving a defection (DC high) is not TFT.
        let forgiving = [tft[0], [0.01, 0.9, 0.99, 0.99, 0.99]]
        #expect(!Judgement.isTitForTat(game: ipd, policies: forgiving, values: ipd.values(probabilities: forgiving)))
        // Mutual defection is TFT-like but worth too little.
        let defect = [[0.01, 0.01, 0.01, 0.01, 0.01], [0.01, 0.01, 0.01, 0.01, 0.01]]
        #expect(!Judgement.isTitForTat(game: ipd, policies: defect, values: ipd.values(probabilities: defect)))
        #expect(Judgement.ownPerspective([1, 2, 3, 4, 5], agent: 1) == [1, 3, 2, 4, 5])
    }

    @Test func rulesSayWhatTheyOffer() throws {
        let modelling = try OpponentModelling(policy: TabularPolicy(stateCount: 5), rate: 0.2)
        let rules: [(any LearningRule, models: Bool, proximal: Bool)] = [
            (try NaiveRule(rate: 1), false, false),
            (try LOLARule(innerRate: 1, outerRate: 1), false, false),
            (try LOLARule(innerRate: 1, outerRate: 1, opponentModelling: modelling), true, false),
            (try POLARule(innerRate: 1, outerRate: 1, beta: 1), false, true),
            (try POLARule(innerRate: 1, outerRate: 1, beta: 1, opponentModelling: modelling), true, true),
        ]
        for (rule, models, proximal) in rules {
            #expect((rule.opponentModelling != nil) == models, "\(rule.name)")
            #expect(rule.reportsProximalIterations == proximal, "\(rule.name)")
        }
    }
}
