/// The syntax tree. Every node keeps the span it was parsed from, for error messages.

public enum UnaryOp: String, Sendable {
    case negate = "-"
    case not
}

public enum BinaryOp: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case power = "^"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
}

public enum LogicalOp: String, Sendable {
    case and, or
}

/// `name: value`, a plain positional `value`, or `...list` (each element a positional
/// argument) in a call.
public struct Argument: Sendable {
    public let label: String?
    public let labelSpan: SourceSpan?
    public let value: Expr
    /// `...value`: the list's elements are the arguments.
    public let spread: Bool

    public var span: SourceSpan { labelSpan.map { $0.to(value.span) } ?? value.span }
}

public indirect enum Expr: Sendable {
    case number(Double, SourceSpan)
    case string(String, SourceSpan)
    case bool(Bool, SourceSpan)
    case none(SourceSpan)
    case name(String, SourceSpan)
    case list([Expr], SourceSpan)
    /// `(name: value, ...)`, fields in order.
    case record([RecordField], SourceSpan)
    case unary(UnaryOp, Expr, SourceSpan)
    case binary(BinaryOp, Expr, Expr, SourceSpan)
    case logical(LogicalOp, Expr, Expr, SourceSpan)
    /// `low..high`, both ends included.
    case range(Expr, Expr, SourceSpan)
    case call(Expr, [Argument], SourceSpan)
    case index(Expr, Expr, SourceSpan)
    case field(Expr, String, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .number(_, let s), .string(_, let s), .bool(_, let s), .none(let s), .name(_, let s),
            .list(_, let s), .record(_, let s), .unary(_, _, let s), .binary(_, _, _, let s), .logical(_, _, _, let s),
            .range(_, _, let s), .call(_, _, let s), .index(_, _, let s), .field(_, _, let s):
            s
        }
    }
}

/// `name: value` in a record literal.
public struct RecordField: Sendable {
    public let name: String
    public let nameSpan: SourceSpan
    public let value: Expr
}

public struct FunctionDeclaration: Sendable {
    public let name: String
    public let parameters: [String]
    public let body: [Stmt]
    public let span: SourceSpan
}

/// What an assignment writes to: a name, or an element of a list held by a name.
public indirect enum AssignmentTarget: Sendable {
    case name(String, SourceSpan)
    case index(Expr, Expr, SourceSpan)
}

public indirect enum Stmt: Sendable {
    case expression(Expr)
    case assign(AssignmentTarget, Expr, SourceSpan)
    case function(FunctionDeclaration)
    case `if`(Expr, [Stmt], [Stmt]?, SourceSpan)
    case `for`(String, Expr, [Stmt], SourceSpan)
    case `while`(Expr, [Stmt], SourceSpan)
    case `return`(Expr?, SourceSpan)
    case `break`(SourceSpan)
    case `continue`(SourceSpan)
}
