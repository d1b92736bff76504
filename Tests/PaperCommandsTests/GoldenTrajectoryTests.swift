import PaperCommands
import Runtime
import TestSupport
import Testing

/// Every golden trajectory of the paper's code, replayed from its explicit starting parameters.
///
/// Tolerances: values and policies 1e-9 absolute, parameters 1e-9 relative (to max(1, |p|)),
/// at every recorded epoch whose numbers are finite. POLA's iteration counts must agree
/// exactly: its stopping rule compares a KL with 1e-8, and our arithmetic follows the paper's
/// closely enough that no last step falls the other side (if one ever did, the count would
/// differ by one and that epoch's policies by one step).
@Suite struct GoldenTrajectoryTests {
    @Test(arguments: GoldenRun.names)
    func replaysTheReference(name: String) throws {
        let golden = try GoldenRun(named: name)
        let command = try PaperCommand(golden.arguments)
        var state = try start(golden, command)
        for (index, expected) in golden.epochs.enumerated() {
            let (next, report) = try command.rule.step(state)
            state = next
            guard expected.values.allSatisfy(\.isFinite) else { break }
            let epoch = index + 1
            #expect(maxAbsoluteDifference(report.values[0], expected.values) < 1e-9, "values at epoch \(epoch)")
            let policies = state.agents.map { $0.probabilities().scalars }
            for agent in policies.indices {
                #expect(
                    maxAbsoluteDifference(policies[agent], expected.policies[agent]) < 1e-9,
                    "policy of agent \(agent) at epoch \(epoch)")
                let parameters = state.agents[agent].parameters.flatMap(\.scalars)
                #expect(
                    maxRelativeDifference(parameters, expected.parameters[agent]) < 1e-9,
                    "parameters of agent \(agent) at epoch \(epoch)")
            }
            if !expected.proximalIterations.isEmpty {
                #expect(
                    report.proximalIterations[0] == expected.proximalIterations, "proximal iterations at epoch \(epoch)"
                )
            }
        }
    }

    /// The goldens above pass through the traced outer gradient: it must have been recorded and
    /// replayed (a poisoned trace would still give the right numbers, eagerly, and hide the loss).
    @Test(arguments: GoldenRun.names.filter { ($0.contains("lola") || $0.contains("pola")) && !$0.contains("taylor") })
    func theOuterGradientIsReplayed(name: String) throws {
        let golden = try GoldenRun(named: name)
        let command = try PaperCommand(golden.arguments)
        var state = try start(golden, command)
        for _ in 0..<3 { state = try command.rule.step(state).0 }
        let statuses = state.traceStatuses
        #expect(!statuses.isEmpty)
        for status in statuses {
            guard case .recorded(_, let calls) = status else {
                Issue.record("\(status)")
                continue
            }
            #expect(calls >= 2)
        }
    }

    /// The golden run's starting state: its explicit parameters, and models if it has them.
    private func start(_ golden: GoldenRun, _ command: PaperCommand) throws -> LearningState<ContributionGame> {
        LearningState(
            game: command.game,
            agents: try golden.start.map { try Agent(policy: command.policy, single: $0) },
            models: try golden.modelStart.map { models in
                try models.map { try $0.map { try Agent(policy: modelPolicy(command), single: $0) } }
            })
    }

    private func modelPolicy(_ command: PaperCommand) throws -> any Policy {
        try #require(command.rule.opponentModelling).policy
    }
}
