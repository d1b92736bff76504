/// One primitive of a `TraceProgram`, resolved for its recorded shapes: the kernel to call and
/// the buffers (slot numbers) it reads and writes. Each computes exactly what the primitive's
/// forward rule computes (the same kernel, or the same expression per entry).
enum Step {
    case binary(Binary, Int, Int, Int, BinaryLayout)
    case unary(Unary, Int, Int, count: Int)
    /// `g o sigmoid(-x)` (`o` nil: `g sigmoid(-x)`), the `fusedSigmoidCotangent` primitive.
    case sigmoidCotangent(Int, Int?, Int, Int, count: Int)
    /// `sigmoid(z[r] * sign[j])` for a column `z` and a row of signs (true: +1), from one
    /// exponential per entry of `z` (`TraceProgram.sharingExponentials`).
    case signedSigmoid(Int, [Bool], Int, rows: Int)
    /// `g o sigmoid(-(z[r] * sign[j]))` likewise (`o` nil: `g sigmoid(...)`).
    case signedSigmoidCotangent(Int, Int?, Int, [Bool], Int, rows: Int)
    case transpose(Int, Int, batch: Int, rows: Int, cols: Int)
    case matmul(Int, Int, Int, MatrixProductShape)
    case solve(Int, Int, Int, batch: Int, n: Int, k: Int)
    /// The chain values' fused cotangents of `[g, z_0, ...]` (`Op.bernoulliChainCotangents`).
    case bernoulliChainCotangents(BernoulliChain, needed: [Bool], [Int], Int, batch: Int)
    /// `out[i] = a[sources[i]]`, 0 where the source is -1: the primitives that only move
    /// numbers (slices, paddings, broadcasts, picks, placings).
    case gather(Int, Int, sources: [Int])
    /// `out` zeroed, then `out[targets[i]] += a[i]` for i in order: a sum down to a shape, with
    /// the additions in the order `Kernels.sum` makes them (every path of it walks `a` in order).
    case sum(Int, Int, targets: [Int], count: Int)
    /// Elementwise with any broadcast, each entry's operands found by index.
    case strided(Binary, Int, Int, Int, [Int], [Int])
    /// `op(a) op(b)` of two matrices (`Kernels.matmul(_:transposing:_:transposing:...)`).
    case matmulTransposing(Int, Int, Int, left: Bool, right: Bool, m: Int, k: Int, n: Int)
    /// The primitive's own forward rule, on arrays (`TraceProgram.general[index]`).
    case general(Int)

    enum Binary: CaseIterable {
        case add, subtract, multiply, divide

        /// The elementwise arithmetic `op` is, or nil if it is none of the four.
        init?(_ op: Op) {
            switch op {
            case .add: self = .add
            case .subtract: self = .subtract
            case .multiply: self = .multiply
            case .divide: self = .divide
            default: return nil
            }
        }
    }
    enum Unary: CaseIterable { case negate, exp, log, sigmoid, logSigmoid, tanh, relu, positiveMask }

    /// Numbers of scratch space the step works in.
    var scratch: Int {
        switch self {
        case .solve(_, _, _, let batch, let n, _): batch * n * n
        case .bernoulliChainCotangents(let chain, _, _, _, let batch): chain.cotangentWorkspace(batch: batch)
        default: 0
        }
    }

    /// The slots the step reads and the one it writes; nil for the general step, whose
    /// instruction (`TraceProgram.general`) names them.
    var slots: (reads: [Int], write: Int)? {
        switch self {
        case .binary(_, let a, let b, let out, _), .strided(_, let a, let b, let out, _, _),
            .matmul(let a, let b, let out, _), .solve(let a, let b, let out, _, _, _),
            .matmulTransposing(let a, let b, let out, _, _, _, _, _):
            ([a, b], out)
        case .unary(_, let a, let out, _), .signedSigmoid(let a, _, let out, _),
            .transpose(let a, let out, _, _, _), .gather(let a, let out, _), .sum(let a, let out, _, _):
            ([a], out)
        case .sigmoidCotangent(let g, let o, let x, let out, _),
            .signedSigmoidCotangent(let g, let o, let x, _, let out, _):
            ([g, x] + (o.map { [$0] } ?? []), out)
        case .bernoulliChainCotangents(_, _, let x, let out, _): (x, out)
        case .general: nil
        }
    }

    /// The step of `instruction`, or nil if it has none of its own (the general step).
    init?(_ instruction: TraceInstruction) {
        let (x, shapes, out) = (instruction.inputs, instruction.shapes, instruction.output)
        func unary(_ kind: Unary) -> Step { .unary(kind, x[0], out, count: Shape.count(shapes[0])) }
        func binary(_ kind: Binary) -> Step? {
            if let layout = BinaryLayout(shapes[0], shapes[1]) { return .binary(kind, x[0], x[1], out, layout) }
            guard let shape = Shape.broadcast(shapes[0], shapes[1]) else { return nil }
            var (left, right) = ([Int](), [Int]())
            Kernels.forEachIndex(
                shape, Shape.broadcastStrides(shapes[0], to: shape), Shape.broadcastStrides(shapes[1], to: shape)
            ) { _, a, b in
                left.append(a)
                right.append(b)
            }
            return .strided(kind, x[0], x[1], out, left, right)
        }
        func gather() -> Step { .gather(x[0], out, sources: Self.sources(of: instruction.op, shapes[0])) }
        switch instruction.op {
        case .add, .subtract, .multiply, .divide:
            guard let kind = Binary(instruction.op), let step = binary(kind) else { return nil }
            self = step
        case .negate: self = unary(.negate)
        case .exp: self = unary(.exp)
        case .log: self = unary(.log)
        case .sigmoid: self = unary(.sigmoid)
        case .logSigmoid: self = unary(.logSigmoid)
        case .tanh: self = unary(.tanh)
        case .relu: self = unary(.relu)
        case .positiveMask: self = unary(.positiveMask)
        case .fusedSigmoidCotangent:
            self = .sigmoidCotangent(
                x[0], x.count == 3 ? x[1] : nil, x[x.count - 1], out, count: Shape.count(shapes[0]))
        case .transpose:
            let (batch, rows, cols) = matrixBlocks(shapes[0])
            self = .transpose(x[0], out, batch: batch, rows: rows, cols: cols)
        case .matmul:
            let (batchA, m, k) = matrixBlocks(shapes[0])
            let (batchB, _, n) = matrixBlocks(shapes[1])
            self = .matmul(x[0], x[1], out, MatrixProductShape(batchA: batchA, batchB: batchB, m: m, k: k, n: n))
        case .solve:
            let (batch, n, _) = matrixBlocks(shapes[0])
            self = .solve(x[0], x[1], out, batch: batch, n: n, k: shapes[1][shapes[1].count - 1])
        case .slice, .pad, .broadcastTo, .pick, .place: self = gather()
        case .sumTo(let target):
            var targets = [Int].repeated(0, count: Shape.count(shapes[0]))
            Kernels.forEachIndex(
                shapes[0], Shape.strides(shapes[0]), Shape.broadcastStrides(target, to: shapes[0])
            ) { _, source, target in targets[source] = target }
            self = .sum(x[0], out, targets: targets, count: Shape.count(target))
        case .matmulTransposing(let left, let right):
            let (m, k) = left ? (shapes[0][1], shapes[0][0]) : (shapes[0][0], shapes[0][1])
            let n = right ? shapes[1][0] : shapes[1][1]
            self = .matmulTransposing(x[0], x[1], out, left: left, right: right, m: m, k: k, n: n)
        case .bernoulliChainCotangents(let chain, let needed):
            self = .bernoulliChainCotangents(chain, needed: needed, x, out, batch: shapes[1][0])
        default: return nil
        }
    }
}

extension Step {
    /// Where each entry of a number-moving primitive's output comes from (-1: a zero), found by
    /// running its forward rule on the operand's positions (plus one, so that zeros stand out).
    fileprivate static func sources(of op: Op, _ shape: [Int]) -> [Int] {
        let positions = Tensor<Double>(shape: shape, scalars: (0..<Shape.count(shape)).map { Double($0 + 1) })
        return op.forward([positions]).scalars.map { Int($0) - 1 }
    }
}

/// The blocks of a batched matrix product (as `matmulForward` reads them).
struct MatrixProductShape {
    let batchA: Int
    let batchB: Int
    let m: Int
    let k: Int
    let n: Int
}

/// How two operands of an elementwise primitive meet, in the cases `Kernels.zip` reads
/// directly (any other broadcast takes the general step).
enum BinaryLayout {
    /// Entry i with entry i.
    case same(count: Int)
    /// Every entry of the left with the right's one entry.
    case scalarRight(count: Int)
    case scalarLeft(count: Int)
    /// Every row of the left with the right's one row of `width` (a bias).
    case rowsRight(count: Int, width: Int)
    case rowsLeft(count: Int, width: Int)
    /// A column `[..., 1]` against a row of `width`: entry (r, j) from the column's r and the
    /// row's j (an outer product, or a column of logits against a row of signs).
    case columnByRow(rows: Int, width: Int)
    case rowByColumn(rows: Int, width: Int)

    init?(_ a: [Int], _ b: [Int]) {
        guard let shape = Shape.broadcast(a, b) else { return nil }
        let (count, countA, countB) = (Shape.count(shape), Shape.count(a), Shape.count(b))
        if a == b {
            self = .same(count: count)
        } else if countB == 1 {
            self = .scalarRight(count: count)
        } else if countA == 1 {
            self = .scalarLeft(count: count)
        } else if a == shape, countB > 0, Shape.isTrailing(b, of: shape) {
            self = .rowsRight(count: count, width: countB)
        } else if b == shape, countA > 0, Shape.isTrailing(a, of: shape) {
            self = .rowsLeft(count: count, width: countA)
        } else if let width = shape.last, let rows = Self.column(a, in: shape), countB == width,
            Shape.isTrailing(b, of: shape)
        {
            self = .columnByRow(rows: rows, width: width)
        } else if let width = shape.last, let rows = Self.column(b, in: shape), countA == width,
            Shape.isTrailing(a, of: shape)
        {
            self = .rowByColumn(rows: rows, width: width)
        } else {
            return nil
        }
    }

    /// The rows of `operand` if it is `shape` with a last axis of 1 (and `shape`'s is more).
    private static func column(_ operand: [Int], in shape: [Int]) -> Int? {
        guard operand.count == shape.count, operand.last == 1, (shape.last ?? 0) > 1,
            operand.dropLast().elementsEqual(shape.dropLast())
        else { return nil }
        return Shape.count(operand)
    }

    @inline(__always)
    func apply<Scalar>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ out: UnsafeMutablePointer<Scalar>,
        _ body: (Scalar, Scalar) -> Scalar
    ) {
        switch self {
        case .same(let count): for i in 0..<count { out[i] = body(a[i], b[i]) }
        case .scalarRight(let count):
            let y = b[0]
            for i in 0..<count { out[i] = body(a[i], y) }
        case .scalarLeft(let count):
            let x = a[0]
            for i in 0..<count { out[i] = body(x, b[i]) }
        case .rowsRight(let count, let width):
            for row in stride(from: 0, to: count, by: width) {
                for j in 0..<width { out[row + j] = body(a[row + j], b[j]) }
            }
        case .rowsLeft(let count, let width):
            for row in stride(from: 0, to: count, by: width) {
                for j in 0..<width { out[row + j] = body(a[j], b[row + j]) }
            }
        case .columnByRow(let rows, let width):
            for r in 0..<rows {
                for j in 0..<width { out[r &* width &+ j] = body(a[r], b[j]) }
            }
        case .rowByColumn(let rows, let width):
            for r in 0..<rows {
                for j in 0..<width { out[r &* width &+ j] = body(a[j], b[r]) }
            }
        }
    }
}

/// `[batch, rows, cols]` of a shape of rank 2 or more.
private func matrixBlocks(_ shape: [Int]) -> (batch: Int, rows: Int, cols: Int) {
    (Shape.count(Array(shape.dropLast(2))), shape[shape.count - 2], shape[shape.count - 1])
}
