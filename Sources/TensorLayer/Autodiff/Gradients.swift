/// Reverse-mode derivatives of `y` with respect to each of `xs`.
///
/// Computes the vector-Jacobian product `cotangent^T (dy/dx)` for every `x` (with a cotangent of
/// ones by default, so for a scalar `y` this is the gradient; for a batch of independent losses
/// it is every member's gradient at once). A tensor in `xs` that `y` does not depend on gets
/// zeros. `xs` may be intermediate tensors, not only variables: the result is then the
/// derivative with the graph below them held fixed.
///
/// With `createGraph` (the default) the results are themselves differentiable wherever the
/// inputs are, so they can be differentiated again: LOLA's look-ahead step is
/// `theta' = theta - eta * gradients(of: loss, at: [theta])[0]`, and the outer update
/// differentiates through it. Pass `false` when only values are needed; it records nothing.
///
///     let x = Tensor.variable(Tensor<Double>([2.0]))
///     let dx = gradients(of: (x * x * x).sum(), at: [x])[0]      // 3x^2 = 12
///     let ddx = gradients(of: dx.sum(), at: [x])[0]               // 6x = 12
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func gradients<Scalar>(
    of y: Tensor<Scalar>, at xs: [Tensor<Scalar>], cotangent: Tensor<Scalar>? = nil, createGraph: Bool = true
) -> [Tensor<Scalar>] {
    let targets = xs.compactMap(\.node)
    guard let root = y.node, !targets.isEmpty else { return xs.map { Tensor<Scalar>.zeros($0.shape) } }
    let graph = BackwardGraph(root: root, output: y, targets: targets)

    var cotangents = [Tensor<Scalar>?].repeated(nil, count: graph.entries.count)
    cotangents[0] = cotangent ?? Tensor<Scalar>.ones(y.shape)
    for (i, entry) in graph.entries.enumerated() {
        guard var g = cotangents[i], entry.node.op.isPrimitive else { continue }
        let needed = entry.inputSlots.map { $0.map { graph.leads[$0] } ?? false }
        guard needed.contains(true) else { continue }
        var inputs = entry.node.inputs
        var output = entry.output
        if !createGraph {
            g = g.detached()
            inputs = inputs.map { $0.detached() }
            output = output.detached()
        }
        let inputCotangents = entry.node.op.backward(g, inputs, output, needed: needed)
        for (slot, cotangent) in zip(entry.inputSlots, inputCotangents) {
            guard let slot, let cotangent else { continue }
            cotangents[slot] = cotangents[slot].map { $0 + cotangent } ?? cotangent
        }
    }
    return xs.map { x in
        guard let node = x.node, let i = graph.slots[ObjectIdentifier(node)], let g = cotangents[i] else {
            return Tensor<Scalar>.zeros(x.shape)
        }
        return g
    }
}

/// The part of the graph a backward pass must visit: every node between `root` and the
/// targets, highest level first (the root is entry 0), each with the positions of its inputs.
private struct BackwardGraph<Scalar: TensorScalar> {
    struct Entry {
        let node: Node<Scalar>
        let output: Tensor<Scalar>
        /// Where each input's node sits in `entries` (nil for constants and pruned nodes).
        var inputSlots: [Int?] = []
    }

    private(set) var entries: [Entry] = []
    private(set) var slots: [ObjectIdentifier: Int] = [:]
    /// Whether a target lies at or below each entry: only those need cotangents.
    private(set) var leads: [Bool] = []

    init(root: Node<Scalar>, output: Tensor<Scalar>, targets: [Node<Scalar>]) {
        // No path from the root to a target passes below the lowest target's level: levels
        // strictly decrease along every path. Nodes under it are never visited, which keeps
        // a gradient taken inside a long unrolled loop from walking back through every step.
        let floor = targets.map(\.level).min()!
        var found = [Entry(node: root, output: output)]
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var next = 0
        while next < found.count {
            for input in found[next].node.inputs {
                guard let node = input.node, node.level >= floor, seen.insert(ObjectIdentifier(node)).inserted else {
                    continue
                }
                found.append(Entry(node: node, output: input))
            }
            next += 1
        }
        // Sorting by level is a valid order: every consumer sits strictly above what it reads.
        found.sort { $0.node.level > $1.node.level }
        slots.reserveCapacity(found.count)
        for (i, entry) in found.enumerated() { slots[ObjectIdentifier(entry.node)] = i }
        for i in found.indices {
            found[i].inputSlots = found[i].node.inputs.map { input in input.node.flatMap { slots[ObjectIdentifier($0)] }
            }
        }
        let targetSet = Set(targets.map(ObjectIdentifier.init))
        leads = [Bool].repeated(false, count: found.count)
        for i in found.indices.reversed() {
            leads[i] =
                targetSet.contains(ObjectIdentifier(found[i].node))
                || found[i].inputSlots.contains { $0.map { leads[$0] } ?? false }
        }
        entries = found
    }
}

extension Op {
    var isPrimitive: Bool {
        if case .variable = self { return false }
        return true
    }
}
