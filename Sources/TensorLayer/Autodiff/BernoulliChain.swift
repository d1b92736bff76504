/// A Markov chain on the joint outcomes of independent binary (Bernoulli) variables, with
/// rewards: its discounted values (a Markov reward process's value) as one differentiable
/// primitive.
///
/// `variables` binary variables; an outcome `s` in `0 ..< 2^variables` is read in binary with
/// variable 0 as the most significant bit. The chain has one state per outcome (the state after
/// that outcome), then one more that only starts a chain: `states = 2^variables + 1` rows. In
/// state `x` variable `i` is 1 with probability `sigmoid(z_i[x])` for its logit `z_i[x]`,
/// independently of the others, so the next outcome has probability
/// `P[x][s] = prod_i sigmoid(+-z_i[x])` (the sign `+` where variable `i` is 1 in `s`). The first
/// outcome is drawn from row `startRow`, `p0 = P[startRow]`. With rewards `r[s][c]` per outcome,
/// one column `c` per variable, the values are the expected discounted rewards
/// `V[c] = sum_{t >= 0} gamma^t E[r[s_t][c]] = p0^T (I - gamma P)^-1 r_c = m^T r_c`, `P` restricted
/// to the outcomes' rows, where the discounted visitation `m = (I - gamma P)^-T p0` solves one
/// linear system of `2^variables` unknowns per batch entry.
///
/// Composed from tensor operations this took about fifteen graph nodes forward and forty more
/// in its backward pass, each with its arrays; the fused forward rule computes `sigmoid(z)` and
/// `sigmoid(-z)` from one `exp` and solves every batch entry's system in one pass. Its backward
/// rule (`cotangents`) is fused too when nothing is differentiated, and otherwise written in
/// tensor operations, so second and higher derivatives (a gradient of a gradient) still work.
public struct BernoulliChain: Sendable, Equatable {
    public let variables: Int
    public let gamma: Double
    /// The logits' row that gives the first outcome's probabilities.
    public let startRow: Int
    /// `r[s][c]`, `[outcomes, variables]` row-major: a column of rewards per variable.
    public let rewards: [Double]

    public init(variables: Int, gamma: Double, startRow: Int, rewards: [Double]) {
        precondition(
            variables >= 1 && (0...(1 << variables)).contains(startRow),
            "start row \(startRow) of \(variables) variables")
        precondition(
            rewards.count == (1 << variables) * variables, "\(rewards.count) rewards for \(variables) variables")
        self.variables = variables
        self.gamma = gamma
        self.startRow = startRow
        self.rewards = rewards
    }

    /// The joint outcomes of the variables, `2^variables`.
    public var outcomes: Int { 1 << variables }
    /// Rows of every variable's logits: a state per outcome, then one more (a start state).
    public var states: Int { outcomes + 1 }

    func isOne(_ variable: Int, in outcome: Int) -> Bool { (outcome >> (variables - 1 - variable)) & 1 == 1 }
}

extension Tensor {
    /// The discounted values `[batch, chain.variables]` of `chain`, given one tensor of logits
    /// `[batch, chain.states]` per variable (see `BernoulliChain`).
    @inlinable
    public static func bernoulliChainValues(logits: [Tensor], chain: BernoulliChain) -> Tensor {
        apply(.bernoulliChainValues(chain), logits)
    }
}

// MARK: - Forward and backward rules

extension BernoulliChain {
    /// The forward rule: `[batch, variables]` values.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func values<Scalar: TensorScalar>(_ z: [Tensor<Scalar>]) -> ([Int], [Scalar]) {
        let batch = checkedBatch(z)
        let (joint, gamma) = (outcomes, Scalar(self.gamma))
        let probabilities = transitionProbabilities(z, batch: batch)
        // (I - gamma P)^T m = p0, as the composed form solved it (same bits).
        let system = [Scalar].filled(count: batch * joint * joint) { a in
            for t in 0..<batch {
                for x in 0..<joint {
                    for s in 0..<joint {
                        let p = probabilities[(t * states + x) * joint + s]
                        a[(t * joint + s) * joint + x] = (x == s ? 1 : 0) - gamma * p
                    }
                }
            }
        }
        let p0 = [Scalar].filled(count: batch * joint) { out in
            for t in 0..<batch {
                for s in 0..<joint { out[t * joint + s] = probabilities[(t * states + startRow) * joint + s] }
            }
        }
        let visits = Kernels.solve(system, p0, batch: batch, n: joint, k: 1)
        return ([batch, variables], rewardProducts(visits, batch: batch))
    }

    /// The backward rule: each variable's logits' cotangent, given the values' cotangent `g`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func cotangents<Scalar: TensorScalar>(_ g: Tensor<Scalar>, _ z: [Tensor<Scalar>], needed: [Bool])
        -> [Tensor<Scalar>?]
    {
        let differentiated = g.isDifferentiable || z.contains(where: \.isDifferentiable)
        guard !differentiated else { return composedCotangents(g, z, needed: needed) }
        let stacked = Tensor.apply(.bernoulliChainCotangents(self, needed: needed), [g] + z)
        return (0..<variables).map { needed[$0] ? stacked.indexed(axis: 0, $0) : nil }
    }

    private func checkedBatch<Scalar>(_ z: [Tensor<Scalar>]) -> Int {
        precondition(z.count == variables, "a chain of \(variables) variables given \(z.count) logits")
        let batch = z[0].shape.first ?? 0
        precondition(z.allSatisfy { $0.shape == [batch, states] }, "logits \(z.map(\.shape)), expected [_, \(states)]")
        return batch
    }

    /// `P[t][x][s]`, `[batch, states, outcomes]`, every variable's factor multiplied in order.
    /// `sigmoid(z)` and `sigmoid(-z)` share one `exp(-|z|)`, with the same bits as
    /// `Scalar.sigmoid` of each.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func transitionProbabilities<Scalar: TensorScalar>(_ z: [Tensor<Scalar>], batch: Int) -> [Scalar] {
        let joint = outcomes
        return [Scalar].filled(count: batch * states * joint) { out in
            for variable in 0..<variables {
                let logits = z[variable].storage
                for row in 0..<(batch * states) {
                    let (one, zero) = logistic(logits[row])
                    for s in 0..<joint {
                        let own = isOne(variable, in: s) ? one : zero
                        out[row * joint + s] = variable == 0 ? own : out[row * joint + s] * own
                    }
                }
            }
        }
    }

    /// `V[t][c] = sum_s m[t][s] r[s][c]`, accumulated from zero in order as the product kernel does.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func rewardProducts<Scalar: TensorScalar>(_ visits: [Scalar], batch: Int) -> [Scalar] {
        let joint = outcomes
        return [Scalar].filled(count: batch * variables) { out in
            for t in 0..<batch {
                for c in 0..<variables {
                    var value: Scalar = 0
                    for s in 0..<joint { value += visits[t * joint + s] * Scalar(rewards[s * variables + c]) }
                    out[t * variables + c] = value
                }
            }
        }
    }

    /// The same values in plain tensor operations, node for node the graph this primitive
    /// fuses. The differentiated backward rule differentiates it, so it gives the same bits as
    /// the composed graph; tests compare the primitive with it.
    public func composedValues<Scalar>(_ z: [Tensor<Scalar>]) -> Tensor<Scalar> {
        let batch = checkedBatch(z)
        let joint = outcomes
        var probabilities: Tensor<Scalar>?
        for variable in 0..<variables {
            let own = (z[variable].reshaped([batch, states, 1]) * signs(variable)).sigmoid()
            probabilities = probabilities.map { $0 * own } ?? own
        }
        let p = probabilities!.sliced(axis: 1, 0..<joint)
        let p0 = probabilities!.sliced(axis: 1, startRow..<(startRow + 1))
        let visits = (Tensor.identity(joint) - Scalar(gamma) * p).transposed().solve(p0.transposed()).transposed()
        let rewards = Tensor<Scalar>(shape: [joint, variables], scalars: self.rewards.map { Scalar($0) })
        return visits.matmul(rewards).reshaped([batch, variables])
    }

    /// `+1` where `variable` is 1 in outcome `s`, else `-1`: `sigmoid(sign * z)` is the
    /// probability of its value in `s`.
    private func signs<Scalar>(_ variable: Int) -> Tensor<Scalar> {
        Tensor(shape: [1, outcomes], scalars: (0..<outcomes).map { isOne(variable, in: $0) ? 1 : -1 })
    }

    /// When something is differentiated (an inner gradient taken with `createGraph`), the
    /// cotangents are those of the composed values, differentiated with their graph kept: every
    /// higher derivative follows, and the bits are those of the composed form.
    private func composedCotangents<Scalar>(_ g: Tensor<Scalar>, _ z: [Tensor<Scalar>], needed: [Bool])
        -> [Tensor<Scalar>?]
    {
        let cotangents = gradients(of: composedValues(z), at: z, cotangent: g, createGraph: true)
        return zip(cotangents, needed).map { $1 ? $0 : nil }
    }

    /// The composed form's backward pass when nothing is differentiated (a gradient with
    /// `createGraph: false`), in one pass over the numbers: the same products and sums in the
    /// same order as its backward rules, so the bits agree (learning dynamics can amplify a
    /// last-bit difference into a visible one).
    ///
    /// With `A = I - gamma P`, `m` solving `A^T m = p0`, and the values' cotangent `G`: the
    /// product's rule gives `w[s] = sum_c G[c] r[s][c]`, the solve's `u = A^-1 w` (which is `p0`'s
    /// cotangent) and `-(u[s] m[x])` for `A^T[s][x]`, so `P[x][s]` receives `(u[s] m[x]) gamma`.
    /// Down the product of the variables' factors, variable `i`'s factor `f_i = sigmoid(sign z_i)`
    /// receives the cotangent times the others' factors, its logit `(c f_i) sigmoid(-sign z_i)`
    /// times the sign, summed over the outcomes.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func fusedCotangents<Scalar: TensorScalar>(_ x: [Tensor<Scalar>], needed: [Bool]) -> ([Int], [Scalar]) {
        let z = Array(x.dropFirst())
        let batch = checkedBatch(z)
        let workspace = UnsafeMutablePointer<Scalar>.allocate(capacity: cotangentWorkspace(batch: batch))
        defer { workspace.deallocate() }
        let results = [Scalar].filled(count: variables * batch * states) { out in
            withPointers(to: x.map(\.storage)) { pointers in
                fusedCotangents(
                    g: pointers[0], z: Array(pointers.dropFirst()), batch: batch, needed: needed,
                    into: out.baseAddress!,
                    workspace: workspace)
            }
        }
        return ([variables, batch, states], results)
    }

    /// How many numbers `fusedCotangents(g:z:batch:needed:into:workspace:)` works in.
    func cotangentWorkspace(batch: Int) -> Int {
        let (joint, n) = (outcomes, batch * states * outcomes)
        return 3 * variables * n + n + 3 * batch * joint * joint + 4 * batch * joint
    }

    /// The fused cotangents on raw numbers (a trace's replay calls this on its buffers): `g`
    /// `[batch, variables]`, each of `z` `[batch, states]`, into `out` `[variables, batch, states]`.
    ///
    /// Every intermediate quantity lives in `workspace` (no array per quantity, per variable or
    /// per product: those took a fifth of a replayed `fig3-pola-tabular` benchmark), with
    /// wrapping index arithmetic; the numbers see the same operations in the same order as ever.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func fusedCotangents<Scalar: TensorScalar>(
        g gs: UnsafePointer<Scalar>, z: [UnsafePointer<Scalar>], batch: Int, needed: [Bool],
        into out: UnsafeMutablePointer<Scalar>, workspace: UnsafeMutablePointer<Scalar>
    ) {
        // Two variables (the common case) with the sizes as constants, so that the compiler
        // unrolls the loops over variables and outcomes: the same code, the same bits.
        if variables == 2 {
            return fusedCotangents(gs, z, batch, needed, out, workspace, variables: 2, outcomes: 4)
        }
        fusedCotangents(gs, z, batch, needed, out, workspace, variables: variables, outcomes: outcomes)
    }

    @inline(__always)
    private func fusedCotangents<Scalar: TensorScalar>(
        _ gs: UnsafePointer<Scalar>, _ z: [UnsafePointer<Scalar>], _ batch: Int, _ needed: [Bool],
        _ out: UnsafeMutablePointer<Scalar>, _ workspace: UnsafeMutablePointer<Scalar>, variables: Int,
        outcomes joint: Int
    ) {
        let (gamma, states, startRow) = (Scalar(self.gamma), joint + 1, startRow)
        let rows = batch &* states
        let n = rows &* joint
        let square = batch &* joint &* joint
        // Variable i's block of n: factors f_i[row][s] = sigmoid(sign z_i[row]), slopes
        // sigmoid(-sign z_i[row]), and prefixes f_0 * ... * f_i as the composed form multiplied them.
        let f = workspace
        let slope = f + variables &* n
        let p = slope + variables &* n
        let system = p + variables &* n
        let transposedSystem = system + square
        let lu = transposedSystem + square
        let p0 = lu + square
        let weighted = p0 + batch &* joint
        let visits = weighted + batch &* joint
        let stateValues = visits + batch &* joint
        let c = stateValues + batch &* joint
        var signs = [Bool].repeated(false, count: variables &* joint)
        for variable in 0..<variables {
            for s in 0..<joint { signs[variable &* joint &+ s] = isOne(variable, in: s) }
        }
        for variable in 0..<variables {
            let logits = z[variable]
            for row in 0..<rows {
                let (one, zero) = logistic(logits[row])
                for s in 0..<joint {
                    let own = signs[variable &* joint &+ s]
                    f[variable &* n &+ row &* joint &+ s] = own ? one : zero
                    slope[variable &* n &+ row &* joint &+ s] = own ? zero : one
                }
            }
        }
        for i in 0..<n { p[i] = f[i] }
        for variable in 1..<max(variables, 1) {
            for i in 0..<n { p[variable &* n &+ i] = p[(variable &- 1) &* n &+ i] * f[variable &* n &+ i] }
        }
        let probabilities = p + (variables &- 1) &* n
        let rewards = self.rewards.map { Scalar($0) }
        for t in 0..<batch {
            for x in 0..<joint {
                for s in 0..<joint {
                    let entry = (x == s ? 1 : 0) - gamma * probabilities[(t &* states &+ x) &* joint &+ s]
                    system[(t &* joint &+ x) &* joint &+ s] = entry
                    transposedSystem[(t &* joint &+ s) &* joint &+ x] = entry
                }
            }
            for s in 0..<joint {
                p0[t &* joint &+ s] = probabilities[(t &* states &+ startRow) &* joint &+ s]
                var sum: Scalar = 0
                for k in 0..<variables { sum += gs[t &* variables &+ k] * rewards[s &* variables &+ k] }
                weighted[t &* joint &+ s] = sum
            }
        }
        Kernels.solve(transposedSystem, p0, into: visits, scratch: lu, batch: batch, n: joint, k: 1)
        Kernels.solve(system, weighted, into: stateValues, scratch: lu, batch: batch, n: joint, k: 1)
        // The cotangent of the product of all factors, [rows, outcomes].
        for t in 0..<batch {
            for x in 0..<states {
                for s in 0..<joint {
                    let u = stateValues[t &* joint &+ s]
                    var cotangent: Scalar = x < joint ? (u * visits[t &* joint &+ x]) * gamma : 0
                    if x == startRow { cotangent = u + cotangent }
                    c[(t &* states &+ x) &* joint &+ s] = cotangent
                }
            }
        }
        for variable in stride(from: variables - 1, through: 0, by: -1) {
            let wanted = needed[variable]
            // Entry by entry: the cotangent of f_variable (the product's cotangent times the
            // prefix below), then the prefix's (times f_variable).
            for row in 0..<rows {
                var sum: Scalar = 0
                for s in 0..<joint {
                    let i = row &* joint &+ s
                    let own = variable == 0 ? c[i] : c[i] * p[(variable &- 1) &* n &+ i]
                    if variable > 0 { c[i] = c[i] * f[variable &* n &+ i] }
                    let logit = own * f[variable &* n &+ i] * slope[variable &* n &+ i]
                    sum += signs[variable &* joint &+ s] ? logit : -logit
                }
                out[variable &* rows &+ row] = wanted ? sum : 0
            }
        }
    }
}

/// Runs `body` with a pointer to the numbers of each array (none empty).
private func withPointers<Scalar, Result>(
    to arrays: [[Scalar]], _ body: ([UnsafePointer<Scalar>]) -> Result
) -> Result {
    var pointers = [UnsafePointer<Scalar>]()
    func next(_ index: Int) -> Result {
        guard index < arrays.count else { return body(pointers) }
        return arrays[index].withUnsafeBufferPointer { buffer in
            pointers.append(buffer.baseAddress!)
            return next(index + 1)
        }
    }
    return next(0)
}

/// `(sigmoid(z), sigmoid(-z))` from one `exp(-|z|)`, bit for bit as `Scalar.sigmoid` of each
/// (whose two branches both take `exp` of minus the magnitude).
@inline(__always)
func logistic<Scalar: TensorScalar>(_ z: Scalar) -> (Scalar, Scalar) {
    let e = Scalar.exp(-Swift.abs(z))
    let large = 1 / (1 + e)
    let small = e / (1 + e)
    // At z = 0 both are 1 / (1 + 1), as `sigmoid` takes its first branch for 0 and -0.
    return (z >= 0 ? large : small, -z >= 0 ? large : small)
}
