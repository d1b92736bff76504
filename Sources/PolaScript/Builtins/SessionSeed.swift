import TensorLayer

/// The session's seed, from which every agent made without `seed:` draws its own.
///
/// The session starts at `SessionSeed.initial`, fixed, so a script gives the same agents on
/// every run without calling `seed`; two unseeded agents still differ, because each draw
/// moves on. `seed(n)` starts the draws again from `n`.
struct SessionSeed {
    /// The seed a session starts with.
    static let initial: UInt64 = 1

    private(set) var seed = initial
    /// How many agents have drawn from `seed` so far.
    private var drawn: UInt64 = 0

    mutating func reset(to seed: UInt64) {
        self.seed = seed
        drawn = 0
    }

    /// The next agent's seed: draw k is the first output of stream k of the session seed,
    /// cut to 31 bits so that it reads back exactly as a PolaScript number and as `seed:`.
    mutating func next() -> UInt64 {
        var generator = SplitMix64(seed: seed, stream: drawn)
        drawn += 1
        return generator.next() >> 33
    }
}

extension Builtins {
    static let seeds: [Builtin] = [
        Builtin(
            "seed", "Sets the session seed, from which agents made without seed: draw theirs (it starts at 1).",
            [.positional("seed", .wholeNumber, "a whole number >= 0")],
            example: "seed(42)"
        ) { args, interpreter in
            interpreter.sessionSeed.reset(to: try args.seed("seed"))
            return .none
        }
    ]

    /// The seed an agent builtin draws with: `seed:` when given, else the session's next one.
    static func agentSeed(_ args: CallArguments, _ interpreter: Interpreter) throws -> UInt64 {
        args.has("seed") ? try args.seed("seed") : interpreter.sessionSeed.next()
    }

    /// Rejects `seed:` beside an argument that gives the parameters outright (`logits`, `weights`).
    static func requireSeedAlone(_ args: CallArguments, without given: String) throws {
        guard args.has(given), args.has("seed") else { return }
        throw ScriptError(
            "seed: cannot go with \(given): in \(args.callee)", at: args.spanOf("seed"),
            notes: ["\(given): gives the parameters; seed: draws them at random"])
    }
}
