/// Bytes being written, in memory managed here: appending a few bytes is a capacity check
/// and a copy. Writing a report appends a few bytes at a time, hundreds of millions of times
/// for a large one, and `Array.append(contentsOf:)` took a fifth of that. A class so that
/// the memory has one owner and is freed once; `JSONBytes` holds one and never shares it.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 12) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    var last: UInt8? { count == 0 ? nil : base[count - 1] }

    /// The bytes written so far, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(toHold: bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Appends a copy of the bytes at `range` (already written).
    func appendCopy(of range: Range<Int>) {
        if count + range.count > capacity { grow(toHold: range.count) }
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    func removeAll() { count = 0 }

    private func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        (base, capacity) = (grown, newCapacity)
    }
}
