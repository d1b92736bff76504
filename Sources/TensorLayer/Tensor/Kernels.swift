/// Raw numeric loops on row-major storage of either element type. No autodiff here: `Op` calls these for its
/// forward rules, and its backward rules are written in `Tensor` operations that call them again.
enum Kernels {
    /// Applies `body` elementwise to two operands broadcast to `shape`.
    static func zip<Scalar: TensorScalar>(
        _ a: [Scalar], _ aShape: [Int], _ b: [Scalar], _ bShape: [Int], to shape: [Int],
        _ body: (Scalar, Scalar) -> Scalar
    ) -> [Scalar] {
        let count = Shape.count(shape)
        // The common cases read through buffer pointers, which skips an array subscript's bounds
        // check on every read (with `map` and `transpose`: 0.2% of `fig3-pola-tabular`).
        if aShape == bShape {
            return [Scalar].filled(count: count) { out in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        for i in 0..<count { out[i] = body(a[i], b[i]) }
                    }
                }
            }
        }
        if b.count == 1 {
            let y = b[0]
            return [Scalar].filled(count: count) { out in
                a.withUnsafeBufferPointer { a in
                    for i in 0..<count { out[i] = body(a[i], y) }
                }
            }
        }
        if a.count == 1 {
            let x = a[0]
            return [Scalar].filled(count: count) { out in
                b.withUnsafeBufferPointer { b in
                    for i in 0..<count { out[i] = body(x, b[i]) }
                }
            }
        }
        // A bias added to every row (the GRU's [2000, 192] + [192]): plain loops over rows,
        // rather than the general walk below, which calls a closure per entry. Measured in
        // Float, release: 0.43 ms here, 1.2 ms for the walk on as many entries, 1.6 ms for the
        // 2000 x 64 x 192 product that precedes it.
        if aShape == shape, b.count > 0, Shape.isTrailing(bShape, of: shape) {
            return [Scalar].filled(count: count) { out in
                for row in stride(from: 0, to: count, by: b.count) {
                    for j in 0..<b.count { out[row + j] = body(a[row + j], b[j]) }
                }
            }
        }
        if bShape == shape, a.count > 0, Shape.isTrailing(aShape, of: shape) {
            return [Scalar].filled(count: count) { out in
                for row in stride(from: 0, to: count, by: a.count) {
                    for j in 0..<a.count { out[row + j] = body(a[j], b[row + j]) }
                }
            }
        }
        let sa = Shape.broadcastStrides(aShape, to: shape)
        let sb = Shape.broadcastStrides(bShape, to: shape)
        return [Scalar].filled(count: count) { out in
            forEachIndex(shape, sa, sb) { i, ia, ib in out[i] = body(a[ia], b[ib]) }
        }
    }

    /// Walks every index of `shape` in row-major order, tracking two strided offsets.
    ///
    /// The last axis runs as a plain inner loop; only the outer axes pay for the index
    /// bookkeeping, which matters for small batched shapes.
    static func forEachIndex(
        _ shape: [Int], _ sa: [Int], _ sb: [Int], _ body: (Int, Int, Int) -> Void
    ) {
        let count = Shape.count(shape)
        guard count > 0 else { return }
        guard let last = shape.last else { return body(0, 0, 0) }
        let rank = shape.count
        let innerA = sa[rank - 1]
        let innerB = sb[rank - 1]
        var index = [Int].repeated(0, count: rank)
        var ia = 0
        var ib = 0
        var i = 0
        while i < count {
            var a = ia
            var b = ib
            for _ in 0..<last {
                body(i, a, b)
                i += 1
                a += innerA
                b += innerB
            }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                ia += sa[axis]
                ib += sb[axis]
                if index[axis] < shape[axis] { break }
                ia -= sa[axis] * shape[axis]
                ib -= sb[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Copies `count` elements of `source` from `offset` into `target` at `position`.
    static func copy<Scalar: TensorScalar>(
        _ source: [Scalar], from offset: Int, into target: UnsafeMutableBufferPointer<Scalar>, at position: Int,
        count: Int
    ) {
        guard count > 0 else { return }
        source.withUnsafeBufferPointer { source in
            (target.baseAddress! + position).update(from: source.baseAddress! + offset, count: count)
        }
    }

    static func map<Scalar: TensorScalar>(_ a: [Scalar], _ body: (Scalar) -> Scalar) -> [Scalar] {
        [Scalar].filled(count: a.count) { out in
            a.withUnsafeBufferPointer { a in
                for i in 0..<a.count { out[i] = body(a[i]) }
            }
        }
    }

    /// Sums `a` (of `shape`) down to `target`, the inverse of broadcasting.
    static func sum<Scalar: TensorScalar>(_ a: [Scalar], _ shape: [Int], to target: [Int]) -> [Scalar] {
        var out = [Scalar].repeated(0, count: Shape.count(target))
        // A bias's gradient (rows summed into one): the same additions in the same order as the
        // general walk, without its closure per entry (0.26 ms for [2000, 192] to [192]; the
        // walk took 3.3 ms to sum as many entries to [2000, 1]).
        if !out.isEmpty, Shape.isTrailing(target, of: shape) {
            let n = out.count
            out.withUnsafeMutableBufferPointer { o in
                for row in stride(from: 0, to: a.count, by: n) {
                    for j in 0..<n { o[j] += a[row + j] }
                }
            }
            return out
        }
        // Rows summed across (the exact values' [runs, states, 4] back to [runs, states, 1]):
        // the general walk's additions in its order, without its stride and index arrays.
        if let n = shape.last, n > 0, target.count == shape.count, target.last == 1,
            target.dropLast().elementsEqual(shape.dropLast())
        {
            out.withUnsafeMutableBufferPointer { o in
                for row in 0..<o.count {
                    for j in 0..<n { o[row] += a[row * n + j] }
                }
            }
            return out
        }
        let st = Shape.broadcastStrides(target, to: shape)
        let own = Shape.strides(shape)
        out.withUnsafeMutableBufferPointer { o in
            forEachIndex(shape, own, st) { _, ia, it in o[it] += a[ia] }
        }
        return out
    }

    /// Copies `a` broadcast to `target`.
    static func broadcast<Scalar: TensorScalar>(_ a: [Scalar], _ shape: [Int], to target: [Int]) -> [Scalar] {
        let count = Shape.count(target)
        if a.count == 1 { return [Scalar].repeated(a[0], count: count) }
        let sa = Shape.broadcastStrides(shape, to: target)
        return [Scalar].filled(count: count) { out in
            forEachIndex(target, sa, sa) { i, ia, _ in out[i] = a[ia] }
        }
    }

    /// Batched matrix product of `[batch, m, k]` and `[batch, k, n]` blocks; a batch count of 1
    /// on either side is reused for every block of the other.
    static func matmul<Scalar: TensorScalar>(
        _ a: [Scalar], _ b: [Scalar], batchA: Int, batchB: Int, m: Int, k: Int, n: Int
    ) -> [Scalar] {
        matmul(a, b, batchA: batchA, batchB: batchB, m: m, k: k, n: n, throughBLAS: m * k * n >= BLAS.threshold)
    }

    /// `op(a) op(b)` of one m x k by one k x n matrix, `op` transposing a stored k x m `a` or
    /// n x k `b` where its flag is set. Large products pass the flags to BLAS; small ones
    /// materialise the transposes and take the loop, the same bits as before the flags existed.
    static func matmul<Scalar: TensorScalar>(
        _ a: [Scalar], transposing left: Bool, _ b: [Scalar], transposing right: Bool, m: Int, k: Int, n: Int
    ) -> [Scalar] {
        guard m * k * n >= BLAS.threshold else {
            let a = left ? transpose(a, batch: 1, rows: k, cols: m) : a
            let b = right ? transpose(b, batch: 1, rows: n, cols: k) : b
            return matmul(a, b, batchA: 1, batchB: 1, m: m, k: k, n: n, throughBLAS: false)
        }
        return product(a, b, count: m * n) { a, b, c in
            BLAS.product(a, transposingA: left, b, transposingB: right, into: c, m: m, k: k, n: n)
        }
    }

    /// `matmul` into `out` from raw operands (a trace's replay keeps its numbers in raw buffers):
    /// the same choice between BLAS and the loop, and the same loops, as the array form.
    static func matmul<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into out: UnsafeMutablePointer<Scalar>,
        batchA: Int, batchB: Int, m: Int, k: Int, n: Int
    ) {
        guard k > 0 else { return out.update(repeating: 0, count: max(batchA, batchB) * m * n) }
        if m * k * n >= BLAS.threshold {
            blasProduct(a, b, into: out, batchA: batchA, batchB: batchB, m: m, k: k, n: n)
        } else {
            loopProduct(a, b, into: out, batchA: batchA, batchB: batchB, m: m, k: k, n: n)
        }
    }

    /// `matmul(_:transposing:_:transposing:m:k:n:)` into `out` from raw operands: the same
    /// choice and the same loops (small products transpose into temporaries, then loop).
    static func matmul<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, transposing left: Bool, _ b: UnsafePointer<Scalar>, transposing right: Bool,
        into out: UnsafeMutablePointer<Scalar>, m: Int, k: Int, n: Int
    ) {
        guard k > 0 else { return out.update(repeating: 0, count: m * n) }
        guard m * k * n >= BLAS.threshold else {
            let transposedA = left ? UnsafeMutablePointer<Scalar>.allocate(capacity: m * k) : nil
            let transposedB = right ? UnsafeMutablePointer<Scalar>.allocate(capacity: k * n) : nil
            defer {
                transposedA?.deallocate()
                transposedB?.deallocate()
            }
            if let transposedA { transpose(a, into: transposedA, batch: 1, rows: k, cols: m) }
            if let transposedB { transpose(b, into: transposedB, batch: 1, rows: n, cols: k) }
            return loopProduct(
                transposedA.map { UnsafePointer($0) } ?? a, transposedB.map { UnsafePointer($0) } ?? b, into: out,
                batchA: 1, batchB: 1, m: m, k: k, n: n)
        }
        BLAS.product(a, transposingA: left, b, transposingB: right, into: out, m: m, k: k, n: n)
    }

    /// `matmul` by the kernel named, whatever the size: BLAS, or the tensor layer's own loop, in
    /// which each entry accumulates its k products in order.
    static func matmul<Scalar: TensorScalar>(
        _ a: [Scalar], _ b: [Scalar], batchA: Int, batchB: Int, m: Int, k: Int, n: Int, throughBLAS: Bool
    ) -> [Scalar] {
        product(a, b, count: max(batchA, batchB) * m * n) { a, b, out in
            if throughBLAS {
                blasProduct(a, b, into: out, batchA: batchA, batchB: batchB, m: m, k: k, n: n)
            } else {
                loopProduct(a, b, into: out, batchA: batchA, batchB: batchB, m: m, k: k, n: n)
            }
        }
    }

    private static func loopProduct<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into out: UnsafeMutablePointer<Scalar>,
        batchA: Int, batchB: Int, m: Int, k: Int, n: Int
    ) {
        for t in 0..<max(batchA, batchB) {
            let block = (a + (batchA == 1 ? 0 : t) * m * k, b + (batchB == 1 ? 0 : t) * k * n, out + t * m * n)
            // Narrow products (rows of 4 or 5) sum each entry in a register;
            // wide ones sweep whole rows of `b`, which the compiler vectorises. Both add the
            // k products of an entry in order from 0, so both give the same bits.
            if n < 8 {
                // The exact half's products (`m k n` of 4 1 4, 4 4 1, 1 4 4 and 1 2 4: outer
                // products of 4-vectors, a 4 x 4 matrix by a vector and back) with their sizes as
                // constants, unrolled: the same code, the same bits.
                switch (m, k, n) {
                case (4, 1, 4): dotProducts(block.0, block.1, into: block.2, m: 4, k: 1, n: 4)
                case (4, 4, 1): dotProducts(block.0, block.1, into: block.2, m: 4, k: 4, n: 1)
                case (1, 4, 4): dotProducts(block.0, block.1, into: block.2, m: 1, k: 4, n: 4)
                case (1, 2, 4): dotProducts(block.0, block.1, into: block.2, m: 1, k: 2, n: 4)
                default: dotProducts(block.0, block.1, into: block.2, m: m, k: k, n: n)
                }
            } else {
                rowSweeps(block.0, block.1, into: block.2, m: m, k: k, n: n)
            }
        }
    }

    @inline(__always)
    private static func dotProducts<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into out: UnsafeMutablePointer<Scalar>,
        m: Int, k: Int, n: Int
    ) {
        for i in 0..<m {
            let row = a + i * k
            for j in 0..<n {
                var s: Scalar = 0
                for p in 0..<k { s += row[p] * b[p * n + j] }
                out[i * n + j] = s
            }
        }
    }

    private static func rowSweeps<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into out: UnsafeMutablePointer<Scalar>,
        m: Int, k: Int, n: Int
    ) {
        for i in 0..<m {
            let row = out + i * n
            row.initialize(repeating: 0, count: n)
            for p in 0..<k {
                let x = a[i * k + p]
                let source = b + p * n
                for j in 0..<n { row[j] += x * source[j] }
            }
        }
    }

    /// A batch times one matrix is one product of all the batch's rows (its blocks are
    /// contiguous), so BLAS sees one large product rather than many.
    private static func blasProduct<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into c: UnsafeMutablePointer<Scalar>,
        batchA: Int, batchB: Int, m: Int, k: Int, n: Int
    ) {
        if batchB == 1 { return BLAS.product(a, b, into: c, m: batchA * m, k: k, n: n) }
        for t in 0..<max(batchA, batchB) {
            BLAS.product(a + (batchA == 1 ? 0 : t) * m * k, b + t * k * n, into: c + t * m * n, m: m, k: k, n: n)
        }
    }

    /// `count` new numbers written by `body` from the operands' storage; zeros when there is
    /// nothing to multiply (an empty operand has no storage to point at).
    private static func product<Scalar: TensorScalar>(
        _ a: [Scalar], _ b: [Scalar], count: Int,
        _ body: (UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void
    ) -> [Scalar] {
        [Scalar].filled(count: count) { out in
            guard count > 0, !a.isEmpty, !b.isEmpty else { return out.initialize(repeating: 0) }
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in body(a.baseAddress!, b.baseAddress!, out.baseAddress!) }
            }
        }
    }

    /// Swaps the last two axes of `[batch, rows, cols]` blocks.
    static func transpose<Scalar: TensorScalar>(_ a: [Scalar], batch: Int, rows: Int, cols: Int) -> [Scalar] {
        [Scalar].filled(count: a.count) { out in
            a.withUnsafeBufferPointer { a in
                guard let source = a.baseAddress, let target = out.baseAddress else { return }
                transpose(source, into: target, batch: batch, rows: rows, cols: cols)
            }
        }
    }

    /// Raw pointers and wrapping index arithmetic: a replay of `fig3-pola-tabular` transposes 4 x 4
    /// blocks eight times a step, and checked arithmetic doubled their cost.
    static func transpose<Scalar: TensorScalar>(
        _ source: UnsafePointer<Scalar>, into target: UnsafeMutablePointer<Scalar>, batch: Int, rows: Int, cols: Int
    ) {
        for t in 0..<batch {
            let o = t &* rows &* cols
            for i in 0..<rows {
                for j in 0..<cols { target[o &+ j &* rows &+ i] = source[o &+ i &* cols &+ j] }
            }
        }
    }

    /// Solves `A X = B` for every block (`A` is `[batch, n, n]`, `B` is `[batch, n, k]`) by
    /// Gaussian elimination with partial pivoting. A singular block yields non-finite entries;
    /// callers that must report it check finiteness.
    static func solve<Scalar: TensorScalar>(_ a: [Scalar], _ b: [Scalar], batch: Int, n: Int, k: Int) -> [Scalar] {
        var lu = a
        var x = b
        lu.withUnsafeMutableBufferPointer { m in
            x.withUnsafeMutableBufferPointer { x in
                for t in 0..<batch {
                    eliminate(m.baseAddress! + t * n * n, x.baseAddress! + t * n * k, n: n, k: k)
                }
            }
        }
        return x
    }

    /// Index arithmetic wraps (`&+`, `&*`: the indices are far below overflow) and loops are
    /// `while` loops: the checked arithmetic and range construction of the plain form cost about
    /// 1000 instructions per 4 x 4 solve, a sixth of a replayed `fig3-pola-tabular`. The numbers
    /// see the same operations in the same order.
    /// `solve` into `x` from raw operands, eliminating in `scratch` (`batch * n * n` numbers).
    static func solve<Scalar: TensorScalar>(
        _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into x: UnsafeMutablePointer<Scalar>,
        scratch lu: UnsafeMutablePointer<Scalar>, batch: Int, n: Int, k: Int
    ) {
        lu.update(from: a, count: batch * n * n)
        x.update(from: b, count: batch * n * k)
        for t in 0..<batch { eliminate(lu + t * n * n, x + t * n * k, n: n, k: k) }
    }

    private static func eliminate<Scalar: TensorScalar>(
        _ m: UnsafeMutablePointer<Scalar>, _ x: UnsafeMutablePointer<Scalar>, n: Int, k: Int
    ) {
        // The exact half's systems (4 x 4, one right-hand side) with the sizes as constants, so
        // that the compiler unrolls every loop: the same code, so the same operations in the
        // same order (a third fewer instructions per solve).
        if n == 4, k == 1 { return eliminate(m, x, size: 4, columns: 1) }
        eliminate(m, x, size: n, columns: k)
    }

    @inline(__always)
    private static func eliminate<Scalar: TensorScalar>(
        _ m: UnsafeMutablePointer<Scalar>, _ x: UnsafeMutablePointer<Scalar>, size n: Int, columns k: Int
    ) {
        var col = 0
        while col < n {
            let diagonalIndex = col &* n &+ col
            var pivot = col
            var largest = abs(m[diagonalIndex])
            var row = col &+ 1
            while row < n {
                let candidate = abs(m[row &* n &+ col])
                if candidate > largest { (pivot, largest) = (row, candidate) }
                row &+= 1
            }
            if pivot != col {
                for j in 0..<n { m.swapAt(col &* n &+ j, pivot &* n &+ j) }
                for j in 0..<k { x.swapAt(col &* k &+ j, pivot &* k &+ j) }
            }
            let diagonal = m[diagonalIndex]
            row = col &+ 1
            while row < n {
                let factor = m[row &* n &+ col] / diagonal
                if factor != 0 {
                    var j = col
                    while j < n {
                        m[row &* n &+ j] -= factor * m[col &* n &+ j]
                        j &+= 1
                    }
                    j = 0
                    while j < k {
                        x[row &* k &+ j] -= factor * x[col &* k &+ j]
                        j &+= 1
                    }
                }
                row &+= 1
            }
            col &+= 1
        }
        var row = n &- 1
        while row >= 0 {
            var j = 0
            while j < k {
                var s = x[row &* k &+ j]
                var c = row &+ 1
                while c < n {
                    s -= m[row &* n &+ c] * x[c &* k &+ j]
                    c &+= 1
                }
                x[row &* k &+ j] = s / m[row &* n &+ row]
                j &+= 1
            }
            row &-= 1
        }
    }
}

extension UnsafeMutablePointer where Pointee: TensorScalar {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
