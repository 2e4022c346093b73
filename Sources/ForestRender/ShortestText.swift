extension ByteBuffer {
    /// A finite double as Swift's `description` writes it, from its shortest round-trip
    /// digits (`ShortestDigits`): positional from 10⁻⁴ up to 2⁵³ (`0.0001`, `1234.5`,
    /// `9007199254740992.0`), otherwise with an exponent of at least two digits (`1e-05`,
    /// `1.2345e+16`, `5e-324`). Zero is `0.0` (`-0.0`).
    func appendShortest(_ value: Double) {
        reserve(32)  // the longest is 24 bytes: -2.2250738585072014e-308
        var p = end
        if value.sign == .minus {
            p[0] = UInt8(ascii: "-")
            p += 1
        }
        let magnitude = value.magnitude
        guard magnitude != 0 else { return advance(to: ByteBuffer.put("0.0", at: p)) }
        let (digits, exponent) = ShortestDigits.decimal(magnitude)
        let count = ByteBuffer.decimalLength(digits)
        let scientific = exponent + count - 1  // the power of ten of the first digit
        if scientific < -4 || magnitude > 9_007_199_254_740_992 {
            // d.ddde±XX: the digits written one place to the right, the first moved back.
            ByteBuffer.writeDigits(digits, count: count, endingAt: p + 1 + count)
            p[0] = p[1]
            if count > 1 {
                p[1] = UInt8(ascii: ".")
                p += 1
            }
            p += count
            advance(to: ByteBuffer.writeExponent(scientific, at: p))
        } else if scientific < 0 {
            p = ByteBuffer.put("0.", at: p)
            for _ in 0..<(-scientific - 1) {
                p[0] = UInt8(ascii: "0")
                p += 1
            }
            ByteBuffer.writeDigits(digits, count: count, endingAt: p + count)
            advance(to: p + count)
        } else if exponent >= 0 {
            ByteBuffer.writeDigits(digits, count: count, endingAt: p + count)
            p += count
            for _ in 0..<exponent {
                p[0] = UInt8(ascii: "0")
                p += 1
            }
            advance(to: ByteBuffer.put(".0", at: p))
        } else {
            // The point inside: the digits one place to the right, those before it moved back.
            ByteBuffer.writeDigits(digits, count: count, endingAt: p + 1 + count)
            for i in 0...scientific { p[i] = p[i + 1] }
            p[scientific + 1] = UInt8(ascii: ".")
            advance(to: p + 1 + count)
        }
    }

    /// An integer's decimal digits, written in place from the right.
    func appendInteger(_ n: Int64) {
        reserve(20)  // the longest is 20 bytes: -9223372036854775808
        var p = end
        if n < 0 {
            p[0] = UInt8(ascii: "-")
            p += 1
        }
        let count = ByteBuffer.decimalLength(n.magnitude)
        ByteBuffer.writeDigits(n.magnitude, count: count, endingAt: p + count)
        advance(to: p + count)
    }

    /// `e`, the sign and at least two digits of the power.
    private static func writeExponent(
        _ power: Int, at start: UnsafeMutablePointer<UInt8>
    ) -> UnsafeMutablePointer<UInt8> {
        var p = start
        p[0] = UInt8(ascii: "e")
        p[1] = power < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        p += 2
        let magnitude = UInt64(power.magnitude)
        let count = magnitude >= 100 ? 3 : 2
        writeDigits(magnitude, count: count, endingAt: p + count)
        return p + count
    }

    /// Writes the last `count` decimal digits of `n` (leading zeros as needed) just before
    /// `end`, from the right: eight at a time in 32-bit arithmetic, two at a time.
    @inline(__always)
    private static func writeDigits(_ n: UInt64, count: Int, endingAt end: UnsafeMutablePointer<UInt8>) {
        var p = UnsafeMutableRawPointer(end)
        var left = count
        var high = n
        while left > 8 {
            p -= 8
            p.storeBytes(of: eightDigits(UInt32(truncatingIfNeeded: high % 100_000_000)), as: UInt64.self)
            high /= 100_000_000
            left -= 8
        }
        var rest = UInt32(truncatingIfNeeded: high)
        while left >= 2 {
            p -= 2
            p.storeBytes(of: pair(rest % 100), as: UInt16.self)
            rest /= 100
            left -= 2
        }
        if left == 1 {
            p -= 1
            p.storeBytes(of: UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest), as: UInt8.self)
        }
    }

    /// The eight ASCII digits of `n` < 10⁸ (leading zeros included) as the bytes of a `UInt64`
    /// in memory order, all lanes at once: the word is split into two 4-digit lanes of 32 bits,
    /// each into two 2-digit lanes of 16 bits (q = lane · 5243 / 2¹⁹ is lane / 100 below
    /// 10,000), each into two digits of 8 bits (lane · 103 / 2¹⁰ is lane / 10 below 100); no
    /// product crosses into the next lane.
    @inline(__always)
    private static func eightDigits(_ n: UInt32) -> UInt64 {
        var x = UInt64(n / 10_000) | UInt64(n % 10_000) << 32
        let hundreds = ((x &* 5243) >> 19) & 0x0000_007F_0000_007F
        x = hundreds | (x &- hundreds &* 100) << 16
        let tens = ((x &* 103) >> 10) & 0x000F_000F_000F_000F
        x = tens | (x &- tens &* 10) << 8
        return (x | 0x3030_3030_3030_3030).littleEndian
    }

    /// The two ASCII digits of `n` < 100 as the bytes of a `UInt16` in memory order, by
    /// arithmetic (n · 103 / 1024 is n / 10 for every n < 100): a table of them was a global
    /// whose every use went through its lazy initialisation (`swift_once`), once a number.
    @inline(__always)
    private static func pair(_ n: UInt32) -> UInt16 {
        let tens = (n &* 103) >> 10
        let ones = n &- tens &* 10
        return (UInt16(truncatingIfNeeded: tens) | UInt16(truncatingIfNeeded: ones) << 8 | 0x3030).littleEndian
    }

    /// The number of decimal digits of `n` (1 for 0): t = ⌊bits · 1233 / 4096⌋ (1233 / 4096 ≈
    /// log₁₀ 2) is ⌊log₁₀ n⌋ or one more, settled by one comparison with 10ᵗ.
    static func decimalLength(_ n: UInt64) -> Int {
        let m = n | 1
        let t = ((64 - m.leadingZeroBitCount) &* 1233) >> 12
        return t + 1 - (m < powersOfTen[t] ? 1 : 0)
    }

    /// 10⁰ … 10¹⁹.
    private static let powersOfTen: [UInt64] = [
        1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
        10_000_000_000_000_000_000,
    ]

    private static func put(_ text: StaticString, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        for i in 0..<text.utf8CodeUnitCount { p[i] = text.utf8Start[i] }
        return p + text.utf8CodeUnitCount
    }
}
