import Foundation
import Runtime
import TensorLayer

/// One trajectory of the paper's code (`Tests/Fixtures/golden/*.json`).
public struct GoldenRun {
    public struct Epoch {
        public let values: [Double]
        public let policies: [[Double]]
        /// Every agent's parameters flattened in order.
        public let parameters: [[Double]]
        public let proximalIterations: [Int]
    }

    public let name: String
    public let arguments: [String]
    /// Every agent's starting parameters (without batch axis).
    public let start: [[Tensor<Double>]]
    /// `models[i][j]`, when the run models opponents.
    public let modelStart: [[[Tensor<Double>]]]?
    public let epochs: [Epoch]

    /// The fixtures folder of the test suite, copies of the reference data kept beside the
    /// checkout (`FixtureTests`).
    public static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    public static let names: [String] = {
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("golden").path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    public init(named name: String) throws {
        let url = Self.fixtures.appendingPathComponent("golden/\(name).json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let run = (root["runs"] as! [[String: Any]])[0]
        self.name = name
        arguments = root["argv"] as! [String]
        start = (run["start"] as! [[String: Any]]).map(Self.parameters)
        modelStart = (run["model_start"] as? [[[String: Any]]])?.map { $0.map(Self.parameters) }
        epochs = (run["epochs"] as! [[String: Any]]).map { epoch in
            Epoch(
                values: Self.numbers(epoch["values"]),
                policies: (epoch["policies"] as! [Any]).map(Self.numbers),
                parameters: (epoch["params"] as! [[String: Any]]).map { Self.parameters($0).flatMap(\.scalars) },
                proximalIterations: (epoch["prox_iters"] as? [Any])?.map { ($0 as! NSNumber).intValue } ?? [])
        }
    }

    static func numbers(_ any: Any?) -> [Double] {
        (any as! [Any]).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    static func parameters(_ entry: [String: Any]) -> [Tensor<Double>] {
        if entry["kind"] as! String == "tabular" { return [Tensor(numbers(entry["logits"]))] }
        return (entry["tensors"] as! [[String: Any]]).map { t in
            Tensor(shape: (t["shape"] as! [NSNumber]).map(\.intValue), scalars: numbers(t["values"]))
        }
    }
}
