import Glibc
import TensorLayer
import Testing

/// `Float.tanh` is computed from one `expf` (see `TensorScalar.swift`): it must stay within a few
/// units in the last place of 1 of glibc's `tanhf` everywhere (an absolute error, which is what the
/// GRU's `(1 - z) n + z h` sees; near 0 the relative error is larger), keep tanh's sign and
/// saturation, and return tiny arguments unchanged.
struct FloatTanhTests {
    @Test(arguments: [
        (range: Float(-0.01)...0.01, tolerance: Float(2.5e-7)),
        (range: Float(-1)...1, tolerance: Float(2.5e-7)),
        (range: Float(-9)...9, tolerance: Float(2.5e-7)),
    ])
    func agreesWithGlibc(range: ClosedRange<Float>, tolerance: Float) {
        var worst: Float = 0
        for k in 0...20_000 {
            let x = range.lowerBound + (range.upperBound - range.lowerBound) * Float(k) / 20_000
            worst = max(worst, abs(Float.tanh(x) - tanhf(x)))
        }
        #expect(worst <= tolerance, "worst difference \(worst) on \(range)")
    }

    @Test(arguments: [
        (x: Float(0), expected: Float(0)),
        (x: Float(1e-5), expected: Float(1e-5)),
        (x: Float(-1e-5), expected: Float(-1e-5)),
        (x: Float(20), expected: Float(1)),
        (x: Float(-20), expected: Float(-1)),
        (x: Float.infinity, expected: Float(1)),
        (x: -Float.infinity, expected: Float(-1)),
    ])
    func pinnedValues(x: Float, expected: Float) {
        #expect(Float.tanh(x) == expected)
    }

    @Test func nanStaysNaN() {
        #expect(Float.tanh(.nan).isNaN)
    }
}
