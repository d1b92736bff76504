/// The exact discounted values of a game of binary choices, as one differentiable primitive.
///
/// `agents` players each cooperate or defect; a joint action `s` in `0 ..< 2^agents` is read in
/// binary with agent 0 as the most significant bit. Each agent has a logit of cooperating in
/// every state `x` (the joint actions, then one more row): agent `i` cooperates with
/// `q_i(x) = sigmoid(z_i[x])`. The joint action after state `x` is drawn with
/// `P[x][s] = prod_i sigmoid(+-z_i[x])` (the sign `+` where `i` cooperates in `s`), the first one
/// from row `startRow`, `p0 = P[startRow]`, and the values are `V = m^T r` with the discounted
/// visitation `m = (I - gamma P)^-T p0`.
///
/// Composed from tensor operations this took about fifteen graph nodes forward and forty more
/// in its backward pass, each with its arrays; the fused forward rule computes `sigmoid(z)` and
/// `sigmoid(-z)` from one `exp` and solves every run's 4 x 4 system in one pass. Its backward
/// rule (`cotangents`) is fused too when nothing is differentiated, and otherwise written in
/// tensor operations, so second and higher derivatives (LOLA's look-ahead) still work.
public struct DiscountedValueLayout: Sendable, Equatable {
    public let agents: Int
    public let gamma: Double
    /// The logits' row that gives the first joint action's probabilities.
    public let startRow: Int
    /// `r[s][a]`, `[jointActions, agents]` row-major.
    public let rewards: [Double]

    public init(agents: Int, gamma: Double, startRow: Int, rewards: [Double]) {
        precondition(agents >= 1 && (0...(1 << agents)).contains(startRow), "start row \(startRow) of \(agents) agents")
        precondition(rewards.count == (1 << agents) * agents, "\(rewards.count) rewards for \(agents) agents")
        self.agents = agents
        self.gamma = gamma
        self.startRow = startRow
        self.rewards = rewards
    }

    public var jointActions: Int { 1 << agents }
    /// Rows of every agent's logits: the joint actions, then one more (the start state).
    public var states: Int { jointActions + 1 }

    func cooperates(_ agent: Int, in s: Int) -> Bool { (s >> (agents - 1 - agent)) & 1 == 1 }
}

extension Tensor {
    /// The exact discounted values `[batch, agents]` of every agent, given one tensor of logits
    /// `[batch, layout.states]` per agent (see `DiscountedValueLayout`).
    @inlinable
    public static func discountedValues(logits: [Tensor], layout: DiscountedValueLayout) -> Tensor {
        apply(.discountedValues(layout), logits)
    }
}

// MARK: - Forward and backward rules

extension DiscountedValueLayout {
    /// The forward rule: `[batch, agents]` values.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func values<Scalar: TensorScalar>(_ z: [Tensor<Scalar>]) -> ([Int], [Scalar]) {
        let batch = checkedBatch(z)
        let (joint, gamma) = (jointActions, Scalar(self.gamma))
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
        return ([batch, agents], rewardProducts(visits, batch: batch))
    }

    /// The backward rule: each agent's logits' cotangent, given the values' cotangent `g`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func cotangents<Scalar: TensorScalar>(_ g: Tensor<Scalar>, _ z: [Tensor<Scalar>], needed: [Bool])
        -> [Tensor<Scalar>?]
    {
        let differentiated = g.isDifferentiable || z.contains(where: \.isDifferentiable)
        guard !differentiated else { return composedCotangents(g, z, needed: needed) }
        let stacked = Tensor.apply(.discountedValueCotangents(self, needed: needed), [g] + z)
        return (0..<agents).map { needed[$0] ? stacked.indexed(axis: 0, $0) : nil }
    }

    private func checkedBatch<Scalar>(_ z: [Tensor<Scalar>]) -> Int {
        precondition(z.count == agents, "discounted values of \(agents) agents given \(z.count) logits")
        let batch = z[0].shape.first ?? 0
        precondition(z.allSatisfy { $0.shape == [batch, states] }, "logits \(z.map(\.shape)), expected [_, \(states)]")
        return batch
    }

    /// `P[t][x][s]`, `[batch, states, joint]`, every agent's factor multiplied in seat order.
    /// `sigmoid(z)` and `sigmoid(-z)` share one `exp(-|z|)`, with the same bits as
    /// `Scalar.sigmoid` of each.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func transitionProbabilities<Scalar: TensorScalar>(_ z: [Tensor<Scalar>], batch: Int) -> [Scalar] {
        let joint = jointActions
        return [Scalar].filled(count: batch * states * joint) { out in
            for agent in 0..<agents {
                let logits = z[agent].storage
                for row in 0..<(batch * states) {
                    let (cooperate, defect) = logistic(logits[row])
                    for s in 0..<joint {
                        let own = cooperates(agent, in: s) ? cooperate : defect
                        out[row * joint + s] = agent == 0 ? own : out[row * joint + s] * own
                    }
                }
            }
        }
    }

    /// `V[t][a] = sum_s m[t][s] r[s][a]`, accumulated from zero in order as the product kernel does.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func rewardProducts<Scalar: TensorScalar>(_ visits: [Scalar], batch: Int) -> [Scalar] {
        let joint = jointActions
        return [Scalar].filled(count: batch * agents) { out in
            for t in 0..<batch {
                for a in 0..<agents {
                    var value: Scalar = 0
                    for s in 0..<joint { value += visits[t * joint + s] * Scalar(rewards[s * agents + a]) }
                    out[t * agents + a] = value
                }
            }
        }
    }

    /// The same values in plain tensor operations: the graph the game built before this
    /// primitive existed, node for node. The differentiated backward rule differentiates it, so
    /// it gives the same bits as before; tests compare the primitive with it.
    public func composedValues<Scalar>(_ z: [Tensor<Scalar>]) -> Tensor<Scalar> {
        let batch = checkedBatch(z)
        let joint = jointActions
        var probabilities: Tensor<Scalar>?
        for agent in 0..<agents {
            let own = (z[agent].reshaped([batch, states, 1]) * signs(agent)).sigmoid()
            probabilities = probabilities.map { $0 * own } ?? own
        }
        let p = probabilities!.sliced(axis: 1, 0..<joint)
        let p0 = probabilities!.sliced(axis: 1, startRow..<(startRow + 1))
        let visits = (Tensor.identity(joint) - Scalar(gamma) * p).transposed().solve(p0.transposed()).transposed()
        let rewards = Tensor<Scalar>(shape: [joint, agents], scalars: self.rewards.map { Scalar($0) })
        return visits.matmul(rewards).reshaped([batch, agents])
    }

    /// `+1` where `agent` cooperates in joint action `s`, else `-1`: `sigmoid(sign * z)` is the
    /// probability of its action.
    private func signs<Scalar>(_ agent: Int) -> Tensor<Scalar> {
        Tensor(shape: [1, jointActions], scalars: (0..<jointActions).map { cooperates(agent, in: $0) ? 1 : -1 })
    }

    /// When something is differentiated (the look-ahead's inner gradient, `createGraph`), the
    /// cotangents are those of the composed values, differentiated with their graph kept: every
    /// higher derivative follows, and the bits are those of the composed form.
    private func composedCotangents<Scalar>(_ g: Tensor<Scalar>, _ z: [Tensor<Scalar>], needed: [Bool])
        -> [Tensor<Scalar>?]
    {
        let cotangents = gradients(of: composedValues(z), at: z, cotangent: g, createGraph: true)
        return zip(cotangents, needed).map { $1 ? $0 : nil }
    }

    /// The composed form's backward pass when nothing is differentiated (LOLA's and POLA's outer
    /// gradient, `createGraph: false`), in one pass over the numbers: the same products and
    /// sums in the same order as its backward rules, so the bits agree (the learning dynamics of
    /// some Figure 3 runs amplify a last-bit difference into a visible one).
    ///
    /// With `A = I - gamma P`, `m` solving `A^T m = p0`, and the values' cotangent `G`: the
    /// product's rule gives `w[s] = sum_a G[a] r[s][a]`, the solve's `u = A^-1 w` (which is `p0`'s
    /// cotangent) and `-(u[s] m[x])` for `A^T[s][x]`, so `P[x][s]` receives `(u[s] m[x]) gamma`.
    /// Down the product of the agents' factors, agent `i`'s factor `f_i = sigmoid(sign z_i)`
    /// receives the cotangent times the others' factors, its logit `(c f_i) sigmoid(-sign z_i)`
    /// times the sign, summed over the joint actions.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func fusedCotangents<Scalar: TensorScalar>(_ x: [Tensor<Scalar>], needed: [Bool]) -> ([Int], [Scalar]) {
        let z = Array(x.dropFirst())
        let batch = checkedBatch(z)
        let workspace = UnsafeMutablePointer<Scalar>.allocate(capacity: cotangentWorkspace(batch: batch))
        defer { workspace.deallocate() }
        let results = [Scalar].filled(count: agents * batch * states) { out in
            withPointers(to: x.map(\.storage)) { pointers in
                fusedCotangents(
                    g: pointers[0], z: Array(pointers.dropFirst()), batch: batch, needed: needed,
                    into: out.baseAddress!,
                    workspace: workspace)
            }
        }
        return ([agents, batch, states], results)
    }

    /// How many numbers `fusedCotangents(g:z:batch:needed:into:workspace:)` works in.
    func cotangentWorkspace(batch: Int) -> Int {
        let (joint, n) = (jointActions, batch * states * jointActions)
        return 3 * agents * n + n + 3 * batch * joint * joint + 4 * batch * joint
    }

    /// The fused cotangents on raw numbers (a trace's replay calls this on its buffers): `g`
    /// `[batch, agents]`, each of `z` `[batch, states]`, into `out` `[agents, batch, states]`.
    ///
    /// Every intermediate quantity lives in `workspace` (no array per quantity, per agent or per
    /// product: those took a fifth of a replayed POLA tabular run), with wrapping index
    /// arithmetic; the numbers see the same operations in the same order as ever.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func fusedCotangents<Scalar: TensorScalar>(
        g gs: UnsafePointer<Scalar>, z: [UnsafePointer<Scalar>], batch: Int, needed: [Bool],
        into out: UnsafeMutablePointer<Scalar>, workspace: UnsafeMutablePointer<Scalar>
    ) {
        // Two agents (every Figure 3 game) with the sizes as constants, so that the compiler
        // unrolls the loops over agents and joint actions: the same code, the same bits.
        if agents == 2 {
            return fusedCotangents(gs, z, batch, needed, out, workspace, agents: 2, joint: 4)
        }
        fusedCotangents(gs, z, batch, needed, out, workspace, agents: agents, joint: jointActions)
    }

    @inline(__always)
    private func fusedCotangents<Scalar: TensorScalar>(
        _ gs: UnsafePointer<Scalar>, _ z: [UnsafePointer<Scalar>], _ batch: Int, _ needed: [Bool],
        _ out: UnsafeMutablePointer<Scalar>, _ workspace: UnsafeMutablePointer<Scalar>, agents: Int, joint: Int
    ) {
        let (gamma, states, startRow) = (Scalar(self.gamma), joint + 1, startRow)
        let rows = batch &* states
        let n = rows &* joint
        let square = batch &* joint &* joint
        // Agent i's block of n: factors f_i[row][s] = sigmoid(sign z_i[row]), slopes
        // sigmoid(-sign z_i[row]), and prefixes f_0 * ... * f_i as the composed form multiplied them.
        let f = workspace
        let slope = f + agents &* n
        let p = slope + agents &* n
        let system = p + agents &* n
        let transposedSystem = system + square
        let lu = transposedSystem + square
        let p0 = lu + square
        let weighted = p0 + batch &* joint
        let visits = weighted + batch &* joint
        let stateValues = visits + batch &* joint
        let c = stateValues + batch &* joint
        var signs = [Bool].repeated(false, count: agents &* joint)
        for agent in 0..<agents {
            for s in 0..<joint { signs[agent &* joint &+ s] = cooperates(agent, in: s) }
        }
        for agent in 0..<agents {
            let logits = z[agent]
            for row in 0..<rows {
                let (cooperate, defect) = logistic(logits[row])
                for s in 0..<joint {
                    let own = signs[agent &* joint &+ s]
                    f[agent &* n &+ row &* joint &+ s] = own ? cooperate : defect
                    slope[agent &* n &+ row &* joint &+ s] = own ? defect : cooperate
                }
            }
        }
        for i in 0..<n { p[i] = f[i] }
        for agent in 1..<max(agents, 1) {
            for i in 0..<n { p[agent &* n &+ i] = p[(agent &- 1) &* n &+ i] * f[agent &* n &+ i] }
        }
        let probabilities = p + (agents &- 1) &* n
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
                for a in 0..<agents { sum += gs[t &* agents &+ a] * rewards[s &* agents &+ a] }
                weighted[t &* joint &+ s] = sum
            }
        }
        Kernels.solve(transposedSystem, p0, into: visits, scratch: lu, batch: batch, n: joint, k: 1)
        Kernels.solve(system, weighted, into: stateValues, scratch: lu, batch: batch, n: joint, k: 1)
        // The cotangent of the product of all factors, [rows, joint].
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
        for agent in stride(from: agents - 1, through: 0, by: -1) {
            let wanted = needed[agent]
            // Entry by entry: the cotangent of f_agent (the product's cotangent times the prefix
            // below), then the prefix's (times f_agent).
            for row in 0..<rows {
                var sum: Scalar = 0
                for s in 0..<joint {
                    let i = row &* joint &+ s
                    let own = agent == 0 ? c[i] : c[i] * p[(agent &- 1) &* n &+ i]
                    if agent > 0 { c[i] = c[i] * f[agent &* n &+ i] }
                    let logit = own * f[agent &* n &+ i] * slope[agent &* n &+ i]
                    sum += signs[agent &* joint &+ s] ? logit : -logit
                }
                out[agent &* rows &+ row] = wanted ? sum : 0
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
