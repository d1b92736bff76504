import TestSupport
import Testing

@testable import TensorLayer

/// Every kind of trace `Step` against the primitives' forward rules: a program recorded from a
/// row's primitives must hold the row's step, and replaying it (on the recorded inputs and on
/// new ones) must give the bits that running the primitives (`Op.forward`) gives.
///
/// `kind(of:)` switches over `Step` without a default, so a new step does not compile until it
/// has a kind, and `theTableHasARowForEveryKindOfStep` fails until the kind (or a new variant of
/// an operation or layout) has a row.
@Suite struct TraceStepTests {
    enum Kind: CaseIterable {
        case binary, strided, unary, sigmoidCotangent, signedSigmoid, signedSigmoidCotangent, transpose, matmul
        case solve, bernoulliChainCotangents, gather, sum, matmulTransposing, general
    }

    /// A kind of step and its variant: which operation, which layout, which optional operand.
    struct Name: Hashable, CustomStringConvertible {
        let kind: Kind
        let variant: String
        init(_ kind: Kind, _ variant: String = "") { (self.kind, self.variant) = (kind, variant) }
        var description: String { variant.isEmpty ? "\(kind)" : "\(kind) \(variant)" }
    }

    enum Layout: String, CaseIterable {
        case same, scalarRight, scalarLeft, rowsRight, rowsLeft, columnByRow, rowByColumn

        init(_ layout: BinaryLayout) {
            switch layout {
            case .same: self = .same
            case .scalarRight: self = .scalarRight
            case .scalarLeft: self = .scalarLeft
            case .rowsRight: self = .rowsRight
            case .rowsLeft: self = .rowsLeft
            case .columnByRow: self = .columnByRow
            case .rowByColumn: self = .rowByColumn
            }
        }
    }

    static func kind(of step: Step) -> Name {
        switch step {
        case .binary(let operation, _, _, _, let layout): Name(.binary, "\(operation) \(Layout(layout).rawValue)")
        case .strided(let operation, _, _, _, _, _): Name(.strided, "\(operation)")
        case .unary(let operation, _, _, _): Name(.unary, "\(operation)")
        case .sigmoidCotangent(_, let o, _, _, _): Name(.sigmoidCotangent, o == nil ? "" : "with output")
        case .signedSigmoid: Name(.signedSigmoid)
        case .signedSigmoidCotangent(_, let o, _, _, _, _): Name(.signedSigmoidCotangent, o == nil ? "" : "with output")
        case .transpose: Name(.transpose)
        case .matmul: Name(.matmul)
        case .solve: Name(.solve)
        case .bernoulliChainCotangents: Name(.bernoulliChainCotangents)
        case .gather: Name(.gather)
        case .sum: Name(.sum)
        case .matmulTransposing(_, _, _, let left, let right, _, _, _): Name(.matmulTransposing, "\(left) \(right)")
        case .general: Name(.general)
        }
    }

    /// Every kind with every variant it has.
    static var everyName: Set<Name> {
        Set(
            Kind.allCases.flatMap { kind -> [Name] in
                switch kind {
                case .binary:
                    Step.Binary.allCases.flatMap { op in Layout.allCases.map { Name(kind, "\(op) \($0.rawValue)") } }
                case .strided: Step.Binary.allCases.map { Name(kind, "\($0)") }
                case .unary: Step.Unary.allCases.map { Name(kind, "\($0)") }
                case .sigmoidCotangent, .signedSigmoidCotangent: [Name(kind), Name(kind, "with output")]
                case .matmulTransposing:
                    [(false, false), (false, true), (true, false), (true, true)].map {
                        Name(kind, "\($0) \($1)")
                    }
                case .signedSigmoid, .transpose, .matmul, .solve, .bernoulliChainCotangents, .gather, .sum, .general:
                    [Name(kind)]
                }
            })
    }

    struct Row: CustomTestStringConvertible, Sendable {
        let step: Name
        let inputs: [Tensor<Double>]
        let apply: @Sendable ([Tensor<Double>]) -> Tensor<Double>
        var testDescription: String { "\(step)" }
    }

    static func apply(_ op: Op, _ x: [Tensor<Double>]) -> Tensor<Double> { Tensor.apply(op, x) }

    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> { randomTensor(shape, seed: seed) }

    /// Operand shapes that meet in each layout.
    static let layoutShapes: [Layout: ([Int], [Int])] = [
        .same: ([2, 3], [2, 3]), .scalarRight: ([2, 3], []), .scalarLeft: ([], [2, 3]), .rowsRight: ([2, 3], [3]),
        .rowsLeft: ([3], [2, 3]), .columnByRow: ([2, 3, 1], [1, 4]), .rowByColumn: ([1, 4], [2, 3, 1]),
    ]
    static let binaryOps: [Step.Binary: Op] = [
        .add: .add, .subtract: .subtract, .multiply: .multiply, .divide: .divide,
    ]
    static let unaryOps: [Step.Unary: Op] = [
        .negate: .negate, .exp: .exp, .log: .log, .sigmoid: .sigmoid, .logSigmoid: .logSigmoid, .tanh: .tanh,
        .relu: .relu, .positiveMask: .positiveMask,
    ]
    static let signs = Tensor<Double>(shape: [1, 4], scalars: [1, -1, -1, 1])
    static let chain = BernoulliChain(
        variables: 2, gamma: 0.9, startRow: 4, rewards: BernoulliChainTests.rewards(variables: 2, factor: 1.4))

    static let rows: [Row] = {
        var rows = [Row]()
        for operation in Step.Binary.allCases {
            let op = binaryOps[operation]!
            for layout in Layout.allCases {
                let (a, b) = layoutShapes[layout]!
                rows.append(
                    Row(
                        step: Name(.binary, "\(operation) \(layout.rawValue)"),
                        inputs: [random(a, seed: 1), random(b, seed: 2)]
                    ) { apply(op, $0) })
            }
            rows.append(
                Row(
                    step: Name(.strided, "\(operation)"),
                    inputs: [random([2, 1, 3], seed: 3), random([2, 4, 1], seed: 4)]
                ) { apply(op, $0) })
        }
        for operation in Step.Unary.allCases {
            let op = unaryOps[operation]!
            // Positive inputs for the logarithm; the others see both signs and zeros.
            let input =
                operation == .log
                ? Tensor(shape: [2, 3], scalars: [0.5, 1, 2, 3, 1e-3, 40])
                : Tensor(shape: [2, 3], scalars: [0, -0.0, 3, -40, 40, 0.5])
            rows.append(Row(step: Name(.unary, "\(operation)"), inputs: [input]) { apply(op, $0) })
        }
        let g = random([2, 3], seed: 5)
        rows += [
            Row(step: Name(.sigmoidCotangent), inputs: [g, random([2, 3], seed: 6)]) {
                apply(.fusedSigmoidCotangent, $0)
            },
            Row(
                step: Name(.sigmoidCotangent, "with output"),
                inputs: [g, random([2, 3], seed: 7), random([2, 3], seed: 8)]
            ) {
                apply(.fusedSigmoidCotangent, $0)
            },
            Row(step: Name(.signedSigmoid), inputs: [Tensor(shape: [2, 3, 1], scalars: [0, -0.0, 3, -40, 40, 0.5])]) {
                apply(.sigmoid, [apply(.multiply, [$0[0], signs])])
            },
            Row(
                step: Name(.signedSigmoidCotangent),
                inputs: [random([2, 3, 4], seed: 9), random([2, 3, 1], seed: 10)]
            ) {
                apply(.fusedSigmoidCotangent, [$0[0], apply(.multiply, [$0[1], signs])])
            },
            Row(
                step: Name(.signedSigmoidCotangent, "with output"),
                inputs: [random([2, 3, 4], seed: 11), random([2, 3, 4], seed: 12), random([2, 3, 1], seed: 13)]
            ) { apply(.fusedSigmoidCotangent, [$0[0], $0[1], apply(.multiply, [$0[2], signs])]) },
            Row(step: Name(.transpose), inputs: [random([2, 3, 4], seed: 14)]) { apply(.transpose, $0) },
            Row(step: Name(.matmul), inputs: [random([2, 3, 4], seed: 15), random([4, 5], seed: 16)]) {
                apply(.matmul, $0)
            },
            Row(step: Name(.solve), inputs: [random([2, 3, 3], seed: 17), random([2, 3, 2], seed: 18)]) {
                apply(.solve, [$0[0] + 4 * Tensor.identity(3), $0[1]])
            },
            Row(
                step: Name(.bernoulliChainCotangents),
                inputs: [random([3, 2], seed: 19), random([3, 5], seed: 20), random([3, 5], seed: 21)]
            ) { apply(.bernoulliChainCotangents(chain, needed: [true, false]), $0) },
            Row(step: Name(.sum), inputs: [random([2, 3, 4], seed: 22)]) { apply(.sumTo([3, 1]), $0) },
            Row(step: Name(.general), inputs: [random([2, 3], seed: 23)]) { apply(.logSoftmax, $0) },
            Row(step: Name(.general), inputs: BernoulliChainTests.logits(chain, batch: 3, seed: 24)) {
                apply(.bernoulliChainValues(chain), $0)
            },
        ]
        // Every primitive that only moves numbers.
        let moves: [Op] = [
            .slice(axis: 1, range: 1..<3), .pad(axis: 0, range: 1..<3, size: 4), .broadcastTo([4, 2, 3]),
            .pick([2, 0]), .place([1, 0, 2, 2, 1, 0], size: 3),
        ]
        rows += moves.map { op in Row(step: Name(.gather), inputs: [random([2, 3], seed: 25)]) { apply(op, $0) } }
        for (left, right) in [(false, false), (false, true), (true, false), (true, true)] {
            let a = random(left ? [4, 3] : [3, 4], seed: 26)
            let b = random(right ? [5, 4] : [4, 5], seed: 27)
            rows.append(
                Row(step: Name(.matmulTransposing, "\(left) \(right)"), inputs: [a, b]) {
                    apply(.matmulTransposing(left: left, right: right), $0)
                })
        }
        return rows
    }()

    static func bits(_ tensor: Tensor<Double>) -> [UInt64] { tensor.scalars.map(\.bitPattern) }

    @Test(arguments: rows)
    func replayIsTheForwardRuleBitForBit(_ row: Row) {
        let recorder = Recorder<Double>()
        let fresh = row.inputs.map {
            Tensor(shape: $0.shape, storage: $0.storage.withUnsafeBufferPointer(Array.init), node: nil)
        }
        let inputs = fresh.map(recorder.declareInput)
        let output = RecordingContext.withRecorder(recorder) { row.apply(fresh) }
        let outputSlot = recorder.slot(of: output)
        recorder.releaseBuffers()
        #expect(recorder.poison == nil)
        let program = TraceProgram(recorder, inputs: inputs, outputs: [outputSlot])
        #expect(program.steps.map(Self.kind).contains(row.step), "steps \(program.steps.map(Self.kind))")
        var generator = SplitMix64(seed: 99)
        let moved = row.inputs.map { x in
            Tensor(shape: x.shape, scalars: x.scalars.map { $0 + 0.05 * generator.normal() })
        }
        for values in [row.inputs, moved] {
            #expect(Self.bits(program.run(values)[0]) == Self.bits(row.apply(values)))
        }
    }

    @Test func theTableHasARowForEveryKindOfStep() {
        let missing = Self.everyName.subtracting(Self.rows.map(\.step))
        #expect(missing.isEmpty, "no row for \(missing.map(\.description).sorted())")
    }
}
