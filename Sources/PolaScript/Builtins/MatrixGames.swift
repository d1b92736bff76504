import Runtime

/// Two-agent matrix games: any payoff tables, and the classic dilemmas as presets.
///
/// Conventions (stated in `:help` and the README): payoffs are rewards to maximise; each table
/// is its agent's own view, row = its own action, column = the other's, C (cooperate) first:
/// `[[R, S], [T, P]]`. Values are discounted sums `sum_t gamma^t r_t`, as `ipd`'s are.
extension Builtins {
    static let matrixGames: [Builtin] = [
        Builtin(
            "matrix_game",
            "Any 2-agent, 2-action game with exact values; each agent's table from its own side (row = "
                + "its action, column = the other's, C first).",
            [
                .positional(
                    "payoffs", .list,
                    "[[[R0, S0], [T0, P0]], [[R1, S1], [T1, P1]]], agent 0's table then agent 1's; "
                        + "one table [[R, S], [T, P]] for a symmetric game")
            ] + discountParameters,
            example: "g = matrix_game([[[3, 0], [5, 1]], [[2, 0], [6, 1]]], gamma: 0.9)"
        ) { args, _ in
            let payoffs = try payoffTables(args)
            return try matrixGame(args, payoffs)
        },
        symmetricPreset(
            "prisoners_dilemma", "The iterated prisoner's dilemma as a matrix game (T > R > P > S).",
            defaults: .prisonersDilemma),
        symmetricPreset(
            "stag_hunt", "The stag hunt (R > T >= P > S): cooperating pays only if the other does.",
            defaults: .stagHunt),
        symmetricPreset(
            "chicken", "Chicken, or hawk-dove (T > R > S > P): C swerves, D drives on; DD is the crash.",
            defaults: .chicken),
        Builtin(
            "matching_pennies",
            "Matching pennies, zero-sum: agent 0 wins 1 when the actions match, agent 1 when they differ.",
            discountParameters, example: "g = matching_pennies(gamma: 0.9)"
        ) { args, _ in
            try matrixGame(args, .matchingPennies)
        },
        Builtin(
            "battle_of_sexes",
            "The battle of the sexes: both want to meet; agent 0 prefers CC (3 to 2), agent 1 DD.",
            discountParameters, example: "g = battle_of_sexes()"
        ) { args, _ in
            try matrixGame(args, .battleOfSexes)
        },
    ]

    private static func matrixGame(_ args: CallArguments, _ payoffs: MatrixPayoffs, passing: [Setting] = [])
        throws -> Value
    {
        try exactGame(args, passing: passing) { start, horizon in
            try ContributionGame(
                matrix: payoffs, gamma: args.number("gamma"), start: start, horizon: horizon)
        }
    }

    /// A symmetric game `[[R, S], [T, P]]` with its usual numbers as defaults.
    private static func symmetricPreset(_ name: String, _ summary: String, defaults: MatrixPayoffs) -> Builtin {
        let table = defaults.tables[0]
        let letters = [
            ("R", table[0][0], "reward of mutual cooperation (CC)"), ("S", table[0][1], "cooperating against D"),
            ("T", table[1][0], "defecting against C"), ("P", table[1][1], "mutual defection (DD)"),
        ]
        let parameters = letters.map { Parameter.keyword($0.0, .number, default: .number($0.1), $0.2) }
        return Builtin(name, summary, parameters + discountParameters, example: "g = \(name)(gamma: 0.9)") {
            args, _ in
            let numbers = letters.map { args.number($0.0) }
            do {
                return try matrixGame(
                    args, MatrixPayoffs(symmetric: [[numbers[0], numbers[1]], [numbers[2], numbers[3]]]),
                    passing: [.payoff])
            } catch RuntimeError.invalidSetting(.payoff, let value, let constraint) {
                // A refused payoff is one of the letters: point at the first that holds it.
                let letter = letters.map(\.0)[numbers.firstIndex { $0 == value || $0.isNaN } ?? 0]
                var error = args.bad(letter, SettingNames.expectation(.payoff, constraint) + " expected")
                error.notes = SettingNames.notes(.payoff, constraint)
                throw error
            }
        }
    }

    /// `payoffs` as two 2 x 2 tables of numbers (one table given: both agents' own view).
    private static func payoffTables(_ args: CallArguments) throws -> MatrixPayoffs {
        let expected = "two 2 x 2 tables [[[R0, S0], [T0, P0]], [[R1, S1], [T1, P1]]] or one [[R, S], [T, P]] expected"
        func table(_ value: Value) -> [[Double]]? {
            guard case .list(let rows) = value, rows.count == 2 else { return nil }
            let numbers = rows.map { row -> [Double]? in
                guard case .list(let cells) = row, cells.count == 2 else { return nil }
                let entries = cells.compactMap { if case .number(let x) = $0 { x } else { nil } }
                return entries.count == 2 ? entries : nil
            }
            return numbers.allSatisfy { $0 != nil } ? numbers.map { $0! } : nil
        }
        let given = args.value("payoffs")!
        if let one = table(given) { return MatrixPayoffs(symmetric: one) }
        guard case .list(let tables) = given, tables.count == 2, let first = table(tables[0]),
            let second = table(tables[1])
        else { throw args.bad("payoffs", expected) }
        return MatrixPayoffs([first, second])
    }
}
