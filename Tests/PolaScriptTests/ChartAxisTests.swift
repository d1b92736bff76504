import Foundation
import PolaScript
import Testing

/// The SVG chart's axes: whole ticks for whole data such as epochs, round steps apart.
@Suite struct ChartAxisTests {
    @Test func epochsGetWholeTicksARoundStepApart() throws {
        let svg = try Self.svg(#"plot(table("epoch", 0..30, "V0", 0..30), "V0", "chart.svg")"#)
        #expect(Self.labels(svg, anchor: "middle") == ["0", "10", "20", "30", "epoch"])
        #expect(Self.labels(svg, anchor: "end") == ["0", "10", "20", "30"])
    }

    @Test func fractionalDataKeepsQuarterTicks() throws {
        let svg = try Self.svg(#"plot(table("cf", [1.1, 1.6], "p", [0.25, 0.5]), "p", "chart.svg", x: "cf")"#)
        #expect(Self.labels(svg, anchor: "middle") == ["1.1", "1.23", "1.35", "1.48", "1.6", "cf"])
        #expect(Self.labels(svg, anchor: "end") == ["0.250", "0.312", "0.375", "0.438", "0.500"])
    }

    /// The SVG `script` writes to chart.svg.
    static func svg(_ script: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pola-chart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = folder.path
        LargeStack.run {
            let interpreter = Interpreter(host: Host(write: { _ in }, files: FileAccess(sandbox: sandbox)))
            try? interpreter.run(Source(name: "chart", text: script))
        }
        return try String(contentsOf: folder.appendingPathComponent("chart.svg"), encoding: .utf8)
    }

    /// The texts of the labels anchored so: "middle" under the x axis, "end" beside the y axis.
    static func labels(_ svg: String, anchor: String) -> [String] {
        svg.components(separatedBy: "\n").compactMap { line in
            guard line.contains("text-anchor=\"\(anchor)\""), let start = line.range(of: "\">"),
                let end = line.range(of: "</text>")
            else { return nil }
            return String(line[start.upperBound..<end.lowerBound])
        }
    }
}
