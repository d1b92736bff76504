import Foundation

/// Axes: the range a chart spans, where its values fall, and how its labels are written.
extension Chart {
    /// The range of `values`' finite entries. A constant series spans from 0 to twice its value
    /// (or -1 to 1 for 0), so its line sits mid-chart between labels that read naturally: a
    /// probability of 0.5 spans 0 to 1, and a subnormal 5e-324 spans 0 to 1e-323.
    static func span(of values: [Double]) -> (low: Double, high: Double)? {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        guard low == high else { return (low, high) }
        if low == 0 { return (-1, 1) }
        let reach = abs(low) <= .greatestFiniteMagnitude / 2 ? abs(low) : abs(low) / 2
        return (low - reach, low + reach)
    }

    /// Where `value` falls between `low` and `high`, from 0 to 1. Halves keep the span finite
    /// near the largest double; tiny ranges are first scaled by an exact power of two, since
    /// halving subnormal numbers would drop their last bits.
    static func fraction(_ value: Double, _ low: Double, _ high: Double) -> Double {
        let scale = max(abs(low), abs(high)) < 0x1p-900 ? 0x1p900 : 0.5
        let f = (value * scale - low * scale) / (high * scale - low * scale)
        return f.isFinite ? min(max(f, 0), 1) : 0
    }

    /// True when every finite value is a whole number (epochs, counts): such an axis gets whole ticks.
    static func isWhole(_ values: [Double]) -> Bool {
        values.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
    }

    /// Whole ticks between `low` and `high`, a round step apart (1, 2 or 5 times a power of ten),
    /// at most six of them.
    static func wholeTicks(_ low: Double, _ high: Double) -> [Double] {
        let span = high - low
        guard span.isFinite, span > 0, span < 1e15 else { return [low, high] }
        var step = 1.0
        while span / step > 5 {
            let decade = Foundation.pow(10, Foundation.log10(step).rounded(.down))
            step = [2, 5, 10].map { $0 * decade }.first { $0 > step }!
        }
        let first = (low / step).rounded(.up) * step
        return stride(from: first, through: high, by: step).map { $0 }
    }

    /// How an axis writes its labels: whole numbers, a fixed number of decimals, or
    /// significant digits with an exponent for ranges too small or too large for decimals.
    enum LabelStyle: Equatable {
        case decimals(Int)
        case significant(Int)

        /// 3 decimals for the usual spans (probabilities, values), none from a span of 1000 or
        /// for whole-number data, more for spans under 0.01 so neighbouring labels differ, and
        /// exponents below a span of 1e-6 or beyond 1e15 in magnitude.
        init(low: Double, high: Double, whole: Bool) {
            let half = high / 2 - low / 2
            guard half.isFinite, half > 0 else {
                self = .decimals(3)
                return
            }
            let magnitude = Foundation.log10(half) + Foundation.log10(2.0)  // log10(high - low), without overflow
            let largest = max(abs(low), abs(high))
            if largest >= 1e15 || magnitude < -6 {
                // Enough digits that labels a span apart differ.
                let digits = Int((Foundation.log10(largest) - magnitude).rounded(.up)) + 2
                self = .significant(min(max(digits, 3), 17))
            } else if whole || magnitude >= 3 {
                self = .decimals(0)
            } else {
                self = .decimals(magnitude >= -2 ? 3 : 2 - Int(magnitude.rounded(.down)))
            }
        }

        func text(_ value: Double) -> String {
            switch self {
            case .decimals(let decimals): NumberFormat.fixed(value, decimals: decimals)
            case .significant(let digits): NumberFormat.shortest(value, digits: digits)
            }
        }
    }
}
