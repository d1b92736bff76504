import Runtime

extension Builtins {
    static let checkpoints: [Builtin] = [
        Builtin(
            "save",
            "Saves an agent with its history, or a run (agents, opponent models, the rule's random stream) to a "
                + "checkpoint file, atomically.",
            [
                .positional("path", .string, "the file to write"),
                .positional("what", .any, "an agent; or a rule, for a run: save(path, r, g, a, b)"),
                .positional("game", .anyGame, default: .nothing, "with a rule: the run's game"),
                .variadic("agents", .agent, "with a rule: one agent per seat"),
            ],
            example: "save(\"a.agent\", a)"
        ) { args, interpreter in
            let file = CheckpointFile(path: args.string("path")!, span: args.spanOf("path"))
            try file.write(try checkpoint(args, interpreter), interpreter.host.files)
            return .none
        },
        Builtin(
            "load",
            "Reads a checkpoint file: an agent file gives the agent; a run gives (epochs_done, agents, table).",
            [.positional("path", .string, "a file from save(...) or train(..., checkpoint: ...)")],
            example: "a = load(\"a.agent\")"
        ) { args, interpreter in
            let file = CheckpointFile(path: args.string("path")!, span: args.spanOf("path"))
            return loaded(try file.read(interpreter.host.files))
        },
    ]

    /// What `save` writes: an agent alone, or the run of a rule, a game and its agents.
    private static func checkpoint(_ args: CallArguments, _ interpreter: Interpreter) throws -> Checkpoint {
        let what = args.value("what")!
        switch what {
        case .agent(let box):
            if args.has("game") || !args.rest.isEmpty {
                throw ScriptError(
                    "save takes an agent alone", at: args.rest.first?.span ?? args.spanOf("game"),
                    notes: ["a run is saved from its rule: save(path, r, g, a, b)"])
            }
            switch box.body {
            case .exact(let agent): return .exactAgent(agent, notes: SavedNotes.notes(box))
            case .sampled(let agent): return .sampledAgent(agent, notes: SavedNotes.notes(box))
            case .point:
                var error = args.bad("what", "an agent of a game of states or a rule expected", got: "a point agent")
                error.notes = [
                    "a point agent cannot be saved: it plays a formula game, whose losses are a function a checkpoint "
                        + "cannot hold", TrainCheckpoints.keepPoints,
                ]
                throw error
            }
        case .rule, .sampledRule:
            if case .formulaGame = args.value("game") {
                var error = args.bad("game", "a game of states expected", got: "a formula game")
                error.notes = [
                    "a formula game's run cannot be saved: its losses are a function, which a checkpoint cannot hold",
                    TrainCheckpoints.keepPoints,
                ]
                throw error
            }
            var run = args
            run.values["rule"] = args.values["what"]
            // Only a formula game's session has no checkpoint, and it is refused above.
            return try session(run, interpreter).snapshotAtStart()!
        default: break
        }
        throw args.bad("what", "an agent or a rule expected", got: what.typeName)
    }

    /// A checkpoint as values: a new agent, or a run's record.
    private static func loaded(_ checkpoint: Checkpoint) -> Value {
        switch checkpoint {
        case .exactAgent(let agent, let notes): return .agent(SavedNotes.box(.exact(agent), notes))
        case .sampledAgent(let agent, let notes): return .agent(SavedNotes.box(.sampled(agent), notes))
        case .exactRun(let run):
            let notes = agentNotes(run.notes, count: run.state.agents.count)
            let agents = run.state.agents.enumerated().map { seat, agent in
                let box = SavedNotes.box(.exact(agent), notes[seat])
                box.models = run.state.models?[seat].enumerated().map { $0.offset == seat ? nil : $0.element } ?? []
                return Value.agent(box)
            }
            return runRecord(run.epochsDone, agents, run.scores, run.notes)
        case .sampledRun(let run):
            let notes = agentNotes(run.notes, count: run.agents.count)
            let agents = run.agents.enumerated().map { seat, agent in
                let box = SavedNotes.box(.sampled(agent), notes[seat])
                box.sampledModel = run.models?[seat]
                return Value.agent(box)
            }
            return runRecord(run.epochsDone, agents, run.scores, run.notes)
        }
    }

    private static func agentNotes(_ notes: Annotation, count: Int) -> [Annotation] {
        guard case .list(let each) = SavedNotes.field("agents", of: notes), each.count == count else {
            return [Annotation](repeating: .none, count: count)
        }
        return each
    }

    private static func runRecord(_ done: Int, _ agents: [Value], _ scores: ScoreTable, _ notes: Annotation) -> Value {
        let provenance = TrainCheckpoints.provenance(SavedNotes.field("table", of: notes))
        return .record([
            ("epochs_done", .number(Double(done))), ("agents", .list(agents)),
            ("table", .table(Table(columns: scores.columns, rows: scores.rows, provenance: provenance))),
        ])
    }
}
