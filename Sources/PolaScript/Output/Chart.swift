import Foundation

/// A line chart of table columns against the epoch, drawn as text or as SVG.
struct Chart {
    let x: [Double]
    let xLabel: String
    let series: [(name: String, values: [Double])]
    let title: String?
    /// Per series (nil for none), its standard errors over seeds, drawn as a band of
    /// ±1.96 of them around it (the paper's 95% interval over seeds; SVG only).
    var standardErrors: [[Double]?] = []
    /// Horizontal lines at fixed values with their names (the paper's ALLC and ALLD scores).
    var references: [(name: String, value: Double)] = []

    static let markers: [Character] = ["*", "o", "+", "x", "#", "@", "%", "="]
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// Every y value the chart must show: the series, their bands' edges and the reference lines.
    private var yValues: [Double] {
        series.flatMap(\.values) + bands.flatMap { $0.flatMap { [$0.low, $0.high] } } + references.map(\.value)
    }

    /// The y range over every finite value (see `span(of:)` for a flat one).
    private var yRange: (low: Double, high: Double) {
        Self.span(of: yValues) ?? (0, 1)
    }

    private var yLabels: LabelStyle {
        let (low, high) = yRange
        return LabelStyle(low: low, high: high, whole: Self.isWhole(yValues))
    }

    private var xRange: (low: Double, high: Double) {
        let low = x.min() ?? 0
        let high = x.max() ?? 1
        return low == high ? (low - 1, high + 1) : (low, high)
    }

    /// The x axis's tick values: whole ones for whole data (epochs), else quarters of its range.
    private var xTicks: [Double] {
        let (left, right) = xRange
        if Self.isWhole(x) { return Self.wholeTicks(left, right) }
        return (0...4).map { k in left * (1 - Double(k) / 4) + right * Double(k) / 4 }
    }

    /// The y axis's tick values in the SVG: whole ones for whole data, else quarters.
    private var yTicks: [Double] {
        let (low, high) = yRange
        if Self.isWhole(yValues) { return Self.wholeTicks(low, high) }
        return (0...4).map { k in low * (1 - Double(k) / 4) + high * Double(k) / 4 }
    }

    /// Drawn where two or more series fall on the same cell, so no series hides another.
    static let overlap: Character = "&"

    /// A character grid, 64 columns by 16 rows, a marker per series, and a legend.
    func text(width: Int = 64, height: Int = 16) -> String {
        let (low, high) = yRange
        let (left, right) = xRange
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        var owner = [[Int?]](repeating: [Int?](repeating: nil, count: width), count: height)
        var overlapped = false
        for (k, line) in series.enumerated() {
            for (xi, y) in zip(x, line.values) where y.isFinite {
                let column = Int((Self.fraction(xi, left, right) * Double(width - 1)).rounded())
                let row = height - 1 - Int((Self.fraction(y, low, high) * Double(height - 1)).rounded())
                if grid[row][column] == Self.overlap { continue }
                if let first = owner[row][column], first != k {
                    grid[row][column] = Self.overlap
                    overlapped = true
                } else {
                    owner[row][column] = k
                    grid[row][column] = Self.markers[k % Self.markers.count]
                }
            }
        }
        drawReferences(on: &grid) { height - 1 - Int((Self.fraction($0, low, high) * Double(height - 1)).rounded()) }
        let style = yLabels
        let labels = grid.indices.map { row -> String in
            guard row == 0 || row == height - 1 || row == height / 2 else { return "" }
            let fraction = Double(row) / Double(height - 1)
            return style.text(high * (1 - fraction) + low * fraction)
        }
        let labelWidth = labels.map(\.count).max() ?? 0
        var lines = title.map { [$0] } ?? []
        for (row, cells) in grid.enumerated() {
            let label = String(repeating: " ", count: labelWidth - labels[row].count) + labels[row]
            lines.append(
                label + " |" + String(cells).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        }
        lines.append(String(repeating: " ", count: labelWidth) + " +" + String(repeating: "-", count: width))
        let first = NumberFormat.shortest(left)
        let last = NumberFormat.shortest(right)
        let gap = max(width - first.count - last.count, 1)
        lines.append(String(repeating: " ", count: labelWidth + 2) + first + String(repeating: " ", count: gap) + last)
        let legend =
            series.enumerated().map { "\(Self.markers[$0.offset % Self.markers.count]) \($0.element.name)" }
            + (overlapped ? ["\(Self.overlap) several"] : [])
            + references.map { "- \($0.name) (\(NumberFormat.shortest($0.value)))" }
        lines.append(String(repeating: " ", count: labelWidth + 2) + xLabel + ":  " + legend.joined(separator: "   "))
        return lines.joined(separator: "\n")
    }

    /// A standalone SVG document, 640 wide, tall enough for its legend under the axis.
    func svg() -> String {
        let width = 640.0
        let height = 400.0 + 18 * Double((series.count + references.count + 2) / 3)
        let plot = (left: 70.0, right: 600.0, top: title == nil ? 30.0 : 50.0, bottom: 340.0)
        let (low, high) = yRange
        let (left, right) = xRange
        func px(_ value: Double) -> Double { plot.left + Self.fraction(value, left, right) * (plot.right - plot.left) }
        func py(_ value: Double) -> Double { plot.bottom - Self.fraction(value, low, high) * (plot.bottom - plot.top) }
        func number(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 2) }
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        ]
        if let title {
            parts.append(
                "<text x=\"\(number(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>"
            )
        }
        let style = yLabels
        for value in yTicks {
            let y = py(value)
            parts.append(
                "<line x1=\"\(number(plot.left))\" y1=\"\(number(y))\" x2=\"\(number(plot.right))\" y2=\"\(number(y))\" stroke=\"#e5e5e5\"/>"
            )
            parts.append(
                "<text x=\"\(number(plot.left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(style.text(value))</text>"
            )
        }
        for value in xTicks {
            let xPosition = px(value)
            parts.append(
                "<text x=\"\(number(xPosition))\" y=\"\(number(plot.bottom + 18))\" text-anchor=\"middle\">\(NumberFormat.shortest((value * 100).rounded() / 100))</text>"
            )
        }
        parts.append(
            "<line x1=\"\(number(plot.left))\" y1=\"\(number(plot.bottom))\" x2=\"\(number(plot.right))\" y2=\"\(number(plot.bottom))\" stroke=\"black\"/>"
        )
        parts.append(
            "<line x1=\"\(number(plot.left))\" y1=\"\(number(plot.top))\" x2=\"\(number(plot.left))\" y2=\"\(number(plot.bottom))\" stroke=\"black\"/>"
        )
        parts.append(
            "<text x=\"\(number((plot.left + plot.right) / 2))\" y=\"\(number(plot.bottom + 38))\" text-anchor=\"middle\">\(escape(xLabel))</text>"
        )
        parts += underlays(px: px, py: py, from: plot.left, to: plot.right, number: number)
        let entries = legendEntries
        for (k, entry) in entries.enumerated() {
            if k < series.count {
                let points = zip(x, series[k].values).filter { $0.1.isFinite }.sorted { $0.0 < $1.0 }
                    .map { "\(number(px($0.0))),\(number(py($0.1)))" }
                parts.append(
                    "<polyline fill=\"none\" stroke=\"\(entry.colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
                )
            }
            // The legend sits under the axis, three entries a row, clear of every line.
            let legendX = plot.left + Double(k % 3) * 180
            let legendY = plot.bottom + 62 + 18 * Double(k / 3)
            let dash = entry.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            parts.append(
                "<line x1=\"\(number(legendX))\" y1=\"\(number(legendY))\" x2=\"\(number(legendX + 20))\" y2=\"\(number(legendY))\" stroke=\"\(entry.colour)\" stroke-width=\"2\"\(dash)/>"
            )
            parts.append(
                "<text x=\"\(number(legendX + 26))\" y=\"\(number(legendY + 4))\">\(escape(entry.label))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
