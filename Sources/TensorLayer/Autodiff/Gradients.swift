/// Reverse-mode derivatives of `y` with respect to each of `xs`.
///
/// Computes the vector-Jacobian product `cotangent^T (dy/dx)` for every `x` (with a cotangent of
/// ones by default, so for a scalar `y` this is the gradient; for a batch of independent losses
/// it is every member's gradient at once). A tensor in `xs` that `y` does not depend on gets
/// zeros. `xs` may be intermediate tensors, not only variables: the result is then the
/// derivative with the graph below them held fixed.
///
/// With `createGraph` (the default) the results are themselves differentiable wherever the
/// inputs are, so they can be differentiated again: a gradient step
/// `theta' = theta - eta * gradients(of: loss, at: [theta])[0]` is a differentiable function of
/// `theta`, and a loss of `theta'` differentiates through it. Pass `false` when only values are needed; it records nothing.
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

    var cotangents = [Tensor<Scalar>?].repeated(nil, count: graph.nodes.count)
    cotangents[0] = cotangent ?? Tensor<Scalar>.ones(y.shape)
    for i in graph.order {
        let node = graph.nodes[i]
        guard var g = cotangents[i], node.op.isPrimitive else { continue }
        let edges = graph.edges(of: i)
        let needed = InputMask(graph.needed[edges])
        guard needed.any else { continue }
        var inputs = node.inputs
        var output = graph.outputs[i]
        if !createGraph {
            g = g.detached()
            if inputs.contains(where: \.isDifferentiable) { inputs = inputs.map { $0.detached() } }
            output = output.detached()
        }
        let inputCotangents = node.op.backward(g, inputs, output, needed: needed)
        for (slot, cotangent) in zip(graph.inputs[edges], inputCotangents) {
            guard slot >= 0, let cotangent else { continue }
            if var sum = cotangents[slot].take() {
                sum.accumulate(cotangent)
                cotangents[slot] = sum
            } else {
                cotangents[slot] = cotangent
            }
        }
    }
    return xs.map { x in
        guard let node = x.node, let i = graph.index(of: node), let g = cotangents[i] else {
            return Tensor<Scalar>.zeros(x.shape)
        }
        return g
    }
}

/// The part of the graph a backward pass must visit: every node between `root` and the
/// targets, numbered in the order they were found (the root is 0), with the numbers of each
/// one's inputs in one flat array.
///
/// Flat arrays of numbers rather than an entry per node with its own array of input slots, a
/// `Set` of visited nodes and a `Dictionary` of slots: those cost about 2000 instructions per
/// node (12% of `fig3-pola-tabular`), mostly allocation and hashing.
private struct BackwardGraph<Scalar: TensorScalar> {
    /// The nodes, and the tensors they produced, in the order found.
    private(set) var nodes: [Node<Scalar>] = []
    private(set) var outputs: [Tensor<Scalar>] = []
    /// Node numbers by decreasing level, ties in the order found: the order to visit them in.
    private(set) var order: [Int] = []
    /// Node `i`'s inputs are `inputs[edgeStart[i]..<edgeStart[i + 1]]`: their numbers, or -1
    /// for constants and nodes below every target.
    private(set) var inputs: [Int] = []
    /// Per input as in `inputs`: whether a target lies at or below it (only those need cotangents).
    private(set) var needed: [Bool] = []
    private var edgeStart: [Int] = [0]
    private var table: NodeTable

    func edges(of i: Int) -> Range<Int> { edgeStart[i]..<edgeStart[i + 1] }

    func index(of node: Node<Scalar>) -> Int? { table.value(for: ObjectIdentifier(node)) }

    init(root: Node<Scalar>, output: Tensor<Scalar>, targets: [Node<Scalar>]) {
        // No path from the root to a target passes below the lowest target's level: levels
        // strictly decrease along every path. Nodes under it are never visited, which keeps
        // a gradient taken inside a long unrolled loop from walking back through every step.
        let floor = targets.map(\.level).min()!
        table = NodeTable()
        _ = table.insert(ObjectIdentifier(root), value: 0)
        nodes.append(root)
        outputs.append(output)
        var next = 0
        while next < nodes.count {
            for input in nodes[next].inputs {
                guard let node = input.node, node.level >= floor else {
                    inputs.append(-1)
                    continue
                }
                if let known = table.insert(ObjectIdentifier(node), value: nodes.count) {
                    inputs.append(known)
                } else {
                    inputs.append(nodes.count)
                    nodes.append(node)
                    outputs.append(input)
                }
            }
            edgeStart.append(inputs.count)
            next += 1
        }
        order = Self.byDecreasingLevel(nodes, from: root.level, to: floor)
        needed = neededInputs(targets)
    }

    /// A stable counting sort by level. Decreasing level is a valid order (every consumer sits
    /// strictly above what it reads); keeping ties in the order found keeps the order in which
    /// cotangents are summed, and so their bits, as they were under the comparison sort it
    /// replaces. Every level from the floor to the root's is occupied (the root's deepest input
    /// chain passes through each), so there are no more buckets than nodes.
    private static func byDecreasingLevel(_ nodes: [Node<Scalar>], from top: Int, to floor: Int) -> [Int] {
        var starts = [Int].repeated(0, count: top - floor + 2)
        for node in nodes { starts[top - node.level + 1] += 1 }
        for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
        var order = [Int].repeated(0, count: nodes.count)
        for (i, node) in nodes.enumerated() {
            order[starts[top - node.level]] = i
            starts[top - node.level] += 1
        }
        return order
    }

    /// For every input edge, whether it leads to a target: computed from the lowest nodes up.
    private func neededInputs(_ targets: [Node<Scalar>]) -> [Bool] {
        var leads = [Bool].repeated(false, count: nodes.count)
        for target in targets {
            if let i = index(of: target) { leads[i] = true }
        }
        for i in order.reversed() where !leads[i] {
            leads[i] = inputs[edges(of: i)].contains { $0 >= 0 && leads[$0] }
        }
        return inputs.map { $0 >= 0 && leads[$0] }
    }
}

/// Which inputs of a node need cotangents: a view of the backward graph's flags for one node's
/// inputs, numbered from 0 (no array of its own per node).
struct InputMask {
    private let flags: ArraySlice<Bool>

    init(_ flags: ArraySlice<Bool>) { self.flags = flags }

    subscript(input: Int) -> Bool { flags[flags.startIndex + input] }

    var any: Bool { flags.contains(true) }
}

extension Tensor {
    /// `self + other`, in place when both are constants of one shape (a backward pass without
    /// `createGraph` sums a node's cotangents this way: no new array when this one's storage is
    /// not shared). The same additions as `+`, so the same bits.
    /// While a trace records, the sum is an `add` (the same additions), so that it is recorded.
    mutating func accumulate(_ other: Tensor) {
        guard node == nil, other.node == nil, shape == other.shape, RecordingContext.current == nil else {
            self = self + other
            return
        }
        other.storage.withUnsafeBufferPointer { b in
            storage.withUnsafeMutableBufferPointer { a in
                for i in 0..<a.count { a[i] += b[i] }
            }
        }
    }
}

extension Op {
    var isPrimitive: Bool {
        if case .variable = self { return false }
        return true
    }
}
