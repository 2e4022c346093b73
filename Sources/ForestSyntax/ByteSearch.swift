/// Finding a byte in a source eight bytes at a time (SWAR: a 64-bit word as eight lanes): a
/// script's line breaks, and the first letter of a word looked for, are a few bytes in forty,
/// and a byte-by-byte loop spent 5–6 instructions on every byte of a 40 MB script.
enum ByteSearch {
    /// The high bit of each byte of `word` that equals `byte`, and no other bit: a byte of
    /// `word ^ pattern` is zero exactly where its low seven bits plus 0x7F do not carry into
    /// the high bit and the high bit is clear (no carry crosses into the next byte).
    @inline(__always)
    static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let difference = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return ~(((difference & lows) &+ lows) | difference) & ~lows
    }

    /// Calls `body` with each offset of `text` that holds `byte`, in order, until it returns
    /// false.
    static func forEach(_ byte: UInt8, in text: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
        guard let base = text.baseAddress else { return }
        var offset = 0
        while offset + 8 <= text.count {
            // Little-endian: the lowest set bit is the first match in the text.
            var found = bytes(of: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self), equalTo: byte)
            while found != 0 {
                guard body(offset + found.trailingZeroBitCount / 8) else { return }
                found &= found &- 1
            }
            offset += 8
        }
        while offset < text.count {
            if base[offset] == byte, !body(offset) { return }
            offset += 1
        }
    }
}
