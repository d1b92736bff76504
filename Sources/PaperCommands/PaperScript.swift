/// The paper's two scripts, told apart once, by file name, when a command is read.
public enum PaperScript: String, CaseIterable, Sendable {
    /// Exact values: Figures 1 and 3, Appendix B.
    case exact = "LOLA_exact.py"
    /// Sampled play learnt with DiCE: Figures 4 and 5.
    case dice = "POLA_dice_jax.py"

    /// The script a path names, with or without its folder (`./jax_files/POLA_dice_jax.py`).
    public init?(path: String) {
        guard let name = path.split(separator: "/").last else { return nil }
        self.init(rawValue: String(name))
    }

    /// Every flag of the script pola-repl knows, used or ignored.
    public var flagNames: [String] {
        switch self {
        case .exact: PaperCommand.flagNames
        case .dice: DiCECommand.flagNames
        }
    }
}
