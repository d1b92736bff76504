import TensorLayer

/// Checks reverse-mode derivatives of `f` against central finite differences, in the manner
/// of autograd's `check_grads`.
///
/// Order 1 compares the directional derivative `<grad f(x), v>` with
/// `(f(x + h v) - f(x - h v)) / 2h` along a random direction `v` per input. Order 2 does the
/// same for the function `x -> <grad f(x), u>` (a gradient of a gradient), so the backward
/// rules' own derivatives are checked too.
///
/// Works in either element type. In `Float` the step must be larger (about 1e-2: the central
/// difference's rounding error grows like eps / h, its truncation error like h^2, balanced
/// near eps^(1/3) ~ 5e-3) and the tolerance looser than in `Double`.
/// - Returns: the largest error relative to `max(1, |expected|)` over all checks.
public func gradientCheckError<Scalar: TensorScalar>(
    _ f: @escaping ([Tensor<Scalar>]) -> Tensor<Scalar>, at inputs: [Tensor<Scalar>], order: Int,
    seed: UInt64 = 7, step: Scalar = 1e-5
) -> Double {
    var generator = SplitMix64(seed: seed)
    func randomLike(_ t: Tensor<Scalar>) -> Tensor<Scalar> {
        Tensor(shape: t.shape, scalars: t.scalars.map { _ in Scalar(generator.normal()) })
    }
    // A scalar objective: contract f's output with a fixed random cotangent.
    let probe = f(inputs)
    let weights = randomLike(probe)
    func scalar(_ xs: [Tensor<Scalar>]) -> Tensor<Scalar> { (f(xs) * weights).sum() }
    var target: ([Tensor<Scalar>]) -> Tensor<Scalar> = scalar
    for _ in 1..<order {
        let previous = target
        let direction = inputs.map(randomLike)
        target = { xs in
            // Inputs that are already variables must stay connected to the outer derivative.
            let vars = xs.map { $0.isDifferentiable ? $0 : Tensor.variable($0) }
            let g = gradients(of: previous(vars), at: vars)
            return zip(g, direction).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
        }
    }
    let vars = inputs.map { Tensor.variable($0) }
    let analytic = gradients(of: target(vars), at: vars)
    var worst = 0.0
    for (index, input) in inputs.enumerated() {
        let v = randomLike(input)
        var plus = inputs
        var minus = inputs
        plus[index] = input + step * v
        minus[index] = input - step * v
        let numeric = Double(target(plus).item - target(minus).item) / (2 * Double(step))
        let exact = Double((analytic[index] * v).sum().item)
        worst = max(worst, abs(numeric - exact) / max(1, abs(numeric)))
    }
    return worst
}
