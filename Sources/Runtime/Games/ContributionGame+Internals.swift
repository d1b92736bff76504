import TensorLayer

/// The pieces the exact value is made of, as plain numbers for display and teaching: the
/// transition matrix and the discounted visitation (`docs/exact-learning.md`, "The exact
/// discounted value"). `values` computes the same quantities inside one differentiable graph;
/// these are the same formulas written out in plain Swift, so they also check it.
extension ContributionGame {
    /// `Pr(s | x)` for every state x (the joint actions, then the first move) and joint action s:
    /// `[stateCount][jointActions]`. The last row is `p0`, the first move's distribution: the
    /// start entries under `separate`, the all-cooperate entries under `cc`.
    /// - Parameter probabilities: each agent's probability of cooperating per state, in seat order.
    public func transitionRows(probabilities q: [[Double]]) -> [[Double]] {
        let firstRow = start == .separate ? jointActions : jointActions - 1
        return (0..<stateCount).map { x in
            let state = x == jointActions ? firstRow : x
            return (0..<jointActions).map { s in
                (0..<agents).reduce(1.0) { p, i in p * (cooperated(i, in: s) ? q[i][state] : 1 - q[i][state]) }
            }
        }
    }

    /// The discounted visitation `m = p0^T (I - gamma P)^-1` of each joint action (or
    /// `sum_{t < T} gamma^t p0^T P^t` with a horizon), so that agent a's value is `m . r_a`.
    public func visitation(probabilities q: [[Double]]) -> [Double] {
        let rows = transitionRows(probabilities: q)
        let (p0, p) = (rows[jointActions], Array(rows.prefix(jointActions)))
        guard let horizon else {
            // (I - gamma P)^T m = p0.
            let n = jointActions
            let system = (0..<n).flatMap { r in (0..<n).map { c in (r == c ? 1 : 0) - gamma * p[c][r] } }
            return Tensor(shape: [n, n], scalars: system).solve(Tensor(shape: [n, 1], scalars: p0)).scalars
        }
        var (visits, current, weight) = (p0, p0, 1.0)
        for _ in 1..<horizon {
            current = (0..<jointActions).map { s in (0..<jointActions).reduce(0) { $0 + current[$1] * p[$1][s] } }
            weight *= gamma
            visits = zip(visits, current).map { $0 + weight * $1 }
        }
        return visits
    }
}
