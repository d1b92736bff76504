import Runtime

/// Checks reverse-mode derivatives of `f` against central finite differences, in the manner
/// of autograd's `check_grads`.
///
/// Order 1 compares the directional derivative `<grad f(x), v>` with
/// `(f(x + h v) - f(x - h v)) / 2h` along a random direction `v` per input. Order 2 does the
/// same for the function `x -> <grad f(x), u>` (a gradient of a gradient), so the backward
/// rules' own derivatives are checked too.
/// - Returns: the largest error relative to `max(1, |expected|)` over all checks.
public func gradientCheckError(
    _ f: @escaping ([Tensor]) -> Tensor, at inputs: [Tensor], order: Int, seed: UInt64 = 7, step: Double = 1e-5
) -> Double {
    var generator = SplitMix64(seed: seed)
    func randomLike(_ t: Tensor) -> Tensor {
        Tensor(shape: t.shape, scalars: t.scalars.map { _ in generator.normal() })
    }
    // A scalar objective: contract f's output with a fixed random cotangent.
    let probe = f(inputs)
    let weights = randomLike(probe)
    func scalar(_ xs: [Tensor]) -> Tensor { (f(xs) * weights).sum() }
    var target: ([Tensor]) -> Tensor = scalar
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
        var plus = inputs, minus = inputs
        plus[index] = input + step * v
        minus[index] = input - step * v
        let numeric = (target(plus).item - target(minus).item) / (2 * step)
        let exact = (analytic[index] * v).sum().item
        worst = max(worst, abs(numeric - exact) / max(1, abs(numeric)))
    }
    return worst
}
