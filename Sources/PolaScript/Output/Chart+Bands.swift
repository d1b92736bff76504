import Foundation

/// Bands over seeds and reference lines: what the paper's Figures 4 and 5 draw around their means.
extension Chart {
    /// How many standard errors a band reaches either side of its series: 1.96, the paper's
    /// 95% interval for a mean over seeds.
    static let bandReach = 1.96

    /// The dash pattern of reference lines (dash-dot, as the paper draws ALLC and ALLD).
    static let referenceDash = "8,3,2,3"

    /// Per series, its band's points where both the value and its standard error are finite,
    /// sorted along x; empty for a series without standard errors.
    var bands: [[(x: Double, low: Double, high: Double)]] {
        series.indices.map { k in
            guard k < standardErrors.count, let errors = standardErrors[k] else { return [] }
            return zip(x, zip(series[k].values, errors))
                .filter { $0.1.0.isFinite && $0.1.1.isFinite }
                .sorted { $0.0 < $1.0 }
                .map { (x: $0.0, low: $0.1.0 - Self.bandReach * $0.1.1, high: $0.1.0 + Self.bandReach * $0.1.1) }
        }
    }

    /// The colour of reference line `k`: the palette continued past the series' colours.
    func referenceColour(_ k: Int) -> String {
        Self.colours[(series.count + k) % Self.colours.count]
    }

    /// SVG elements of every band (a translucent polygon in its series' colour: along the upper
    /// edge, back along the lower) and every reference line across the plot, to draw under the series.
    func underlays(
        px: (Double) -> Double, py: (Double) -> Double, from left: Double, to right: Double,
        number: (Double) -> String
    ) -> [String] {
        var parts = [String]()
        for (k, band) in bands.enumerated() where !band.isEmpty {
            let upper = band.map { "\(number(px($0.x))),\(number(py($0.high)))" }
            let lower = band.reversed().map { "\(number(px($0.x))),\(number(py($0.low)))" }
            parts.append(
                "<polygon fill=\"\(Self.colours[k % Self.colours.count])\" fill-opacity=\"0.25\" stroke=\"none\" "
                    + "points=\"\((upper + lower).joined(separator: " "))\"/>")
        }
        for (k, reference) in references.enumerated() {
            let y = number(py(reference.value))
            parts.append(
                "<line x1=\"\(number(left))\" y1=\"\(y)\" x2=\"\(number(right))\" y2=\"\(y)\" "
                    + "stroke=\"\(referenceColour(k))\" stroke-width=\"1.5\" "
                    + "stroke-dasharray=\"\(Self.referenceDash)\"/>"
            )
        }
        return parts
    }

    /// The legend's entries: each series (a solid line), then each reference line (dash-dot, its value named).
    var legendEntries: [(label: String, colour: String, dash: String?)] {
        series.enumerated().map {
            (label: $0.element.name, colour: Self.colours[$0.offset % Self.colours.count], dash: nil)
        }
            + references.enumerated().map { k, reference in
                (
                    label: "\(reference.name) (\(NumberFormat.shortest(reference.value)))",
                    colour: referenceColour(k), dash: Self.referenceDash
                )
            }
    }

    /// Draws each reference line across `grid` as `-` on its row, in cells no series holds.
    func drawReferences(on grid: inout [[Character]], row: (Double) -> Int) {
        for reference in references where reference.value.isFinite {
            let r = row(reference.value)
            for column in grid[r].indices where grid[r][column] == " " { grid[r][column] = "-" }
        }
    }
}
