import Runtime

/// The largest absolute difference between two equally long lists.
public func maxAbsoluteDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "comparing \(a.count) numbers with \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// The largest difference relative to `max(1, |b|)`: relative for large numbers, absolute near 0.
public func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "comparing \(a.count) numbers with \(b.count)")
    return zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}
