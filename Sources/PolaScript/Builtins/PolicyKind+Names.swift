import Runtime

/// PolaScript's names of the policy kinds: the one place where these strings become a
/// `PolicyKind`. `experiment` takes every name, opponent models the tabular ones and "mlp";
/// help texts and messages list the names from here, so they always read alike.
extension PolicyKind {
    /// Every name, in the order help lists them.
    static let scriptNames = ["tabular", "precond", "mlp", "precond-mlp"]
    /// The names an opponent model may take (the paper models opponents with no
    /// preconditioned network).
    static let modelNames = ["tabular", "precond", "mlp"]

    /// The kind `name` stands for, or nil when `name` is not among `names`. `hidden` is asked
    /// for (and may reject its argument) only for the network kinds.
    init?(scriptName name: String, among names: [String], hidden: () throws -> Int) rethrows {
        guard names.contains(name) else { return nil }
        switch name {
        case "tabular": self = .tabular
        case "precond": self = .preconditionedTabular
        case "mlp": self = .mlp(hidden: try hidden())
        case "precond-mlp": self = .preconditionedMLP(hidden: try hidden())
        default: return nil
        }
    }

    /// The name `experiment` takes for this kind (its width aside).
    var scriptName: String {
        switch self {
        case .tabular: "tabular"
        case .preconditionedTabular: "precond"
        case .mlp: "mlp"
        case .preconditionedMLP: "precond-mlp"
        }
    }

    /// `"tabular", "precond" or "mlp"`: names as help and messages list them.
    static func listed(_ names: [String]) -> String {
        let quoted = names.map(Render.quoted)
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}
