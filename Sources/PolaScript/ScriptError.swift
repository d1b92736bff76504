import Runtime

/// A failure while evaluating, with the span to point at. Becomes a `Diagnostic`.
public struct ScriptError: Error, Sendable {
    public let message: String
    public let span: SourceSpan
    public var notes: [String] = []

    public init(_ message: String, at span: SourceSpan, notes: [String] = []) {
        self.message = message
        self.span = span
        self.notes = notes
    }

    /// The user pressed Ctrl-C; the computation stopped at a safe point.
    public static func interrupted(at span: SourceSpan, _ detail: String = "") -> ScriptError {
        ScriptError("interrupted" + (detail.isEmpty ? "" : " (\(detail))"), at: span)
    }

    public var isInterruption: Bool { message.hasPrefix("interrupted") }
}

/// The Runtime's own errors in PolaScript's voice.
extension RuntimeError {
    func message(call: String) -> String {
        switch self {
        case .invalidArgument(_, let name, let value, let expected):
            "bad argument '\(name)' to \(call) (\(expected), got \(value))"
        case .shapeMismatch(let owner, let expected, let got):
            "bad parameters for \(owner) in \(call) (shapes \(expected) expected, got \(got))"
        case .diverged(let agent, let quantity, let run):
            "agent \(agent)'s \(quantity) stopped being finite" + (run > 0 ? " in run \(run)" : "")
        case .interrupted:
            "interrupted"
        case .invalidWorkerCount(let workers):
            "\(call) asked for \(workers) worker threads (at least 1 expected)"
        }
    }
}
