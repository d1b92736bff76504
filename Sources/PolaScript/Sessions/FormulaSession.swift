import Foundation
import Runtime

/// One call of `step` or `train` on a formula game: the rule, the game and the seated points,
/// checked. Reports and tables name things as for the other games (`V0`, `iters0`,
/// `converged0`), with one column per parameter named after the function's arguments.
struct FormulaSession {
    let args: CallArguments
    let interpreter: Interpreter
    let formula: FormulaGameValue
    let rule: any LearningRule
    let boxes: [PointBox]

    init(_ args: CallArguments, _ interpreter: Interpreter, _ formula: FormulaGameValue) throws {
        guard case .rule(let value) = args.value("rule")! else {
            throw args.bad(
                "rule", "an exact rule (naive, lola, pola, lookahead, sos, sga, co, cgd) expected for a formula game",
                got: args.value("rule")!.typeName)
        }
        guard value.rule.opponentModelling == nil else {
            var error = args.bad("rule", "a rule without model: expected for a formula game", got: "a modelling rule")
            error.notes = ["opponent models are policies over a game's states; a formula game has none"]
            throw error
        }
        (self.args, self.interpreter, self.formula, rule) = (args, interpreter, formula, value.rule)
        boxes = try Builtins.points(args, formula)
    }

    private var seats: Range<Int> { 0..<formula.agents }
    private var nextEpoch: Int { (boxes.map(\.epochs).max() ?? 0) + 1 }

    /// Runs one epoch and installs it in every agent, or changes nothing and throws.
    func advance() throws -> Value {
        let epoch = nextEpoch
        let next: LearningState<FormulaGame>
        let report: StepReport
        do {
            (next, report) = try step(state())
        } catch let error as RuntimeError {
            throw LearningSession.stopped(error, atEpoch: nil, args)
        } catch {
            throw Self.noted(error, "the agents keep their parameters")
        }
        install(next, epochs: 1)
        let converged = LearningSession.converged(report.converged, run: 0, agents: formula.agents)
        if converged.contains(false) {
            LearningSession.warnUnconverged(
                rule, "for agents " + seats.filter { !converged[$0] }.map(String.init).joined(separator: ", "),
                host: interpreter.host)
        }
        let iterations = report.proximalIterations.first ?? seats.map { _ in 0 }
        var fields: [(String, Value)] = [("epoch", .number(Double(epoch)))]
        fields += seats.map { ("V\($0)", .number(report.values[0][$0])) }
        fields += seats.map { ("iters\($0)", .number(Double(iterations[$0]))) }
        fields += seats.map { ("converged\($0)", .bool(converged[$0])) }
        return .record(fields)
    }

    /// `epoch V0 V1 x y` (one column per parameter, named after the function's arguments: `x`, or
    /// `x_0 x_1` for a point of several), then `iters0 ... converged0 ...` for a proximal rule.
    func columns() -> [String] {
        let names = formula.losses.declaration.parameters
        var columns = ["epoch"] + seats.map { "V\($0)" }
        columns += zip(names, boxes).flatMap { name, box in
            box.numbers.count == 1 ? [name] : box.numbers.indices.map { "\(name)_\($0)" }
        }
        if rule.reportsProximalIterations { columns += seats.map { "iters\($0)" } + seats.map { "converged\($0)" } }
        return columns
    }

    /// Runs `epochs` epochs into a table. Stopped part-way, the agents hold the last completed
    /// epoch, and the error says which.
    func train(epochs: Int, startRow: Bool) throws -> Table {
        let first = nextEpoch
        let proximal = rule.reportsProximalIterations
        var table = Table(columns: columns(), rows: [], provenance: provenance())
        var state = state()
        func row(_ epoch: Int, _ values: [Double], _ iterations: [Int], _ converged: [Bool]) -> [Double] {
            [Double(epoch)] + values + state.agents.flatMap { $0.parameters[0].scalars }
                + (proximal ? iterations.map(Double.init) + converged.map { $0 ? 1 : 0 } : [])
        }
        if startRow {
            let losses = try state.game.losses(of: state.agents)[0]
            table.rows.append(row(first - 1, losses.map { -$0 }, seats.map { _ in 0 }, seats.map { _ in true }))
        }
        var unconverged = 0
        let started = DispatchTime.now().uptimeNanoseconds
        defer { interpreter.host.progress(nil) }
        for epoch in 1...epochs {
            let report: StepReport
            do {
                (state, report) = try step(state)
            } catch let error as RuntimeError {
                install(state, epochs: epoch - 1)
                throw LearningSession.stopped(error, atEpoch: first + epoch - 1, args)
            } catch {
                install(state, epochs: epoch - 1)
                throw Self.noted(error, "the agents hold epoch \(first + epoch - 2)")
            }
            let converged = LearningSession.converged(report.converged, run: 0, agents: formula.agents)
            if converged.contains(false) { unconverged += 1 }
            table.rows.append(
                row(first - 1 + epoch, report.values[0], report.proximalIterations.first ?? [], converged))
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            interpreter.host.progress(
                ProgressReport(task: "train", done: epoch, total: epochs, elapsedSeconds: elapsed))
        }
        install(state, epochs: epochs)
        if unconverged > 0 {
            LearningSession.warnUnconverged(
                rule, "in \(unconverged) of \(epochs) epochs (see the converged columns)", host: interpreter.host)
        }
        return table
    }

    private func state() -> LearningState<FormulaGame> {
        LearningState(game: formula.game(interpreter, at: args.span), agents: boxes.map(\.agent))
    }

    /// One step of the rule. A failing formula makes the game's values NaN and fires the
    /// interruption, so the rule stops at its next check (or on the NaN); the formula's own
    /// error is reported then, positioned in the function, and nothing is installed.
    private func step(_ state: LearningState<FormulaGame>) throws -> (LearningState<FormulaGame>, StepReport) {
        let game = state.game
        let host = interpreter.host
        let interruption = Interruption { host.isInterrupted() || game.failure != nil }
        do {
            let result = try rule.step(state, interruption: interruption)
            // A failure the rule did not notice (a look-ahead point, say) still voids the step.
            if let failure = game.failure { throw failure }
            return result
        } catch let error as RuntimeError {
            throw game.failure ?? error
        }
    }

    private func install(_ state: LearningState<FormulaGame>, epochs: Int) {
        guard epochs > 0 else { return }
        let (ruleFields, gameFields) = (Provenance.rule(rule), formula.fields)
        for (box, agent) in zip(boxes, state.agents) {
            box.agent = agent
            box.learned(epochs, rule: ruleFields, game: gameFields)
        }
    }

    /// A formula's error (positioned in the function) with a note on what the agents hold.
    private static func noted(_ error: any Error, _ note: String) -> any Error {
        switch error {
        case let located as Interpreter.Located:
            var inner = located.error
            inner.notes.append(note)
            return Interpreter.Located(source: located.source, error: inner)
        case var script as ScriptError:
            script.notes.append(note)
            return script
        default: return error
        }
    }

    func provenance() -> [(String, Value)] {
        [("game", formula.fields), ("rule", Provenance.rule(rule))]
            + boxes.enumerated().map { ("agent \($0.offset)", $0.element.provenance) }
            + [("pola-repl", .string(Version.current))]
    }
}
