/// One vertex of the differentiation graph: the primitive that produced a tensor and the
/// tensors it read.
///
/// A class, because a graph shares parents: two tensors computed from `x` point to the same
/// node of `x`. Nothing here is mutable after creation.
@usableFromInline
final class Node<Scalar: TensorScalar>: @unchecked Sendable {
    let op: Op
    let inputs: [Tensor<Scalar>]
    /// One more than the highest level among the inputs' nodes (leaves are level 0). Every node
    /// sits above all nodes it depends on, so visiting nodes by decreasing level is a valid
    /// reverse topological order without any global numbering.
    let level: Int

    @usableFromInline init(op: Op, inputs: [Tensor<Scalar>]) {
        self.op = op
        self.inputs = inputs
        var level = 0
        for input in inputs {
            if let node = input.node, node.level >= level { level = node.level + 1 }
        }
        self.level = level
    }
}
