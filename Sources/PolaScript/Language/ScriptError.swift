import Runtime

/// A failure while evaluating, with the span to point at. Becomes a `Diagnostic`.
public struct ScriptError: Error, Sendable {
    public let message: String
    public let span: SourceSpan
    public var notes: [String] = []
    /// What a builtin finished before it stopped (the rows of an interrupted `train`); an
    /// assignment binds it before the error goes on.
    public var partial: Value? = nil

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
        case .invalidSetting(let setting, let value, let constraint):
            "bad argument '\(SettingNames.argument(setting))' to \(call) "
                + "(\(SettingNames.expectation(setting, constraint)) expected, got \(NumberFormat.shortest(value)))"
        case .incompatibleSettings(let setting, let other):
            SettingNames.incompatibility(setting, other)
        case .shapeMismatch(let owner, let expected, let got):
            "bad parameters for \(owner) in \(call) (shapes \(expected) expected, got \(got))"
        case .diverged(let agent, let quantity, let run):
            "agent \(agent)'s \(Self.text(quantity)) stopped being finite" + (run > 0 ? " in run \(run)" : "")
        case .interrupted:
            "interrupted"
        case .invalidWorkerCount(let workers):
            "\(call) asked for \(workers) worker threads (at least 1 expected)"
        case .invalidEpisodeLength(let steps):
            "\(call) asked for episodes of \(steps) steps (at least 1 expected)"
        }
    }

    private static func text(_ quantity: RuntimeError.Quantity) -> String {
        switch quantity {
        case .parameters: "parameters"
        case .value: "value"
        case .model(let j): "model of agent \(j)"
        }
    }
}
