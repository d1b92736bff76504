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

    func define(_ name: String, _ value: Value) {
        values[name] = value
    }

    /// Every name visible from here, for completion.
    var names: [String] {
        Array(values.keys) + (parent?.names ?? [])
    }
}
