/// Reverse-mode derivatives of `y` with respect to each of `xs`.
///
/// Computes the vector-Jacobian product `cotangent^T (dy/dx)` for every `x` (with a cotangent of
/// ones by default, so for a scalar `y` this is the gradient; for a batch of independent losses
/// it is every member's gradient at once). A tensor in `xs` that `y` does not depend on gets
/// zeros.
///
/// With `createGraph` (the default) the results are themselves differentiable wherever the
/// inputs are, so they can be differentiated again: LOLA's look-ahead step is
/// `theta' = theta - eta * gradients(of: loss, at: [theta])[0]`, and the outer update
/// differentiates through it. Pass `false` when only values are needed; it records nothing.
///
///     let x = Tensor.variable(Tensor([2.0]))
///     let dx = gradients(of: (x * x * x).sum(), at: [x])[0]      // 3x^2 = 12
///     let ddx = gradients(of: dx.sum(), at: [x])[0]               // 6x = 12
public func gradients(
    of y: Tensor, at xs: [Tensor], cotangent: Tensor? = nil, createGraph: Bool = true
) -> [Tensor] {
    guard let root = y.node else { return xs.map { Tensor.zeros($0.shape) } }
    let order = reverseTopologicalOrder(from: root, output: y)
    var slot = [ObjectIdentifier: Int](minimumCapacity: order.count)
    for (i, entry) in order.enumerated() { slot[ObjectIdentifier(entry.node)] = i }

    var cotangents = [Tensor?](repeating: nil, count: order.count)
    cotangents[slot[ObjectIdentifier(root)]!] = cotangent ?? Tensor.ones(y.shape)
    for (i, entry) in order.enumerated() {
        guard var g = cotangents[i], entry.node.op.isPrimitive else { continue }
        var inputs = entry.node.inputs
        var output = entry.output
        if !createGraph {
            g = g.detached()
            inputs = inputs.map { $0.detached() }
            output = output.detached()
        }
        let inputCotangents = entry.node.op.backward(g, inputs, output)
        for (input, cotangent) in zip(entry.node.inputs, inputCotangents) {
            guard let node = input.node, let j = slot[ObjectIdentifier(node)] else { continue }
            cotangents[j] = cotangents[j].map { $0 + cotangent } ?? cotangent
        }
    }
    return xs.map { x in
        guard let node = x.node, let i = slot[ObjectIdentifier(node)], let g = cotangents[i] else {
            return Tensor.zeros(x.shape)
        }
        return g
    }
}

/// Every node `root` depends on, paired with the tensor it produced, highest level first.
private func reverseTopologicalOrder(from root: Node, output: Tensor) -> [(node: Node, output: Tensor)] {
    var seen = Set<ObjectIdentifier>([ObjectIdentifier(root)])
    var found: [(node: Node, output: Tensor)] = [(root, output)]
    var next = 0
    while next < found.count {
        for input in found[next].node.inputs {
            guard let node = input.node, seen.insert(ObjectIdentifier(node)).inserted else { continue }
            found.append((node, input))
        }
        next += 1
    }
    // Sorting by level is a valid order: every consumer sits strictly above what it reads.
    return found.sorted { $0.node.level > $1.node.level }
}

extension Op {
    var isPrimitive: Bool {
        if case .variable = self { return false }
        return true
    }
}
