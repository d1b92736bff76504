import Foundation

/// Timings of another implementation (a jitted JAX implementation of the exact half) per case,
/// so that each case's line can say how many times slower or faster pola-bench was.
///
/// Given on the command line as `--peer CASE=SECONDS` (repeatable) or read from a file in the
/// format `bench.sh` prints, one case a line:
///
///     fig3-lola-tabular-cf1.1 steady 0.0036 first-call 3.21 whole-process 4.50
///
/// where the steady seconds (compiled, the median of 3 calls) are the ones compared.
struct PeerTimings {
    private(set) var seconds: [String: Double] = [:]
    /// Case names in the order they were given.
    private(set) var cases: [String] = []

    struct Failure: Error {
        let message: String
    }

    /// Takes `--peer CASE=SECONDS` and `--peer-file PATH` out of `arguments`, leaving the rest.
    static func extract(from arguments: inout [String], knownCases: [String]) throws(Failure) -> PeerTimings {
        var timings = PeerTimings()
        var rest = [String]()
        var position = 0
        while position < arguments.count {
            let argument = arguments[position]
            guard argument == "--peer" || argument == "--peer-file" else {
                rest.append(argument)
                position += 1
                continue
            }
            guard position + 1 < arguments.count else {
                throw Failure(message: "bad argument '\(argument)' (a value expected, got nothing)")
            }
            let value = arguments[position + 1]
            if argument == "--peer" {
                try timings.add(parsing: value, knownCases: knownCases)
            } else {
                try timings.add(file: value, knownCases: knownCases)
            }
            position += 2
        }
        arguments = rest
        return timings
    }

    /// `CASE=SECONDS`.
    private mutating func add(parsing value: String, knownCases: [String]) throws(Failure) {
        let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            throw Failure(message: "bad argument '--peer' (CASE=SECONDS expected, got '\(value)')")
        }
        try add(case: parts[0], seconds: parts[1], knownCases: knownCases, origin: "argument '--peer'")
    }

    /// A file of `bench.sh` lines; blank lines are skipped.
    private mutating func add(file path: String, knownCases: [String]) throws(Failure) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(message: "bad argument '--peer-file' (a readable file expected, got '\(path)')")
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = line.split(separator: " ").map(String.init)
            if words.isEmpty { continue }
            let origin = "\(path):\(index + 1)"
            guard words.count >= 3, words[1] == "steady" else {
                throw Failure(message: "\(origin): 'CASE steady SECONDS ...' expected, got '\(line)'")
            }
            try add(case: words[0], seconds: words[2], knownCases: knownCases, origin: origin)
        }
    }

    private mutating func add(case name: String, seconds text: String, knownCases: [String], origin: String)
        throws(Failure)
    {
        guard knownCases.contains(name) else {
            throw Failure(message: "\(origin): unknown case '\(name)'")
        }
        guard let value = Double(text), value.isFinite, value > 0 else {
            throw Failure(message: "\(origin): positive seconds expected for \(name), got '\(text)'")
        }
        if seconds[name] == nil { cases.append(name) }
        seconds[name] = value
    }

    /// `  (3.1x slower than the peer's 0.0036 s)`, or nothing without a timing for `name`.
    func comparison(case name: String, seconds ours: Double) -> String {
        guard let theirs = seconds[name] else { return "" }
        let ratio = ours >= theirs ? ours / theirs : theirs / ours
        let word = ours >= theirs ? "slower" : "faster"
        return "  (\(String(format: "%.2f", ratio))x \(word) than the peer's \(String(format: "%g", theirs)) s)"
    }
}
