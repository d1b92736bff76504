/// The cotangent shared by the sigmoid rules: `g * sigmoid(-x)` for `logSigmoid`, and
/// `g * sigmoid(x) * sigmoid(-x)` for `sigmoid` (`output` given as the middle factor).
///
/// Written in tensor operations whenever anything is differentiable, so that the rule has
/// its own derivative. When nothing is (a backward pass without `createGraph`, the outer
/// gradient of LOLA and POLA, which visits every sigmoid of the look-ahead's graph), the same
/// products are taken in one loop: no negated copy, no sigmoid tensor, no intermediate
/// product. The factors are multiplied in the same order as the tensor form, so the bits agree.
func sigmoidCotangent<Scalar>(_ g: Tensor<Scalar>, output: Tensor<Scalar>?, _ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let constant = !g.isDifferentiable && !x.isDifferentiable && !(output?.isDifferentiable ?? false)
    guard constant, g.shape == x.shape, output.map({ $0.shape == x.shape }) ?? true else {
        return (output.map { g * $0 } ?? g) * (-x).sigmoid()
    }
    let (gs, xs) = (g.scalars, x.scalars)
    let scalars: [Scalar]
    if let os = output?.scalars {
        scalars = [Scalar].filled(count: xs.count) { out in
            for i in 0..<xs.count { out[i] = gs[i] * os[i] * Scalar.sigmoid(-xs[i]) }
        }
    } else {
        scalars = [Scalar].filled(count: xs.count) { out in
            for i in 0..<xs.count { out[i] = gs[i] * Scalar.sigmoid(-xs[i]) }
        }
    }
    return Tensor(shape: x.shape, scalars: scalars)
}
