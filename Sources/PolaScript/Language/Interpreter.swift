import Runtime

/// A tree-walking evaluator for PolaScript. One interpreter is one session: its global names
/// persist from one `run` to the next (a prompt runs every line through the same interpreter).
/// Run it inside `LargeStack.run`: its recursion limits assume that stack.
public final class Interpreter: @unchecked Sendable {
    public let globals = Environment()
    public var host: Host
    var callDepth = 0
    /// Where agents made without `seed:` draw their seeds.
    var sessionSeed = SessionSeed()
    /// Deep enough for any sensible recursion, shallow enough to stay far from the native stack
    /// limit of the thread pola-repl runs the interpreter on.
    public static let maximumCallDepth = 2000
    /// The largest list a range or a list operation may build.
    public static let maximumListLength = 1_000_000
    /// Lists nest at most this deep: printing, comparing and freeing them recurse natively.
    public static let maximumListNesting = 100

    /// A list of `items`, or an error at `span` when it would nest too deeply.
    func makeList(_ items: [Value], at span: SourceSpan) throws -> Value {
        let list = Value.list(items)
        guard list.listDepth(limit: Self.maximumListNesting + 1) <= Self.maximumListNesting else {
            throw ScriptError(
                "lists nested deeper than \(Self.maximumListNesting) levels", at: span,
                notes: ["keep data flat: a list of lists of numbers is deep enough for any table"])
        }
        return list
    }

    public init(host: Host) {
        self.host = host
        for builtin in Builtins.all { globals.define(builtin.name, .builtin(builtin)) }
    }

    /// Parses and runs `source`. In echo mode, top-level expression statements print their value.
    /// - Throws: `Diagnostics` for syntax errors (nothing runs) and for the first runtime error
    ///   (the statements before it keep their effects).
    public func run(_ source: Source) throws {
        switch Parser.parse(source) {
        case .success(let program): try run(program, from: source)
        case .failure(let diagnostics): throw diagnostics
        }
    }

    /// Runs statements already parsed from `source` (the prompt parses once to learn whether
    /// the input is complete, and runs what it parsed).
    public func run(_ program: [Stmt], from source: Source) throws {
        let scope = globals
        do {
            for statement in program {
                if host.echo, case .expression(let expression) = statement {
                    let value = try evaluate(expression, in: scope, source: source)
                    if case .none = value { continue }
                    host.write(Render.display(value) + "\n")
                } else {
                    try execute(statement, in: scope, source: source)
                }
            }
        } catch let error as Located {
            throw Diagnostics(
                source: error.source,
                items: [Diagnostic(error.error.message, at: error.error.span, notes: error.error.notes)], stage: .run)
        } catch let error as ScriptError {
            throw Diagnostics(
                source: source, items: [Diagnostic(error.message, at: error.span, notes: error.notes)], stage: .run)
        } catch let flow as ControlFlow {
            throw Diagnostics(source: source, items: [Diagnostic(flow.misplacedMessage, at: flow.span)], stage: .run)
        }
    }

    /// Every name the session knows, for completion.
    public var names: [String] { Array(Set(globals.names)).sorted() }

    /// A script error that escaped a function defined in another source (an earlier prompt
    /// line or cell), with that source so its span can be shown.
    struct Located: Error {
        let source: Source
        let error: ScriptError
    }

    func checkInterrupt(_ span: SourceSpan) throws {
        if host.isInterrupted() { throw ScriptError.interrupted(at: span) }
    }
}

/// `break`, `continue` and `return` unwind through Swift errors to the construct they belong to.
enum ControlFlow: Error {
    case breakLoop(SourceSpan)
    case continueLoop(SourceSpan)
    case returnValue(Value, SourceSpan)

    var span: SourceSpan {
        switch self {
        case .breakLoop(let s), .continueLoop(let s), .returnValue(_, let s): s
        }
    }

    var misplacedMessage: String {
        switch self {
        case .breakLoop: "'break' outside a loop"
        case .continueLoop: "'continue' outside a loop"
        case .returnValue: "'return' outside a function"
        }
    }
}

extension Interpreter {
    /// The value a global name holds, if any.
    public func global(_ name: String) -> Value? {
        globals.lookup(name)
    }

    /// Field names of the value a global name holds, for completion.
    public func fields(of name: String) -> [String] {
        globals.lookup(name).map(Fields.names) ?? []
    }

    /// The type of the value a global name holds (as `type(x)` says), for `:names`.
    public func typeName(of name: String) -> String? {
        globals.lookup(name)?.typeName
    }
}
