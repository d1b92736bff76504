import Foundation

/// How PolaScript writes numbers: the shortest text that reads back to the same float64.
public enum NumberFormat {
    /// Integers without a fraction (`3`, not `3.0`); everything else in Swift's shortest
    /// round-trip form (`0.1`, `inf`, `nan`), which writes whole numbers from 1e16 up with an
    /// exponent, written as users type it: `1e-8` and `1e16`, not `1e-08` and `1e+16`.
    public static func shortest(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e16 {
            return value == 0 ? "0" : String(Int64(value))
        }
        return plainExponent("\(value)")
    }

    /// `value` to a few significant digits (`shortest` of the rounded value), for bounds in
    /// messages whose last digits are noise.
    public static func shortest(_ value: Double, digits: Int) -> String {
        shortest(Double(String(format: "%.*g", digits, value)) ?? value)
    }

    /// `1e-08` as `1e-8`, `2.5e+20` as `2.5e20`: no plus sign, no leading zeros.
    static func plainExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        var exponent = text[text.index(after: e)...]
        let negative = exponent.first == "-"
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        let digits = exponent.drop { $0 == "0" }
        return text[..<e] + "e" + (negative ? "-" : "") + (digits.isEmpty ? "0" : digits)
    }

    /// A fixed number of decimals (0 to 15), for text meant for reading rather than reuse:
    /// the exact decimal expansion rounded half to even, as C's printf does, and no sign on
    /// a value that rounds to zero. Non-finite values and magnitudes of 1e16 or more, whose
    /// digits would be noise or a page long, print as `shortest` does.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e16 else { return shortest(value) }
        let text = String(format: "%.*f", min(max(decimals, 0), 15), value)
        if text.hasPrefix("-"), !text.contains(where: { ("1"..."9").contains($0) }) {
            return String(text.dropFirst())
        }
        return text
    }
}
