/// A problem found in a program, as data: what went wrong and where. Only pola-repl renders it.
public struct Diagnostic: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case error
        /// The input stopped in the middle of a construct (an open bracket or block, a dangling
        /// operator): a prompt should ask for more lines instead of reporting an error.
        case incompleteInput
    }

    public let kind: Kind
    public let message: String
    public let span: SourceSpan
    /// Further remarks, each possibly pointing elsewhere (`to close '{' at line 3`).
    public let notes: [String]

    public init(_ message: String, at span: SourceSpan, kind: Kind = .error, notes: [String] = []) {
        self.kind = kind
        self.message = message
        self.span = span
        self.notes = notes
    }
}

/// Everything wrong with one run of a program, in source order, with the source it refers to.
public struct Diagnostics: Error, Sendable {
    public enum Stage: Sendable {
        /// Found while reading the text: nothing ran.
        case syntax
        /// Raised while running: the statements before it kept their effects.
        case run
    }

    public let source: Source
    public let items: [Diagnostic]
    public var stage: Stage = .syntax

    public init(source: Source, items: [Diagnostic], stage: Stage = .syntax) {
        self.source = source
        self.items = items
        self.stage = stage
    }

    public var isIncompleteInput: Bool { items.contains { $0.kind == .incompleteInput } }

    /// The run was stopped at the host's request (Ctrl-C, a timeout), not by an error of its own.
    public var isInterruption: Bool { items.contains { $0.message.hasPrefix("interrupted") } }
}
