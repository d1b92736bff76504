import PolaScript
import Testing

/// How numbers become text: `print` writes the shortest round-trip form, `fixed` a set
/// number of decimals.
struct NumberFormatTests {
    @Test(
        arguments: [
            (0.0, "0"), (-0.0, "0"), (3, "3"), (-42, "-42"), (0.1, "0.1"), (1e-8, "1e-8"), (1.5e-300, "1.5e-300"),
            (Double.leastNonzeroMagnitude, "5e-324"),
            (1e15, "1000000000000000"), (1e16, "1e16"), (2.5e20, "2.5e20"),
            (-1.2133636604256065e307, "-1.2133636604256065e307"), (Double.infinity, "inf"),
            (-Double.infinity, "-inf"), (Double.nan, "nan"),
        ] as [(Double, String)])
    func shortest(value: Double, text: String) {
        #expect(NumberFormat.shortest(value) == text)
    }

    @Test(
        arguments: [
            (2.0 / 3, 3, "0.667"), (0.5, 2, "0.50"), (1, 0, "1"), (0.999, 2, "1.00"),
            (-0.001, 2, "0.00"), (-0.006, 2, "-0.01"), (-1.25, 1, "-1.2"), (0.125, 2, "0.12"),
            (123456.789, 1, "123456.8"), (0.1, 15, "0.100000000000000"), (1e-20, 3, "0.000"),
            (1e15, 2, "1000000000000000.00"), (-2.5e16, 2, "-2.5e16"), (-Double.infinity, 2, "-inf"),
            (Double.nan, 4, "nan"),
        ] as [(Double, Int, String)])
    func fixed(value: Double, decimals: Int, text: String) {
        #expect(NumberFormat.fixed(value, decimals: decimals) == text)
    }
}
