/// A map from graph nodes to small integers, for one backward pass.
///
/// `Dictionary<ObjectIdentifier, Int>` and `Set<ObjectIdentifier>` hash with SipHash and grow
/// through several resizes: they took 8% of `fig3-pola-tabular` (a backward pass visits about 50
/// nodes, and its set and dictionary cost about 2000 instructions per node). Node addresses are
/// already unique and well spread, so a multiplicative hash into an open-addressed table with
/// linear probing finds a node in a few instructions.
struct NodeTable {
    /// Node addresses (0 = empty), and the number stored with each.
    private var keys: [UInt]
    private var values: [Int]
    private var shift: Int
    private(set) var count = 0

    /// A table that holds `expected` nodes without growing.
    init(expected: Int = 64) {
        var bits = 4
        while 1 << bits < 2 * expected { bits += 1 }
        keys = .repeated(0, count: 1 << bits)
        values = .repeated(0, count: 1 << bits)
        shift = UInt.bitWidth - bits
    }

    /// The number stored for `node`, if any.
    func value(for node: ObjectIdentifier) -> Int? {
        let key = UInt(bitPattern: node)
        var slot = home(key)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & (keys.count - 1)
        }
    }

    /// The number stored for `node`; if there is none, stores `value` and returns nil.
    mutating func insert(_ node: ObjectIdentifier, value: Int) -> Int? {
        let key = UInt(bitPattern: node)
        var slot = home(key)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { break }
            slot = (slot + 1) & (keys.count - 1)
        }
        keys[slot] = key
        values[slot] = value
        count += 1
        if 2 * count > keys.count { grow() }
        return nil
    }

    /// Fibonacci hashing: the golden-ratio product's top bits, which mix every bit of the address
    /// (its low bits are always zero, and nodes allocated together share their high bits).
    private func home(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt(shift))
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        keys = .repeated(0, count: 2 * oldKeys.count)
        values = .repeated(0, count: 2 * oldKeys.count)
        shift -= 1
        for (key, value) in zip(oldKeys, oldValues) where key != 0 {
            var slot = home(key)
            while keys[slot] != 0 { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
    }
}
