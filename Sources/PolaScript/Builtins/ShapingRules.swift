import Runtime

/// The gradient-adjusting rules of "Stable Opponent Shaping in Differentiable Games" (Letcher et
/// al., ICLR 2019), beside naive, lola and pola. Each summary says the update in the paper's
/// notation: `xi` the simultaneous gradient (`xi_i = grad_i L_i`), `H = grad xi` the game's
/// Jacobian, `H_o` its off-diagonal blocks, `chi = diag(H_o^T grad L)` LOLA's shaping term.
extension Builtins {
    static let shapingRules: [Builtin] = [
        Builtin(
            "lookahead",
            "LookAhead: theta <- theta - outer_lr (I - inner_lr H_o) xi (the others' step foreseen, not shaped).",
            [
                .keyword("inner_lr", .number, default: nil, "the others' anticipated learning rate (eta)"),
                .keyword("outer_lr", .number, default: nil, "the agent's own learning rate (alpha)"),
            ],
            example: "r = lookahead(inner_lr: 1, outer_lr: 1)"
        ) { args, _ in
            try makeRule(args) { _ in
                try LookAheadRule(innerRate: args.number("inner_lr"), outerRate: args.number("outer_lr"))
            }
        },
        Builtin(
            "sos",
            "SOS: theta <- theta - outer_lr (xi_0 - p inner_lr chi), xi_0 = (I - inner_lr H_o) xi, p from a and b.",
            [
                .keyword("inner_lr", .number, default: nil, "the others' anticipated learning rate (eta)"),
                .keyword("outer_lr", .number, default: nil, "the agent's own learning rate (alpha)"),
                .keyword(
                    "a", .number, default: .number(0.5),
                    "p <= a |xi_0|^2 / <inner_lr chi, xi_0> when the shaping opposes LookAhead"),
                .keyword(
                    "b", .number, default: .number(0.1), "p <= |xi|^2 when |xi| < b: the shaping fades at fixed points"),
            ],
            example: "r = sos(inner_lr: 1, outer_lr: 1)"
        ) { args, _ in
            try makeRule(args) { _ in
                try SOSRule(
                    innerRate: args.number("inner_lr"), outerRate: args.number("outer_lr"),
                    a: args.number("a"), b: args.number("b"))
            }
        },
        Builtin(
            "sga", "SGA: theta <- theta - lr (xi + lambda A^T xi), A = (H - H^T)/2, lambda = +-1 by alignment.",
            [
                .keyword("lr", .number, default: nil, "learning rate"),
                .keyword(
                    "eps", .number, default: .number(0.1), "lambda = sign(<xi, H^T xi> <A^T xi, H^T xi> / d + eps)"),
            ],
            example: "r = sga(lr: 1)"
        ) { args, _ in
            try makeRule(args) { _ in try SGARule(rate: args.number("lr"), epsilon: args.number("eps")) }
        },
        Builtin(
            "co", "Consensus optimisation: theta <- theta - lr (xi + weight H^T xi), H^T xi = grad |xi|^2 / 2.",
            [
                .keyword("lr", .number, default: nil, "learning rate"),
                .keyword("weight", .number, default: .number(1), "the paper's gamma, the weight of grad |xi|^2 / 2"),
            ],
            example: "r = co(lr: 1, weight: 1)"
        ) { args, _ in
            try makeRule(args) { _ in
                try ConsensusRule(rate: args.number("lr"), weight: args.number("weight"))
            }
        },
        Builtin(
            "cgd", "Competitive gradient descent: theta <- theta - lr (I + lr H_o)^-1 xi (any number of agents).",
            [.keyword("lr", .number, default: nil, "learning rate (alpha)")],
            example: "r = cgd(lr: 1)"
        ) { args, _ in
            try makeRule(args) { _ in try CGDRule(rate: args.number("lr")) }
        },
    ]
}
