/// Prints syntax trees as fully parenthesised S-expressions, for parser tests and debugging:
/// `a = 1 + 2 * 3` prints as `(= a (+ 1 (* 2 3)))`.
public enum SyntaxPrinter {
    public static func print(_ statements: [Stmt]) -> String {
        statements.map(print).joined(separator: "\n")
    }

    public static func print(_ statement: Stmt) -> String {
        switch statement {
        case .expression(let e): print(e)
        case .assign(.name(let name, _), let value, _): "(= \(name) \(print(value)))"
        case .assign(.index(let list, let index, _), let value, _):
            "(= (index \(print(list)) \(print(index))) \(print(value)))"
        case .function(let f): "(fn \(f.name) (\(f.parameters.joined(separator: " "))) \(block(f.body)))"
        case .if(let c, let t, let e, _): "(if \(print(c)) \(block(t))" + (e.map { " \(block($0))" } ?? "") + ")"
        case .for(let name, let sequence, let body, _): "(for \(name) \(print(sequence)) \(block(body)))"
        case .while(let c, let body, _): "(while \(print(c)) \(block(body)))"
        case .return(let value, _): value.map { "(return \(print($0)))" } ?? "(return)"
        case .break: "(break)"
        case .continue: "(continue)"
        }
    }

    private static func block(_ statements: [Stmt]) -> String {
        "{" + statements.map(print).joined(separator: " ") + "}"
    }

    public static func print(_ expression: Expr) -> String {
        switch expression {
        case .number(let x, _): NumberFormat.shortest(x)
        case .string(let s, _): Render.quoted(s)
        case .bool(let b, _): b ? "true" : "false"
        case .none: "none"
        case .name(let n, _): n
        case .list(let items, _): "[" + items.map(print).joined(separator: " ") + "]"
        case .record(let fields, _): "(record" + fields.map { " \($0.name): \(print($0.value))" }.joined() + ")"
        case .unary(let op, let e, _): "(\(op.rawValue) \(print(e)))"
        case .binary(let op, let l, let r, _): "(\(op.rawValue) \(print(l)) \(print(r)))"
        case .logical(let op, let l, let r, _): "(\(op.rawValue) \(print(l)) \(print(r)))"
        case .range(let l, let h, _): "(.. \(print(l)) \(print(h)))"
        case .call(let f, let args, _):
            "(call \(print(f))"
                + args.map { " " + ($0.label.map { "\($0): " } ?? "") + ($0.spread ? "..." : "") + print($0.value) }
                .joined() + ")"
        case .index(let e, let i, _): "(index \(print(e)) \(print(i)))"
        case .field(let e, let name, _): "(. \(print(e)) \(name))"
        }
    }
}
