import TensorLayer

/// An agent of the sampled half: a policy network and a value network of the same shape, each
/// with its own parameters (`docs/dice-learning.md`, Agents). A value: a learning step
/// returns new agents.
///
/// It is the `AgentView` of its own parameters, detached: a stored agent holds no graph, so
/// a learning step's result keeps nothing of the step alive.
public struct SampledAgent: Sendable {
    /// The networks read with the agent's own parameters, as the objectives take them.
    let view: AgentView<Float>

    public init(
        policy: any SequencePolicy, policyParameters: [Tensor<Float>], valueNetwork: any SequencePolicy,
        valueParameters: [Tensor<Float>]
    ) {
        view = AgentView(
            policy: policy, policyParameters: policyParameters.map { $0.detached() }, valueNetwork: valueNetwork,
            valueParameters: valueParameters.map { $0.detached() })
    }

    public var policy: any SequencePolicy { view.policy }
    public var policyParameters: [Tensor<Float>] { view.policyParameters }
    public var valueNetwork: any SequencePolicy { view.valueNetwork }
    public var valueParameters: [Tensor<Float>] { view.valueParameters }

    /// The paper's GRU agent for `environment`: policy and value networks initialised as flax
    /// does, each from its own key. The keys are the first draws of streams 0 and 1 of `seed`,
    /// so the two networks never share a generator and one seed fixes both.
    public static func gru<Environment: SampledEnvironment>(
        for environment: Environment, hidden: Int, layersBeforeGRU: Int = 1, seed: UInt64
    ) -> SampledAgent {
        let policy = RecurrentNetwork(
            inputSize: environment.observationSize, hiddenSize: hidden, layersBeforeGRU: layersBeforeGRU,
            outputSize: environment.actionCount)
        let value = RecurrentNetwork(
            inputSize: environment.observationSize, hiddenSize: hidden, layersBeforeGRU: layersBeforeGRU,
            outputSize: 1)
        var keys = (0..<2).map { SplitMix64(seed: seed, stream: UInt64($0)) }
        return SampledAgent(
            policy: policy, policyParameters: policy.initialParameters(seed: keys[0].next()), valueNetwork: value,
            valueParameters: value.initialParameters(seed: keys[1].next()))
    }

    /// The same networks holding other parameters.
    public func with(policy policyParameters: [Tensor<Float>], value valueParameters: [Tensor<Float>]) -> SampledAgent {
        SampledAgent(
            policy: policy, policyParameters: policyParameters, valueNetwork: valueNetwork,
            valueParameters: valueParameters)
    }

    /// The networks read with the given parameters, as the objectives take them.
    func view(policy policyParameters: [Tensor<Float>], value valueParameters: [Tensor<Float>]) -> AgentView<Float> {
        AgentView(
            policy: policy, policyParameters: policyParameters, valueNetwork: valueNetwork,
            valueParameters: valueParameters)
    }

    /// Whether every parameter of both networks is finite.
    var isFinite: Bool { (policyParameters + valueParameters).allSatisfy(\.isFinite) }
}
