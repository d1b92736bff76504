import Dispatch
import TensorLayer

/// How much of an agent's outer gradient is opponent shaping, measured over independent batches
/// at the first outer step of an epoch (`DiCERule.measureShaping`).
///
/// The gradient on the learner's policy is `direct + shaping` (`LookAheadGradient`). Norms are
/// Euclidean over all policy parameters, of the means over the batches; a standard error is the
/// norm of the per-parameter standard errors of a mean, `sqrt(sum_p var_p / n)`, so a mean whose
/// norm is not well above its error is not told apart from the batches' noise.
public struct ShapingMeasurement: Sendable, Equatable {
    public let batches: Int
    /// `|mean direct|`.
    public let direct: Double
    public let directError: Double
    /// `|mean shaping|`.
    public let shaping: Double
    public let shapingError: Double
    /// The cosine of the angle between the two means (0 when either is zero).
    public let cosine: Double
    /// The share of policy parameters whose mean whole gradient has the other sign than the
    /// mean direct part: where shaping turns the first Adam step (a sign step) around.
    public let flips: Double

    /// `shaping / direct` (0 when the direct part is zero).
    public var ratio: Double { direct > 0 ? shaping / direct : 0 }
}

extension DiCERule {
    /// Each agent's outer gradient at `agents`' parameters, the first outer step of an epoch
    /// (so the outer KL and its gradient are zero), on `batches` independent sets of rollouts,
    /// split into its direct and shaping parts and summarised (`ShapingMeasurement`).
    ///
    /// The look-ahead is through the opponent's parameters whatever the kind (for POLA-OM this is
    /// what POLA-DiCE would do; its models are not read). Each agent draws from its own stream
    /// of `seed`, on its own thread, so the numbers do not depend on the threads. Nothing is
    /// installed: the agents are read only. Polls `interruption` before every chunk of episodes.
    ///
    /// - Precondition: `batches >= 2` (a standard error needs two).
    public func measureShaping<Environment: SampledEnvironment>(
        _ environment: Environment, agents: [SampledAgent], batches: Int, seed: UInt64,
        interruption: Interruption = .never
    ) throws -> [ShapingMeasurement] {
        precondition(agents.count == 2, "two agents, one per seat")
        precondition(batches >= 2, "a standard error needs two batches")
        let slots = Locked([Result<ShapingMeasurement, Error>?](repeating: nil, count: 2))
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let outcome = Result {
                var generator = SplitMix64(seed: seed, stream: UInt64(2 + i))
                var direct = ParameterSamples()
                var shaping = ParameterSamples()
                let own = agents[i]
                for _ in 0..<batches {
                    let parts = try lookAheadGradientParts(
                        learner: i, own: own, theta: own.policyParameters, phi: own.valueParameters,
                        opponent: agents[1 - i], interruption: interruption
                    ) { opponentNow in
                        try playChunks(
                            environment, learner: i, own: own.view, opponent: opponentNow,
                            interruption: interruption, using: &generator)
                    }
                    direct.add(parts.direct)
                    shaping.add(parts.shaping)
                }
                return ShapingMeasurement(direct: direct, shaping: shaping)
            }
            slots.withLock { $0[i] = outcome }
        }
        return try slots.withLock { $0 }.map { try $0!.get() }
    }
}

extension ShapingMeasurement {
    /// The summary of per-batch samples, each a flattened policy gradient part.
    public init(directSamples: [[Double]], shapingSamples: [[Double]]) {
        var (direct, shaping) = (ParameterSamples(), ParameterSamples())
        for sample in directSamples { direct.add(sample) }
        for sample in shapingSamples { shaping.add(sample) }
        self.init(direct: direct, shaping: shaping)
    }

    init(direct: ParameterSamples, shaping: ParameterSamples) {
        let (d, s) = (direct.mean, shaping.mean)
        let (dNorm, sNorm) = (norm(d), norm(s))
        let dot = zip(d, s).reduce(0) { $0 + $1.0 * $1.1 }
        let turned = zip(d, s).filter { d, s in d != 0 && (d + s).sign != d.sign }.count
        let moving = d.filter { $0 != 0 }.count
        self.init(
            batches: direct.count, direct: dNorm, directError: direct.standardError, shaping: sNorm,
            shapingError: shaping.standardError, cosine: dNorm > 0 && sNorm > 0 ? dot / (dNorm * sNorm) : 0,
            flips: moving > 0 ? Double(turned) / Double(moving) : 0)
    }
}

/// Running sums over samples of a list of tensors, flattened, in `Double`.
struct ParameterSamples {
    private var sum: [Double] = []
    private var sumOfSquares: [Double] = []
    private(set) var count = 0

    mutating func add(_ tensors: [Tensor<Float>]) {
        add(tensors.flatMap { $0.scalars.map(Double.init) })
    }

    mutating func add(_ values: [Double]) {
        precondition(count == 0 || values.count == sum.count, "every sample has the same parameters")
        if count == 0 {
            sum = [Double](repeating: 0, count: values.count)
            sumOfSquares = sum
        }
        for (p, x) in values.enumerated() {
            sum[p] += x
            sumOfSquares[p] += x * x
        }
        count += 1
    }

    var mean: [Double] { sum.map { $0 / Double(count) } }

    /// `sqrt(sum_p var_p / n)`, with each parameter's sample variance (divisor `n - 1`).
    var standardError: Double {
        let n = Double(count)
        let variances = zip(sum, sumOfSquares).map { s, q in max(0, (q - s * s / n) / (n - 1)) }
        return (variances.reduce(0, +) / n).squareRoot()
    }
}

private func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
