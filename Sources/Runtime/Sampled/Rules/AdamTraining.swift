import TensorLayer

/// An agent's parameters as Adam steps move them within one epoch: the policy's (`theta`) and
/// the value network's (`phi`), each under its own optimiser.
struct AdamTraining {
    private let start: SampledAgent
    private(set) var policyParameters: [Tensor<Float>]
    private(set) var valueParameters: [Tensor<Float>]
    private var policyOptimiser: Adam<Float>
    private var valueOptimiser: Adam<Float>

    init(_ start: SampledAgent, policyOptimiser: Adam<Float>, valueOptimiser: Adam<Float>) {
        self.start = start
        (policyParameters, valueParameters) = (start.policyParameters, start.valueParameters)
        (self.policyOptimiser, self.valueOptimiser) = (policyOptimiser, valueOptimiser)
    }

    mutating func stepPolicy(along gradient: [Tensor<Float>]) {
        policyParameters = policyOptimiser.step(policyParameters, gradient)
    }

    mutating func stepValue(along gradient: [Tensor<Float>]) {
        valueParameters = valueOptimiser.step(valueParameters, gradient)
    }

    /// The starting agent's networks holding the parameters reached.
    var agent: SampledAgent { start.with(policy: policyParameters, value: valueParameters) }
}
