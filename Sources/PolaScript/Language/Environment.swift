/// Names and their values. The session has one global scope; each function call gets its own
/// scope whose parent is the global one.
public final class Environment: @unchecked Sendable {
    private var values: [String: Value] = [:]
    let parent: Environment?

    init(parent: Environment? = nil) {
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        values[name] ?? parent?.lookup(name)
    }

    /// Assigns in the scope that already holds `name`, or defines it here.
    func assign(_ name: String, _ value: Value) {
        var scope: Environment? = self
        while let current = scope {
            if current.values[name] != nil {
                current.values[name] = value
                return
            }
            scope = current.parent
        }
        values[name] = value
    }

    /// Changes the value `name` holds where it is stored, so a list it holds can be changed
    /// without a copy: while `body` runs the scope's slot is the only reference to it.
    /// - Returns: false when no scope holds `name`.
    func update(_ name: String, _ body: (inout Value) throws -> Void) rethrows -> Bool {
        var scope: Environment? = self
        while let current = scope {
            if current.values[name] != nil {
                try body(&current.values[name]!)
                return true
            }
            scope = current.parent
        }
        return false
    }

    func define(_ name: String, _ value: Value) {
        values[name] = value
    }

    /// Every name visible from here, for completion.
    var names: [String] {
        Array(values.keys) + (parent?.names ?? [])
    }
}
