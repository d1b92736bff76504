/// How PolaScript writes numbers: the shortest text that reads back to the same float64.
public enum NumberFormat {
    /// Integers without a fraction (`3`, not `3.0`); everything else in Swift's shortest
    /// round-trip form (`0.1`, `1e-08`, `inf`, `nan`).
    public static func shortest(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return value == 0 ? "0" : String(Int64(value))
        }
        return "\(value)"
    }

    /// A fixed number of decimals, for aligned tables meant for reading rather than reuse.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return shortest(value) }
        var scaled = abs(value)
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        scaled = (scaled * factor).rounded()
        let whole = Int64(scaled / factor)
        let fraction = Int64(scaled - Double(whole) * factor)
        let digits = String(fraction)
        let padded = String(repeating: "0", count: max(decimals - digits.count, 0)) + digits
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return decimals == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(padded)"
    }
}
