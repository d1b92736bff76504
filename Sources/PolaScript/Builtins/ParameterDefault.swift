extension Parameter {
    /// A parameter's default as the builtin table holds it, typed: `:help` renders it, and the
    /// argument readers (`CallArguments.number(_:)`, `.whole(_:)`, ...) return it when the
    /// argument is absent, so a default is written once, in the table.
    public enum Default: Sendable, Equatable {
        case number(Double)
        case whole(Int)
        case bool(Bool)
        case string(String)
        /// No value: an absent argument means none is given (no title, no checkpoint, no model).
        case nothing
        /// Computed when the call runs (the session's next seed, random logits, the number of
        /// epochs): help shows the words, and the body handles the absent argument itself.
        case described(String)

        /// As help and signatures show it: numbers in the project's shortest form, strings quoted.
        public var text: String {
            switch self {
            case .number(let x): NumberFormat.shortest(x)
            case .whole(let n): String(n)
            case .bool(let b): b ? "true" : "false"
            case .string(let s): Render.quoted(s)
            case .nothing: "none"
            case .described(let words): words
            }
        }

        /// Whether an argument of `type` may have this default: the readers of that type
        /// return it (a number's default is a number, a whole number's a whole number, ...).
        public func fits(_ type: ValueType) -> Bool {
            switch (self, type) {
            case (.nothing, _), (.described, _): true
            case (.number, .number), (.whole, .wholeNumber), (.bool, .bool), (.string, .string): true
            // `mlp(hidden:)` takes one width or a list of them; its default is one width.
            case (.whole, .numberOrNumbers): true
            default: false
            }
        }

        /// The default as the value an argument would hold if written out (nil when computed
        /// or none): what the table test writes into a call.
        public var value: Value? {
            switch self {
            case .number(let x): .number(x)
            case .whole(let n): .number(Double(n))
            case .bool(let b): .bool(b)
            case .string(let s): .string(s)
            case .nothing, .described: nil
            }
        }
    }
}

extension CallArguments {
    /// The table's default of `name`, for an absent argument. A reader asking for a parameter
    /// the builtin does not declare, or for a default of another type, is a bug in the
    /// builtin's body, never in a script: it stops here, naming both.
    func tableDefault(_ name: String) -> Parameter.Default {
        guard let found = parameters.first(where: { $0.name == name })?.defaultValue else {
            preconditionFailure("\(callee) reads '\(name)', which its table declares with no default")
        }
        return found
    }

    func numberDefault(_ name: String) -> Double {
        guard case .number(let x) = tableDefault(name) else { preconditionFailure(mismatch(name, "number")) }
        return x
    }

    func wholeDefault(_ name: String) -> Int {
        guard case .whole(let n) = tableDefault(name) else { preconditionFailure(mismatch(name, "whole number")) }
        return n
    }

    func boolDefault(_ name: String) -> Bool {
        guard case .bool(let b) = tableDefault(name) else { preconditionFailure(mismatch(name, "boolean")) }
        return b
    }

    /// A string default, or nil when the default is none.
    func stringDefault(_ name: String) -> String? {
        switch tableDefault(name) {
        case .string(let s): return s
        case .nothing: return nil
        default: preconditionFailure(mismatch(name, "string or none"))
        }
    }

    /// Checks that `name`'s default is computed, so that a body giving its own fallback does not
    /// write a typed default a second time.
    func requireComputedDefault(_ name: String) {
        guard case .described = tableDefault(name) else { preconditionFailure(mismatch(name, "described")) }
    }

    /// The defaults of `parameters` this builtin does not declare itself, added: for a body
    /// shared by builtins of which only some take a setting (`pola_om`'s model settings in
    /// `pola_dice`, where the rule ignores them).
    func withDefaults(of parameters: [Parameter]) -> CallArguments {
        var arguments = self
        let declared = Set(self.parameters.map(\.name))
        arguments.parameters += parameters.filter { !declared.contains($0.name) }
        return arguments
    }

    private func mismatch(_ name: String, _ expected: String) -> String {
        "\(callee) reads '\(name)' as a \(expected), but its table's default is \(tableDefault(name))"
    }
}
