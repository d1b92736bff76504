import TensorLayer

/// Appends a checkpoint's fields as little-endian bytes. Floats are stored as their IEEE bit
/// patterns, so a value read back is the same value bit for bit (NaN payloads and signed zeros
/// included).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ x: UInt8) { bytes.append(x) }
    mutating func bool(_ x: Bool) { u8(x ? 1 : 0) }

    mutating func u32(_ x: UInt32) {
        for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: x >> (8 * UInt32(k)))) }
    }

    mutating func u64(_ x: UInt64) {
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: x >> (8 * UInt64(k)))) }
    }

    /// A count or size, stored as 64 bits.
    mutating func count(_ x: Int) { u64(UInt64(x)) }
    mutating func double(_ x: Double) { u64(x.bitPattern) }
    mutating func string(_ text: String) {
        count(text.utf8.count)
        bytes += text.utf8
    }

    mutating func raw(_ more: [UInt8]) { bytes += more }

    /// Rank, each dimension, then every scalar's 64-bit pattern.
    mutating func tensor(_ tensor: Tensor<Double>) {
        shape(tensor.shape)
        for x in tensor.scalars { double(x) }
    }

    /// Rank, each dimension, then every scalar's 32-bit pattern.
    mutating func tensor(_ tensor: Tensor<Float>) {
        shape(tensor.shape)
        for x in tensor.scalars { u32(x.bitPattern) }
    }

    private mutating func shape(_ shape: [Int]) {
        count(shape.count)
        for dimension in shape { count(dimension) }
    }
}

/// Reads what `ByteWriter` wrote. The file's length and checksum are checked before any section
/// is read, so running past a section's end means a broken writer: `.malformed`, naming the
/// section.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    /// The section being read, for errors.
    let section: String

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, section: String) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
        self.section = section
    }

    var isAtEnd: Bool { position == end }

    private func ended() -> CheckpointError { .malformed(section: section, "it ends before its fields do") }

    mutating func take(_ n: Int) throws(CheckpointError) -> ArraySlice<UInt8> {
        guard n >= 0, end - position >= n else { throw ended() }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func u8() throws(CheckpointError) -> UInt8 { try take(1).first! }

    mutating func bool() throws(CheckpointError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw .malformed(section: section, "a flag that is neither 0 nor 1")
        }
    }

    mutating func u32() throws(CheckpointError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(CheckpointError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A size or setting stored as 64 bits: refused past `Int.max`.
    mutating func size() throws(CheckpointError) -> Int {
        let raw = try u64()
        guard raw <= UInt64(Int.max) else { throw .malformed(section: section, "a size of \(raw)") }
        return Int(raw)
    }

    /// The number of items that follow: at most what the rest of the section could hold at
    /// `unit` bytes each, so a corrupt count cannot ask for gigabytes.
    mutating func count(unit: Int) throws(CheckpointError) -> Int {
        let raw = try u64()
        guard raw <= UInt64(max(0, end - position) / max(unit, 1)) else {
            throw ended()
        }
        return Int(raw)
    }

    mutating func double() throws(CheckpointError) -> Double { Double(bitPattern: try u64()) }

    mutating func string() throws(CheckpointError) -> String {
        let n = try count(unit: 1)
        guard let text = String(validating: try take(n), as: UTF8.self) else {
            throw .malformed(section: section, "text that is not UTF-8")
        }
        return text
    }

    mutating func doubles() throws(CheckpointError) -> Tensor<Double> {
        let shape = try shape(width: 8)
        var scalars = [Double]()
        for _ in 0..<shape.reduce(1, *) { scalars.append(Double(bitPattern: try u64())) }
        return Tensor(shape: shape, scalars: scalars)
    }

    mutating func floats() throws(CheckpointError) -> Tensor<Float> {
        let shape = try shape(width: 4)
        var scalars = [Float]()
        for _ in 0..<shape.reduce(1, *) { scalars.append(Float(bitPattern: try u32())) }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// A tensor's shape, refused unless its scalars (`width` bytes each) fit in what is left.
    private mutating func shape(width: Int) throws(CheckpointError) -> [Int] {
        let rank = try count(unit: 8)
        var shape = [Int]()
        var total = 1
        for _ in 0..<rank {
            let dimension = try size()
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw ended() }
            (total, shape) = (product, shape + [dimension])
        }
        // Checked once every dimension is read: a later dimension of 0 (a strategy's `[runs, 0]`)
        // makes an empty tensor of any earlier ones.
        guard total <= (end - position) / width else { throw ended() }
        return shape
    }
}
