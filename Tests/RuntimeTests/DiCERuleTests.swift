import Runtime
import TensorLayer
import TestSupport
import Testing

/// The sampled rules (`docs/dice-learning.md`, Learning rules) on memory-one agents in
/// the IPD with history, small enough to run in well under a second per step.
@Suite struct DiCERuleTests {
    static func memoryOne(_ logits: [Float]) -> SampledAgent {
        SampledEvaluationTests.memoryOne(logits)
    }

    static func state(_ logits: [[Float]], seed: UInt64 = 1) throws -> SampledLearningState<IPDWithHistory> {
        SampledLearningState(
            environment: try IPDWithHistory(episodeLength: 10), agents: logits.map(memoryOne), seed: seed)
    }

    static let start: [[Float]] = [[0.3, -0.2, 0.1, 0.4, 0], [-0.1, 0.2, 0.5, -0.3, 0.2]]

    /// Adam restarts every epoch, so a LOLA-DiCE update is Adam's first step,
    /// `-lr g / (|g| + eps)`: every logit of a state that was visited moves by exactly `lr_out`,
    /// and every value parameter by at most `lr_v`.
    @Test func lolaDiCEMovesEachLogitByTheOuterRate() throws {
        let rule = try DiCERule(.lolaDiCE, innerRate: 0.5, outerRate: 0.01, valueRate: 0.002, batch: 64)
        let before = try Self.state(Self.start)
        let after = try rule.step(before)
        for i in 0..<2 {
            let moved = zip(after.agents[i].policyParameters[0].scalars, before.agents[i].policyParameters[0].scalars)
                .map { abs($0 - $1) }
            #expect(moved.allSatisfy { abs($0 - 0.01) < 1e-5 }, "agent \(i): \(moved)")
            let valueMoves = zip(after.agents[i].valueParameters, before.agents[i].valueParameters).flatMap {
                zip($0.scalars, $1.scalars).map { abs($0 - $1) }
            }
            #expect(valueMoves.allSatisfy { $0 <= 0.002 + 1e-6 } && valueMoves.contains { $0 > 0.001 })
        }
        #expect(after.epoch == 1)
    }

    /// One seed fixes every rollout: the same state steps to the same bits (whatever thread
    /// runs which agent), and another seed to other numbers.
    @Test func aStepIsDeterministicGivenTheSeed() throws {
        let rule = try DiCERule(.polaDiCE, innerRate: 0.5, outerRate: 0.01, innerSteps: 2, outerSteps: 2, batch: 32)
        let one = try rule.step(try Self.state(Self.start, seed: 4))
        let two = try rule.step(try Self.state(Self.start, seed: 4))
        let other = try rule.step(try Self.state(Self.start, seed: 5))
        let bits = { (s: SampledLearningState<IPDWithHistory>) in s.agents.flatMap { $0.policyParameters[0].scalars } }
        #expect(bits(one) == bits(two))
        #expect(bits(one) != bits(other))
        var (oneAfter, twoAfter) = (one.generator, two.generator)
        #expect(oneAfter.next() == twoAfter.next())
    }

    /// Interrupted between outer steps, a step throws and returns nothing: the caller keeps its
    /// state. Progress is reported per outer step before that.
    @Test func anInterruptedStepInstallsNothing() throws {
        let rule = try DiCERule(.polaDiCE, innerRate: 0.5, outerRate: 0.01, outerSteps: 5, batch: 16)
        let reports = Locked([EpochProgress]())
        let interruption = Interruption { reports.withLock { $0.count } >= 2 }
        #expect(throws: RuntimeError.interrupted) {
            _ = try rule.step(try Self.state(Self.start), interruption: interruption) { progress in
                reports.withLock { $0.append(progress) }
            }
        }
        #expect(reports.withLock { $0 }.allSatisfy { $0.outerSteps == 5 && $0.outerStepsDone <= 2 })
    }

    /// Within an outer step the rule polls before every chunk it plays, so even a LOLA-DiCE
    /// epoch (one outer step) stops part-way: poll 1 is the outer step, 2 the inner batch's one
    /// chunk, 3 the inner gradient's, for each agent.
    @Test(arguments: [2, 3])
    func aLOLADiCEEpochStopsBeforeABatch(interruptAtPoll poll: Int) throws {
        let rule = try DiCERule(.lolaDiCE, innerRate: 0.5, batch: 16)
        // Both agents poll the one counter: two polls per agent (the old outer-step poll alone)
        // would never reach 3.
        let polls = Locked(0)
        let interruption = Interruption { polls.increment() >= poll }
        #expect(throws: RuntimeError.interrupted) {
            _ = try rule.step(try Self.state(Self.start), interruption: interruption)
        }
        #expect(polls.withLock { $0 } <= poll + 2)
    }

    /// A large batch is played and differentiated in chunks of 250 episodes, and the rule polls
    /// before every chunk of every pass, so an interruption stops a step within one chunk's work
    /// per agent wherever it falls, even in the look-ahead's second-order pass. Counted in
    /// chunks, not seconds: a LOLA-DiCE step on 1000 episodes (four chunks) has five chunked
    /// passes per agent (inner batch, inner gradient, outer batch, outer gradient, the reverse
    /// pass), so at least 40 polls; it used to poll 3 times per agent, never inside a pass.
    @Test(arguments: [0, 1, 3])
    func aLargeBatchStepStopsWithinAChunk(pollsBeforeTheEnd: Int) throws {
        let rule = try DiCERule(.lolaDiCE, innerRate: 0.5, batch: 1000)
        let start = try Self.state(Self.start)
        let counted = Locked(0)
        _ = try rule.step(start, interruption: Interruption { counted.increment() < 0 })
        let total = counted.withLock { $0 }
        #expect(total >= 2 * 5 * 4)
        // Fire at one of the last polls, in the reverse pass of the agent that finishes last.
        let fireAt = total - pollsBeforeTheEnd
        let polls = Locked(0)
        var state = start
        #expect(throws: RuntimeError.interrupted) {
            state = try rule.step(start, interruption: Interruption { polls.increment() >= fireAt })
        }
        // The poll that fired, and at most the other agent's next poll: no further chunk.
        #expect(polls.withLock { $0 } <= fireAt + 1)
        #expect(state.epoch == 0)
        #expect(state.agents.map { $0.policyParameters[0].scalars } == Self.start)
    }

    /// A rate that overflows Float makes the parameters infinite: the step refuses to install.
    @Test func aDivergedStepThrows() throws {
        let rule = try DiCERule(.lolaDiCE, innerRate: 0.5, outerRate: 1e39, batch: 8)
        #expect(throws: RuntimeError.diverged(agent: 0, quantity: .parameters, run: 0)) {
            _ = try rule.step(try Self.state(Self.start))
        }
    }

    /// POLA-OM fits each agent's model of the other to observed play: after one epoch of 80
    /// batches (Adam, rate 0.05, from random zero logits) the model's logits are within 0.3 of
    /// the opponent's. The learner plays uniformly at random, so every state is visited about
    /// 3200 times per batch; the fit's sampling error is far below 0.3.
    @Test func polaOMModelsLearnTheOpponentsPolicy() throws {
        let truth: [Float] = [2, -2, 1, -1, 0.5]
        let rule = try DiCERule(
            .polaOM, innerRate: 0.1, outerRate: 0.05, outerSteps: 1, batch: 200, modelBatches: 80)
        let after = try rule.step(try Self.state([[0, 0, 0, 0, 0], truth]))
        let models = try #require(after.models)
        let model = models[0].policyParameters[0].scalars
        #expect(zip(model, truth).allSatisfy { abs($0 - $1) < 0.3 }, "\(model)")
        // The real opponent is never copied: agent 1's model of agent 0 starts elsewhere too.
        #expect(models[1].policyParameters[0].scalars != after.agents[0].policyParameters[0].scalars)
    }

    /// The chunked look-ahead gradient (values forward, vector-Jacobian products backward, one
    /// chunk's graph at a time) equals the plain second-order graph through the whole look-ahead
    /// on the same rollouts: two inner steps with KL penalties, so both the learner's and the
    /// opponent's parts of each product matter, three chunks per batch of unequal sizes.
    @Test(arguments: [0, 1])
    func chunkedLookAheadEqualsTheWholeGraph(learner i: Int) throws {
        let rule = try DiCERule(
            .polaDiCE, innerRate: 0.8, outerRate: 0.01, valueRate: 0.05, innerSteps: 2, innerBeta: 0.7,
            outerBeta: 1.3, batch: 30)
        let game = try IPDWithHistory(episodeLength: 6)
        let agents = Self.start.map(Self.memoryOne)
        let (own, opponent) = (agents[i], agents[1 - i])
        var generator = SplitMix64(seed: 21)
        // Five batches of three chunks, played by fixed policies: the gradient is defined for any data.
        let batches: [[Rollout<Float>]] = (0..<3).map { _ in
            [9, 10, 11].map { size in
                Rollout.play(
                    game, policies: agents.map(\.policy), parameters: agents.map(\.policyParameters), batch: size,
                    using: &generator)
            }
        }
        var served = 0
        let chunked = try rule.lookAheadGradient(
            learner: i, own: own, theta: own.policyParameters, phi: own.valueParameters, opponent: opponent
        ) { _ in
            defer { served += 1 }
            return batches[served]
        }
        #expect(served == 3)
        // The whole graph: every chunk's weighted loss in one tensor, the inner steps kept differentiable.
        func weighted(_ chunks: [Rollout<Float>], _ loss: (Rollout<Float>) -> Tensor<Float>) -> Tensor<Float> {
            chunks.map { loss($0) * Float(Double($0.batch) / 30) }.reduce(Tensor(Float(0)), +)
        }
        let theta = own.policyParameters.map { Tensor.variable($0) }
        let phi = own.valueParameters.map { Tensor.variable($0) }
        let ownView = AgentView(
            policy: own.policy, policyParameters: theta, valueNetwork: own.valueNetwork, valueParameters: phi)
        var thetaJ = opponent.policyParameters.map { Tensor.variable($0) }
        var phiJ = opponent.valueParameters
        for k in 0..<2 {
            let phiVariables = phiJ.map { Tensor.variable($0) }
            let view = AgentView(
                policy: opponent.policy, policyParameters: thetaJ, valueNetwork: opponent.valueNetwork,
                valueParameters: phiVariables)
            let loss = weighted(batches[k]) {
                $0.loss(of: 1 - i, own: view, other: ownView, reference: opponent.policyParameters, beta: 0.7)
            }
            let policyStep = gradients(of: loss, at: thetaJ)
            let valueStep = gradients(of: loss, at: phiVariables, createGraph: false)
            thetaJ = zip(thetaJ, policyStep).map { $0 - Float(0.8) * $1 }
            phiJ = zip(phiJ, valueStep).map { ($0 - Float(0.05) * $1).detached() }
        }
        let lookedAhead = AgentView(
            policy: opponent.policy, policyParameters: thetaJ, valueNetwork: opponent.valueNetwork,
            valueParameters: phiJ)
        let outer = weighted(batches[2]) {
            $0.loss(of: i, own: ownView, other: lookedAhead, reference: own.policyParameters, beta: 1.3)
        }
        let whole = gradients(of: outer, at: theta + phi, createGraph: false)
        let expected = whole.flatMap(\.scalars).map(Double.init)
        let got = (chunked.policy + chunked.value).flatMap(\.scalars).map(Double.init)
        let scale = expected.map(abs).max()!
        #expect(scale > 1e-3)
        #expect(maxAbsoluteDifference(got, expected) < 1e-4 * scale, "\(got) vs \(expected)")
        // The path through the look-ahead matters here: cut it and the gradient differs.
        let cut = AgentView(
            policy: opponent.policy, policyParameters: thetaJ.map { $0.detached() },
            valueNetwork: opponent.valueNetwork, valueParameters: phiJ)
        let cutLoss = weighted(batches[2]) {
            $0.loss(of: i, own: ownView, other: cut, reference: own.policyParameters, beta: 1.3)
        }
        let firstOrder = gradients(of: cutLoss, at: theta + phi, createGraph: false).flatMap(\.scalars).map(Double.init)
        #expect(maxAbsoluteDifference(firstOrder, expected) > 1e-3 * scale)
        // Split where the look-ahead enters: the direct part is the cut graph's gradient, the
        // shaping part the rest, and their sum is bit for bit the gradient training follows.
        served = 0
        let parts = try rule.lookAheadGradientParts(
            learner: i, own: own, theta: own.policyParameters, phi: own.valueParameters, opponent: opponent
        ) { _ in
            defer { served += 1 }
            return batches[served]
        }
        let policyCount = own.policyParameters.reduce(0) { $0 + $1.count }
        let scalars = { (tensors: [Tensor<Float>]) in tensors.flatMap(\.scalars).map(Double.init) }
        #expect(parts.policy.flatMap(\.scalars) == chunked.policy.flatMap(\.scalars))
        #expect(maxAbsoluteDifference(scalars(parts.direct), Array(firstOrder[..<policyCount])) < 1e-4 * scale)
        let rest = zip(expected[..<policyCount], firstOrder[..<policyCount]).map { $0 - $1 }
        #expect(rest.map(abs).max()! > 1e-3 * scale)
        #expect(maxAbsoluteDifference(scalars(parts.shaping), rest) < 1e-4 * scale)
    }

    /// Settings outside their domains, refused as typed errors naming the setting.
    @Test(arguments: [
        (DiCERule.Kind.polaDiCE, Setting.innerRate, -1.0, Setting.Constraint.finiteNonNegative),
        (.lolaDiCE, .outerRate, 0, .finitePositive),
        (.polaDiCE, .outerBeta, -2, .finiteNonNegative),
        (.polaOM, .batch, 0, .wholeIn(1...DiCERule.largestBatch)),
        (.polaDiCE, .gaeLambda, 1.5, .unitInterval),
        (.polaOM, .modelBatches, 0, .wholeIn(1...DiCERule.mostSteps)),
        (.polaDiCE, .gamma, 1, .betweenZeroAndOne),
    ])
    func badSettingsAreRefused(kind: DiCERule.Kind, setting: Setting, value: Double, expected: Setting.Constraint) {
        #expect(throws: RuntimeError.invalidSetting(setting, value: value, expected: expected)) {
            _ = try DiCERule(
                kind, innerRate: setting == .innerRate ? value : 0.1, outerRate: setting == .outerRate ? value : 0.003,
                outerBeta: setting == .outerBeta ? value : 0, batch: setting == .batch ? Int(value) : 10,
                discount: DiscountSettings(
                    gamma: setting == .gamma ? value : 0.96, lambda: setting == .gaeLambda ? value : 1),
                modelBatches: setting == .modelBatches ? Int(value) : 1)
        }
    }
}
