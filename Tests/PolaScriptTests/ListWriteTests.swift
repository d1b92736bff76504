import PolaScript
import Testing

/// List writes change the list where it is stored instead of copying it: the address of a list's
/// elements tells, without timing anything, whether a write copied them (a copy is allocated
/// while the original still lives, so it always lands elsewhere).
@Suite struct ListWriteTests {
    @Test func elementWritesKeepTheListWhereItIs() {
        let addresses = Self.addresses(
            of: "xs", setup: "xs = 1..1000", steps: ["for i in 0..999 { xs[i] = -i }", "xs[-1] = [1, 2]"])
        #expect(Set(addresses).count == 1, "\(addresses)")
    }

    /// A thousand appends move the list only when its capacity doubles: about ten times.
    @Test func appendsMoveTheListLogarithmicallyOften() {
        let steps = Array(repeating: "xs = append(xs, len(xs))", count: 1000)
        let addresses = Self.addresses(of: "xs", setup: "xs = []", steps: steps)
        let moves = zip(addresses, addresses.dropFirst()).filter { $0 != $1 }.count
        #expect(moves <= 20, "\(moves) moves in 1000 appends")
    }

    /// Runs `setup`, then each step, and after each the address of the elements `name` holds.
    static func addresses(of name: String, setup: String, steps: [String]) -> [UInt] {
        LargeStack.run {
            let interpreter = Interpreter(host: Host(write: { _ in }))
            var addresses = [UInt]()
            for text in [setup] + steps {
                try? interpreter.run(Source(name: "writes", text: text))
                guard case .list(let items) = interpreter.global(name) else { return [] }
                addresses.append(items.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) })
            }
            return addresses
        }
    }
}
