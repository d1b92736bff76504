import Foundation
import PolaScript
import Testing

/// `plot`'s bands (mean ±1.96 standard errors over seeds) and reference lines, as the paper's
/// Figures 4 and 5 draw them.
@Suite struct ChartBandTests {
    static let means = #"t = table("steps", [0, 10, 20], "m", [0, 0.5, 1], "se", [0.1, 0.2, 0], "z", [1, 1, 1])"#

    @Test func aBandReaches196StandardErrorsEitherSide() throws {
        let svg = try ChartAxisTests.svg(Self.means + "\n" + #"plot(t, "m", "chart.svg", x: "steps", se: ["se"])"#)
        let polygons = Self.elements(svg, "polygon")
        #expect(polygons.count == 1)
        let points = try #require(Self.points(polygons[0]))
        // Upper edge left to right, then the lower edge back: 6 corners for 3 rows.
        #expect(points.map(\.x) == [70, 335, 600, 600, 335, 70])
        // The y axis spans the band: -0.196 to 1 over pixels 340 (bottom) to 30 (top).
        func py(_ y: Double) -> Double { 340 - (y + 0.196) / 1.196 * 310 }
        let expected = [0.196, 0.892, 1, 1, 0.108, -0.196].map(py)
        for (got, want) in zip(points.map(\.y), expected) { #expect(abs(got - want) < 0.01, "\(got) vs \(want)") }
        #expect(Self.labels(svg).first == "-0.196")
    }

    @Test func referenceLinesAreDashedAcrossThePlotAndNamedInTheLegend() throws {
        let svg = try ChartAxisTests.svg(
            Self.means + "\n" + #"plot(t, "m", "chart.svg", x: "steps", lines: (allc: 2, alld: -1))"#)
        let dashed = Self.elements(svg, "line").filter { $0.contains("stroke-dasharray") }
        // Two across the plot, two in the legend.
        #expect(dashed.count == 4)
        #expect(dashed[0].contains(#"x1="70.00" y1="30.00" x2="600.00" y2="30.00""#), "\(dashed[0])")
        #expect(dashed[1].contains(#"x1="70.00" y1="340.00" x2="600.00" y2="340.00""#), "\(dashed[1])")
        #expect(svg.contains(">allc (2)</text>") && svg.contains(">alld (-1)</text>"))
        #expect(Self.elements(svg, "polygon").isEmpty, "no band without se:")
    }

    @Test func theTextChartDrawsReferenceLinesAndNamesThem() throws {
        let text = try Self.printed(
            Self.means + "\n" + #"plot(t, "m", x: "steps", lines: (top: 2))"#)
        let rows = text.components(separatedBy: "\n")
        #expect(rows[0].hasSuffix("|" + String(repeating: "-", count: 64)), "\(rows[0])")
        #expect(rows.last?.hasSuffix("* m   - top (2)") == true, "\(text)")
    }

    @Test(arguments: [
        (
            #"plot(t, "m", se: ["se", "z"])"#,
            "bad argument 'se' to plot (a list of 1 column name, one per charted column"
        ),
        (
            #"plot(t, "m", se: ["sd"])"#,
            "a column of the table expected for the standard errors of 'm' (did you mean 'se'?)"
        ),
        (#"plot(t, "m", se: [1])"#, "column names expected for the standard errors of 'm'"),
        (
            #"plot(t, "m", lines: 0.33)"#,
            "bad argument 'lines' to plot (a record of named values, as in (allc: 0.33, alld: 0)"
        ),
        (#"plot(t, "m", lines: (allc: "x"))"#, "a finite number for the line 'allc'"),
    ])
    func badBandsAndLinesArePositionedErrors(call: String, message: String) throws {
        let error = try Self.failure(Self.means + "\n" + call)
        #expect(error.contains(message), "\(error)")
    }

    /// The elements of one kind, one per line as the chart writes them.
    static func elements(_ svg: String, _ kind: String) -> [String] {
        svg.components(separatedBy: "\n").filter { $0.hasPrefix("<\(kind) ") }
    }

    static func points(_ element: String) -> [(x: Double, y: Double)]? {
        guard let start = element.range(of: "points=\""), let end = element[start.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return element[start.upperBound..<end].split(separator: " ").map { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return (x: xy[0], y: xy[1])
        }
    }

    static func labels(_ svg: String) -> [String] { ChartAxisTests.labels(svg, anchor: "end") }

    static func printed(_ script: String) throws -> String {
        let (output, error) = ScriptTests.run(script)
        #expect(error == nil)
        return output.joined(separator: "\n")
    }

    static func failure(_ script: String) throws -> String {
        ScriptTests.run(script).error ?? "no error"
    }
}
