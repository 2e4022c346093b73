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
        ByteBuffer.copy(source, to: base + count, count: bytes.count)
        count += bytes.count
    }

    /// An object's key in a per-study row, in one piece: `, "key": ` (`,"key":` without
    /// `spaced`), without the comma for the first field.
    func appendKey(_ key: UnsafePointer<UInt8>, count keyCount: Int, comma: Bool, spaced: Bool) {
        if count + keyCount + 6 > capacity { grow(toHold: keyCount + 6) }
        var p = base + count
        if comma {
            p[0] = UInt8(ascii: ",")
            p += 1
            if spaced {
                p[0] = UInt8(ascii: " ")
                p += 1
            }
        }
        p[0] = UInt8(ascii: "\"")
        ByteBuffer.copy(key, to: p + 1, count: keyCount)
        p += keyCount + 1
        p[0] = UInt8(ascii: "\"")
        p[1] = UInt8(ascii: ":")
        p += 2
        if spaced {
            p[0] = UInt8(ascii: " ")
            p += 1
        }
        count = p - base
    }

    /// A line break and `indentation` spaces: the spaces stored eight at a time (a report has
    /// a line break before every field of an analysis).
    func appendLineBreak(indentation: Int) {
        reserve(indentation + 9)
        let p = UnsafeMutableRawPointer(end)
        p.storeBytes(of: UInt8(ascii: "\n"), as: UInt8.self)
        var offset = 1
        while offset < indentation + 1 {
            p.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        advance(to: end + indentation + 1)
    }

    /// Copies `count` bytes: a short run (most of a report's pieces: keys, digits, labels)
    /// byte by byte, which costs less than a call to `memcpy`, a longer one with it.
    @inline(__always)
    private static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        guard count > 24 else {
            for i in 0..<count { target[i] = source[i] }
            return
        }
        target.update(from: source, count: count)
    }

    func append(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Appends a copy of the bytes at `range` (already written).
    func appendCopy(of range: Range<Int>) {
        if count + range.count > capacity { grow(toHold: range.count) }
        ByteBuffer.copy(base + range.lowerBound, to: base + count, count: range.count)
        count += range.count
    }

    func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes, to be written from `end` on and then counted
    /// with `advance(to:)`.
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: extra) }
    }

    /// Where the next byte goes.
    var end: UnsafeMutablePointer<UInt8> { base + count }

    /// Counts the bytes written from `end` up to `p` (after `reserve`).
    func advance(to p: UnsafeMutablePointer<UInt8>) {
        count = p - base
    }

    private func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        (base, capacity) = (grown, newCapacity)
    }
}
