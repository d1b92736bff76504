/// The cotangent shared by the sigmoid rules: `g * sigmoid(-x)` for `logSigmoid`, and
/// `g * sigmoid(x) * sigmoid(-x)` for `sigmoid` (`output` given as the middle factor).
///
/// Written in tensor operations whenever anything is differentiable, so that the rule has
/// its own derivative. When nothing is (a backward pass without `createGraph`, which visits every
/// sigmoid of its graph), the same
/// products are taken in one loop: no negated copy, no sigmoid tensor, no intermediate
/// product (the `fusedSigmoidCotangent` primitive). The factors are multiplied in the same order as the
/// tensor form, so the bits agree.
func sigmoidCotangent<Scalar>(_ g: Tensor<Scalar>, output: Tensor<Scalar>?, _ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let constant = !g.isDifferentiable && !x.isDifferentiable && !(output?.isDifferentiable ?? false)
    guard constant, g.shape == x.shape, output.map({ $0.shape == x.shape }) ?? true else {
        return (output.map { g * $0 } ?? g) * (-x).sigmoid()
    }
    return Tensor.apply(.fusedSigmoidCotangent, output.map { [g, $0, x] } ?? [g, x])
}
