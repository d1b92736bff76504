import TensorLayer

/// The GRU cell of docs/dice-learning.md, Agents (flax's `GRUCell`), with its three input kernels side by side and
/// its three recurrent kernels side by side, so that each step is one matrix product for the
/// input and one for the state.
///
/// `r = sigmoid(W_ir x + b_ir + W_hr h)`, `z = sigmoid(W_iz x + b_iz + W_hz h)`,
/// `n = tanh(W_in x + b_in + r * (W_hn h + b_hn))`, `h' = (1 - z) * n + z * h`.
/// Note `b_hn` sits inside `r * (...)`: it is not the same as folding it into `b_in`.
struct GRUCell {
    let hiddenSize: Int

    /// The input's contribution `x [W_ir W_iz W_in] + [b_ir b_iz b_in]`, `[rows, 3 hidden]`.
    func inputProjection<Scalar>(_ x: Tensor<Scalar>, kernel: Tensor<Scalar>, bias: Tensor<Scalar>) -> Tensor<Scalar> {
        x.matmul(kernel) + bias
    }

    /// `h'` from the projected input `[batch, 3 hidden]` and the state `h` `[batch, hidden]`;
    /// `recurrent` is `[W_hr W_hz W_hn]` (`[hidden, 3 hidden]`), `hiddenBias` is `b_hn`.
    func step<Scalar>(
        projected: Tensor<Scalar>, state h: Tensor<Scalar>, recurrent: Tensor<Scalar>, hiddenBias: Tensor<Scalar>
    ) -> Tensor<Scalar> {
        let fromState = h.matmul(recurrent)
        func block(_ t: Tensor<Scalar>, _ k: Int) -> Tensor<Scalar> {
            t.sliced(axis: 1, (k * hiddenSize)..<((k + 1) * hiddenSize))
        }
        let r = (block(projected, 0) + block(fromState, 0)).sigmoid()
        let z = (block(projected, 1) + block(fromState, 1)).sigmoid()
        let n = (block(projected, 2) + r * (block(fromState, 2) + hiddenBias)).tanh()
        return (1 - z) * n + z * h
    }
}
