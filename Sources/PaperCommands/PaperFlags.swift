import Runtime

/// The flags of one of the paper's scripts as its argparse reads them: `--name value` pairs and
/// bare `--name` switches, checked against the names the script knows.
///
/// Only flag names and the text after them are read here; what a value means is the command's
/// business (`PaperCommand`, `DiCECommand`).
struct PaperFlags {
    /// Which names a script parses, and what it does with each.
    struct Vocabulary {
        /// Flags that take a value and that pola-repl reads.
        let valued: Set<String>
        /// Flags without a value that pola-repl reads.
        let switches: Set<String>
        /// Flags the script parses that pola-repl does not use, with why; `true` when the flag
        /// takes a value.
        let ignored: [String: (takesValue: Bool, reason: PaperIgnoredFlag.Reason)]
        /// The script whose flags these are, for what an unknown flag should have been.
        let script: PaperScript

        /// Every flag the script parses, sorted.
        var names: [String] { (valued.union(switches).union(ignored.keys)).sorted() }
    }

    private(set) var values: [String: String] = [:]
    private(set) var switches: Set<String> = []
    /// The ignored flags given, in the order given.
    private(set) var ignored: [PaperIgnoredFlag] = []

    init(_ arguments: [String], _ vocabulary: Vocabulary) throws {
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            // A value never starts with "--": argparse reads such a token as the next flag, so
            // `--save_dir --checkpoint_every 1000` leaves --save_dir without its value.
            let value = next.flatMap { $0.hasPrefix("--") ? nil : $0 }
            if vocabulary.switches.contains(flag) {
                switches.insert(flag)
                index += 1
            } else if let (takesValue, reason) = vocabulary.ignored[flag] {
                if takesValue {
                    guard let value else { throw PaperCommandError.invalidFlag(flag: flag, text: "", expected: .value) }
                    ignored.append(PaperIgnoredFlag(flag: flag, text: value, reason: reason))
                    index += 2
                } else {
                    ignored.append(PaperIgnoredFlag(flag: flag, text: nil, reason: reason))
                    index += 1
                }
            } else if vocabulary.valued.contains(flag) {
                guard let value else { throw PaperCommandError.invalidFlag(flag: flag, text: "", expected: .value) }
                values[flag] = value
                index += 2
            } else {
                throw PaperCommandError.invalidFlag(
                    flag: flag, text: value ?? "", expected: .knownFlag(of: vocabulary.script))
            }
        }
    }

    func number(_ flag: String, _ fallback: Double) throws -> Double {
        guard let text = values[flag] else { return fallback }
        guard let value = Double(text), value.isFinite else {
            throw PaperCommandError.invalidFlag(flag: flag, text: text, expected: .number)
        }
        return value
    }

    func whole(_ flag: String, _ fallback: Int) throws -> Int {
        guard let text = values[flag] else { return fallback }
        guard let value = Int(text) else {
            throw PaperCommandError.invalidFlag(flag: flag, text: text, expected: .wholeNumber)
        }
        return value
    }

    /// A whole number of at least `least` (epochs, a print interval): a count the command
    /// itself uses, which no rule or game validates.
    func count(_ flag: String, _ fallback: Int, atLeast least: Int) throws -> Int {
        let value = try whole(flag, fallback)
        guard value >= least else {
            throw PaperCommandError.invalidFlag(flag: flag, text: "\(value)", expected: .atLeast(least))
        }
        return value
    }

    func has(_ flag: String) -> Bool { switches.contains(flag) }
}

/// A flag of the paper's command that pola-repl reads past, and why; reported, never silently
/// accepted.
public struct PaperIgnoredFlag: Equatable, Sendable {
    public let flag: String
    /// Its value (nil for a switch).
    public let text: String?
    public let reason: Reason

    public enum Reason: Equatable, Sendable {
        /// The paper's code parses it but never reads it.
        case neverRead
        /// Printing detail of the paper's code.
        case printing
        /// pola-repl always seeds (`--set_seed`).
        case alwaysSeeded
        /// Figure 1's hand-set starting parameters (`--custom_param`); the Figure 1 notebook sets them.
        case customParameters
        /// The Coin Game has no contribution factor.
        case noEffectInCoinGame
    }
}
