/// One vertex of the differentiation graph: the primitive that produced a tensor and the
/// tensors it read.
///
/// A class, because a graph shares parents: two tensors computed from `x` point to the same
/// node of `x`. Nothing here changes after creation, except that a node being destroyed hands
/// its inputs to `deinit`'s loop (see there).
@usableFromInline
final class Node<Scalar: TensorScalar>: @unchecked Sendable {
    let op: Op
    // Unchecked: only `deinit` writes it, on a node no one else holds, so the per-read access
    // bookkeeping of a class `var` would buy nothing on the backward pass's hot path.
    @exclusivity(unchecked) private(set) var inputs: [Tensor<Scalar>]
    /// One more than the highest level among the inputs' nodes (leaves are level 0). Every node
    /// sits above all nodes it depends on, so visiting nodes by decreasing level is a valid
    /// reverse topological order without any global numbering.
    let level: Int

    /// Graphs at most this deep are released the ordinary way: recursively, one chain of
    /// `deinit`s per level, a few hundred bytes of stack each, far inside any thread's stack.
    static var recursiveReleaseDepth: Int { 128 }

    @usableFromInline init(op: Op, inputs: [Tensor<Scalar>]) {
        self.op = op
        self.inputs = inputs
        var level = 0
        for input in inputs {
            if let node = input.node, node.level >= level { level = node.level + 1 }
        }
        self.level = level
    }

    /// Releases a deep graph with a loop instead of recursion.
    ///
    /// Releasing the last reference to a node releases its inputs' nodes, which release theirs:
    /// one nested `deinit` per level. A GRU unrolled over a 4096-step episode makes graphs tens
    /// of thousands of levels deep, and that recursion overflowed a worker thread's stack (a
    /// crash, found by the fuzz run). Here every node this one alone keeps alive is taken off its
    /// inputs and released from a stack on the heap, with no inputs left to recurse into.
    deinit {
        guard level > Self.recursiveReleaseDepth, !inputs.isEmpty else { return }
        var pending = [Node]()
        func take(_ inputs: inout [Tensor<Scalar>]) {
            for input in inputs { if let node = input.node { pending.append(node) } }
            inputs = []
        }
        take(&inputs)
        while var node = pending.popLast() {
            // Only a node nothing else holds dies here; one still shared keeps its inputs.
            if isKnownUniquelyReferenced(&node) { take(&node.inputs) }
        }
    }
}
