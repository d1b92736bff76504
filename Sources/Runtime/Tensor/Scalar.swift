import Glibc

/// Scalar functions whose naive formulas lose accuracy or overflow.
enum Scalar {
    /// 1 / (1 + e^-z), evaluated so that neither branch overflows.
    static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }

    /// log sigmoid(z) = -softplus(-z) = min(z, 0) - log1p(e^-|z|).
    ///
    /// The paper's code takes `log` of a probability, which is -inf once the probability rounds
    /// to 0 or 1; this form stays finite for every finite z.
    static func logSigmoid(_ z: Double) -> Double {
        min(z, 0) - log1p(exp(-abs(z)))
    }
}
