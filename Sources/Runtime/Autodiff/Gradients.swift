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
///     let x = Tensor.variable(Tensor([2.0]))
///     let dx = gradients(of: (x * x * x).sum(), at: [x])[0]      // 3x^2 = 12
///     let ddx = gradients(of: dx.sum(), at: [x])[0]               // 6x = 12
public func gradients(
    of y: Tensor, at xs: [Tensor], cotangent: Tensor? = nil, createGraph: Bool = true
) -> [Tensor] {
    let targets = xs.compactMap(\.node)
    guard let root = y.node, !targets.isEmpty else { return xs.map { Tensor.zeros($0.shape) } }
    let graph = BackwardGraph(root: root, output: y, targets: targets)

    var cotangents = [Tensor?](repeating: nil, count: graph.nodes.count)
    cotangents[0] = cotangent ?? Tensor.ones(y.shape)
    for i in graph.nodes.indices {
        let node = graph.nodes[i]
        guard var g = cotangents[i], node.op.isPrimitive else { continue }
        var inputs = node.inputs
        var output = graph.outputs[i]
        if !createGraph {
            g = g.detached()
            inputs = inputs.map { $0.detached() }
            output = output.detached()
        }
        let needed = node.inputs.map { input in input.node.map { graph.leadsToTarget($0) } ?? false }
        guard needed.contains(true) else { continue }
        let inputCotangents = node.op.backward(g, inputs, output, needed: needed)
        for (input, cotangent) in zip(node.inputs, inputCotangents) {
            guard let cotangent, let inputNode = input.node, let j = graph.index(of: inputNode) else { continue }
            cotangents[j] = cotangents[j].map { $0 + cotangent } ?? cotangent
        }
    }
    return xs.map { x in
        guard let node = x.node, let i = graph.index(of: node), let g = cotangents[i] else {
            return Tensor.zeros(x.shape)
        }
        return g
    }
}

/// The part of the graph a backward pass must visit: every node between `root` and the
/// targets, highest level first (the root is entry 0).
private struct BackwardGraph {
    private(set) var nodes: [Node] = []
    private(set) var outputs: [Tensor] = []
    private var slots: [ObjectIdentifier: Int] = [:]
    private var leads: [Bool] = []
    private let targets: Set<ObjectIdentifier>

    init(root: Node, output: Tensor, targets: [Node]) {
        self.targets = Set(targets.map(ObjectIdentifier.init))
        // No path from the root to a target passes below the lowest target's level: levels
        // strictly decrease along every path. Nodes under it are never visited, which keeps
        // a gradient taken inside a long unrolled loop from walking back through every step.
        let floor = targets.map(\.level).min()!
        var found: [(Node, Tensor)] = [(root, output)]
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var next = 0
        while next < found.count {
            for input in found[next].0.inputs {
                guard let node = input.node, node.level >= floor,
                    seen.insert(ObjectIdentifier(node)).inserted
                else { continue }
                found.append((node, input))
            }
            next += 1
        }
        // Sorting by level is a valid order: every consumer sits strictly above what it reads.
        found.sort { $0.0.level > $1.0.level }
        nodes = found.map(\.0)
        outputs = found.map(\.1)
        for (i, node) in nodes.enumerated() { slots[ObjectIdentifier(node)] = i }
        // A node needs a cotangent only if some target lies at or below it; decide it bottom-up.
        leads = [Bool](repeating: false, count: nodes.count)
        for i in nodes.indices.reversed() {
            leads[i] = self.targets.contains(ObjectIdentifier(nodes[i]))
                || nodes[i].inputs.contains { input in input.node.map { leadsToTarget($0) } ?? false }
        }
    }

    func index(of node: Node) -> Int? { slots[ObjectIdentifier(node)] }

    func leadsToTarget(_ node: Node) -> Bool {
        index(of: node).map { leads[$0] } ?? false
    }
}

extension Op {
    var isPrimitive: Bool {
        if case .variable = self { return false }
        return true
    }
}
