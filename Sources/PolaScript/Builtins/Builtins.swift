/// The table of builtins: the single source of truth for calls, `:help` and completion.
public enum Builtins {
    public static let all: [Builtin] = core + games + agents + rules + learning + tables

    public static func named(_ name: String) -> Builtin? {
        all.first { $0.name == name }
    }
}
