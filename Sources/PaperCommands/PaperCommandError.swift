/// Why one of the paper's command lines cannot be read: the flag (or script name) at fault, its
/// text, and what it should have been. pola-repl renders it (`PaperMessages`).
///
/// Settings the flags carry but the Runtime refuses (a negative rate, a discount of 1) are not
/// here: they come as the Runtime's own `RuntimeError.invalidSetting`, as they do at the prompt.
public enum PaperCommandError: Error, Equatable, Sendable {
    /// A flag whose text does not fit: `text` (empty when the flag had none) broke `expected`.
    case invalidFlag(flag: String, text: String, expected: Expectation)

    /// What a flag's text should have been.
    public enum Expectation: Equatable, Sendable {
        /// A value after the flag (the command ended instead).
        case value
        case number
        case wholeNumber
        /// A flag of this script.
        case knownFlag(of: PaperScript)
        /// 1 (cc) or 2 (separate).
        case startCode
        /// A whole number of at least this.
        case atLeast(Int)
        /// One of these words.
        case oneOf([String])
        /// `LOLA_exact.py` or `POLA_dice_jax.py` (with or without `python` and a folder before it).
        case script
    }
}
