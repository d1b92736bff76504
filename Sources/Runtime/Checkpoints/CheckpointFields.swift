import TensorLayer

// How each Runtime value is laid out inside a checkpoint's sections (docs/checkpoint-format.md).
// Values are rebuilt through their own initialisers, so a field out of its domain is refused
// as `malformed` rather than trusted.

extension ContributionGame {
    func write(to writer: inout ByteWriter) {
        writer.count(agents)
        switch payoffs {
        case .contribution(let factor):
            writer.u8(1)
            writer.double(factor)
        case .matrix(let table):
            // Agent 0's table then agent 1's, each `[mine][theirs]` row by row, C before D.
            writer.u8(2)
            for payoff in table.entries { writer.double(payoff) }
        }
        writer.double(gamma)
        writer.u8(start == .separate ? 0 : 1)
        writer.bool(horizon != nil)
        writer.count(horizon ?? 0)
    }

    static func read(from reader: inout ByteReader) throws(CheckpointError) -> ContributionGame {
        let agents = try reader.size()
        let payoffs = try readPayoffs(from: &reader)
        let (gamma, start) = (try reader.double(), try reader.start())
        let (finite, steps) = (try reader.bool(), try reader.size())
        let horizon = finite ? steps : nil
        switch payoffs {
        case .contribution(let cf):
            return try reader.building {
                try ContributionGame(
                    agents: agents, contributionFactor: cf, gamma: gamma, start: start, horizon: horizon)
            }
        case .matrix(let table):
            guard agents == 2 else { throw .malformed(section: reader.section, "a matrix game of \(agents) players") }
            return try reader.building {
                try ContributionGame(matrix: table, gamma: gamma, start: start, horizon: horizon)
            }
        }
    }

    private static func readPayoffs(from reader: inout ByteReader) throws(CheckpointError) -> Payoffs {
        switch try reader.u8() {
        case 1: return .contribution(factor: try reader.double())
        case 2:
            var entries = [Double]()
            for _ in 0..<8 { entries.append(try reader.double()) }
            let table = { (a: Int) in
                [Array(entries[(4 * a)..<(4 * a + 2)]), Array(entries[(4 * a + 2)..<(4 * a + 4)])]
            }
            return .matrix(MatrixPayoffs([table(0), table(1)]))
        case let tag: throw .malformed(section: reader.section, "payoffs of unknown kind \(tag)")
        }
    }
}

extension ByteReader {
    mutating func start() throws(CheckpointError) -> ContributionGame.Start {
        switch try u8() {
        case 0: return .separate
        case 1: return .cc
        case let other: throw .malformed(section: section, "a start option \(other) that is neither 0 nor 1")
        }
    }

    /// `make`'s value, or `malformed` when the Runtime refuses the fields read.
    func building<T>(_ make: () throws -> T) throws(CheckpointError) -> T {
        do {
            return try make()
        } catch {
            throw .malformed(section: section, "fields the Runtime refuses (\(error))")
        }
    }

    /// A whole number that must fit the Runtime's `Int` settings.
    mutating func whole() throws(CheckpointError) -> Int { Int(truncatingIfNeeded: try u64()) }
}

/// What identifies an exact rule: its name and every setting. A resumed run must be continued by
/// a rule with the same signature.
public struct RuleSignature: Sendable, Equatable {
    public let name: String
    public let settings: [Entry]

    public struct Entry: Sendable, Equatable {
        public let setting: Setting
        public let value: Setting.Value
    }

    public init(_ rule: any LearningRule) {
        name = rule.name
        settings = rule.settings.map { Entry(setting: $0.0, value: $0.1) }
    }

    init(name: String, settings: [Entry]) {
        self.name = name
        self.settings = settings
    }

    func write(to writer: inout ByteWriter) {
        writer.string(name)
        writer.count(settings.count)
        for entry in settings {
            // By the case's name, not its position, so adding a setting keeps old files readable.
            writer.string(String(describing: entry.setting))
            switch entry.value {
            case .number(let x):
                writer.u8(1)
                writer.double(x)
            case .whole(let n):
                writer.u8(2)
                writer.u64(UInt64(bitPattern: Int64(n)))
            case .flag(let b):
                writer.u8(3)
                writer.bool(b)
            case .policy(let kind):
                writer.u8(4)
                writer.string(kind)
            }
        }
    }

    static func read(from reader: inout ByteReader) throws(CheckpointError) -> RuleSignature {
        let name = try reader.string()
        var settings = [Entry]()
        for _ in 0..<(try reader.count(unit: 1)) {
            let settingName = try reader.string()
            guard let setting = Setting.allCases.first(where: { String(describing: $0) == settingName }) else {
                throw .malformed(section: reader.section, "a setting '\(settingName)' this build does not know")
            }
            let value: Setting.Value
            switch try reader.u8() {
            case 1: value = .number(try reader.double())
            case 2: value = .whole(try reader.whole())
            case 3: value = .flag(try reader.bool())
            case 4: value = .policy(try reader.string())
            case let tag: throw .malformed(section: reader.section, "a setting value of unknown type \(tag)")
            }
            settings.append(Entry(setting: setting, value: value))
        }
        return RuleSignature(name: name, settings: settings)
    }
}

/// A value with a checkpoint layout: the exact and the sampled agents, which runs store in lists.
protocol CheckpointCoded {
    func write(to writer: inout ByteWriter)
    static func read(from reader: inout ByteReader) throws(CheckpointError) -> Self
}

extension ByteWriter {
    /// A `u64` count, then each value.
    mutating func list<T: CheckpointCoded>(_ values: [T]) {
        count(values.count)
        for value in values { value.write(to: &self) }
    }
}

extension ByteReader {
    mutating func list<T: CheckpointCoded>(of _: T.Type) throws(CheckpointError) -> [T] {
        var values = [T]()
        for _ in 0..<(try count(unit: 1)) { values.append(try T.read(from: &self)) }
        return values
    }
}

extension Agent: CheckpointCoded {
    /// The policy (its family and shape, and for a network the players and start option its
    /// inputs encode), then every parameter tensor with its run axis.
    func write(to writer: inout ByteWriter) {
        switch policy {
        case let tabular as TabularPolicy:
            writer.u8(1)
            writer.count(tabular.stateCount)
            writer.bool(tabular.preconditioned)
            writer.double(tabular.initialStd)
        case let network as NeuralPolicy:
            writer.u8(2)
            writer.count(network.inputs.shape[1] / 3)
            writer.u8(network.inputs.scalars.last == 1 ? 0 : 1)
            writer.bool(network.preconditioned)
            writer.count(network.hidden.count)
            for width in network.hidden { writer.count(width) }
        case let strategy as MemoryOneStrategy:
            // The strategy's own name ("" for a given table), the seat it plays (its table reads
            // the game's states by it), then its own view `pDD pDC pCD pCC pStart`.
            writer.u8(3)
            writer.string(strategy.name?.rawValue ?? "")
            writer.count(strategy.seat)
            for p in strategy.ownView { writer.double(p) }
        default:
            // Unreachable from PolaScript: every `Policy` of the Runtime has a case above. A new
            // one needs its layout here and in `read` before anything may hold it in a session.
            preconditionFailure("a policy without a checkpoint layout: \(policy.kind)")
        }
        writer.count(parameters.count)
        for tensor in parameters { writer.tensor(tensor) }
    }

    static func read(from reader: inout ByteReader) throws(CheckpointError) -> Agent {
        let policy: any Policy
        switch try reader.u8() {
        case 1:
            let (states, preconditioned, std) = (try reader.size(), try reader.bool(), try reader.double())
            guard states >= 5 else { throw .malformed(section: reader.section, "a table of \(states) states") }
            policy = TabularPolicy(stateCount: states, preconditioned: preconditioned, initialStd: std)
        case 2:
            let (players, start, preconditioned) = (try reader.size(), try reader.start(), try reader.bool())
            var hidden = [Int]()
            for _ in 0..<(try reader.count(unit: 8)) { hidden.append(try reader.size()) }
            // The network reads only the players and the start option of its game.
            let game = try reader.building {
                try ContributionGame(agents: players, contributionFactor: 1, start: start)
            }
            policy = NeuralPolicy(game: game, hidden: hidden, preconditioned: preconditioned)
        case 3: policy = try readStrategy(from: &reader)
        case let family: throw .malformed(section: reader.section, "a policy family \(family) this build does not know")
        }
        var parameters = [Tensor<Double>]()
        for _ in 0..<(try reader.count(unit: 8)) { parameters.append(try reader.doubles()) }
        guard parameters.allSatisfy({ $0.shape.count >= 1 && $0.shape[0] == parameters[0].shape[0] }),
            (try? policy.validate(parameters)) != nil
        else {
            throw .malformed(section: reader.section, "parameters that do not fit a \(policy.kind) policy")
        }
        return Agent(policy: policy, parameters: parameters)
    }
}

extension Agent {
    /// A fixed memory-one strategy, checked before it is built (its initialiser traps on a table
    /// that is not five probabilities).
    fileprivate static func readStrategy(from reader: inout ByteReader) throws(CheckpointError) -> MemoryOneStrategy {
        let (nameText, seat) = (try reader.string(), try reader.size())
        var ownView = [Double]()
        for _ in 0..<5 { ownView.append(try reader.double()) }
        let name = NamedStrategy(rawValue: nameText)
        guard nameText.isEmpty || name != nil else {
            throw .malformed(section: reader.section, "a strategy '\(nameText)' this build does not know")
        }
        guard ownView.allSatisfy({ (0...1).contains($0) }), name.map({ $0.ownView == ownView }) ?? true,
            seat <= 1
        else {
            throw .malformed(section: reader.section, "a strategy table that is not five probabilities for seat 0 or 1")
        }
        return MemoryOneStrategy(ownView: ownView, name: name, seat: seat)
    }
}

extension SampledAgent: CheckpointCoded {
    /// The policy network, its parameters, the value network, its parameters.
    func write(to writer: inout ByteWriter) {
        Self.write(policy, policyParameters, to: &writer)
        Self.write(valueNetwork, valueParameters, to: &writer)
    }

    static func read(from reader: inout ByteReader) throws(CheckpointError) -> SampledAgent {
        let (policy, theta) = try readNetwork(from: &reader)
        let (value, phi) = try readNetwork(from: &reader)
        return SampledAgent(policy: policy, policyParameters: theta, valueNetwork: value, valueParameters: phi)
    }

    private static func write(_ network: any SequencePolicy, _ parameters: [Tensor<Float>], to writer: inout ByteWriter)
    {
        switch network {
        case let recurrent as RecurrentNetwork:
            writer.u8(1)
            for size in [recurrent.inputSize, recurrent.hiddenSize, recurrent.layersBeforeGRU, recurrent.outputSize] {
                writer.count(size)
            }
        case is MemoryOnePolicy: writer.u8(2)
        default: preconditionFailure("a network without a checkpoint layout: \(type(of: network))")
        }
        writer.count(parameters.count)
        for tensor in parameters { writer.tensor(tensor) }
    }

    private static func readNetwork(from reader: inout ByteReader) throws(CheckpointError) -> (
        any SequencePolicy, [Tensor<Float>]
    ) {
        let network: any SequencePolicy
        switch try reader.u8() {
        case 1:
            let (inputs, hidden, layers, outputs) = (
                try reader.size(), try reader.size(), try reader.size(), try reader.size()
            )
            guard inputs > 0, hidden > 0, outputs > 0, (0...2).contains(layers) else {
                throw .malformed(section: reader.section, "a recurrent network of impossible sizes")
            }
            network = RecurrentNetwork(
                inputSize: inputs, hiddenSize: hidden, layersBeforeGRU: layers, outputSize: outputs)
        case 2: network = MemoryOnePolicy()
        case let family:
            throw .malformed(section: reader.section, "a network family \(family) this build does not know")
        }
        var parameters = [Tensor<Float>]()
        for _ in 0..<(try reader.count(unit: 8)) { parameters.append(try reader.floats()) }
        guard parameters.map(\.shape) == network.parameterShapes else {
            throw .malformed(section: reader.section, "parameters that do not fit their network")
        }
        return (network, parameters)
    }
}
