extension ByteBuffer {
    /// A finite double as Swift's `description` writes it, from its shortest round-trip
    /// digits (`ShortestDigits`): positional from 10⁻⁴ up to 2⁵³ (`0.0001`, `1234.5`,
    /// `9007199254740992.0`), otherwise with an exponent of at least two digits (`1e-05`,
    /// `1.2345e+16`, `5e-324`). Zero is `0.0` (`-0.0`).
    func appendShortest(_ value: Double) {
        // The longest is 24 bytes (-2.2250738585072014e-308); the digits' words and the moved
        // fraction write up to 16 bytes beyond the last digit.
        reserve(40)
        var p = end
        if value.sign == .minus {
            p[0] = UInt8(ascii: "-")
            p += 1
        }
        let magnitude = value.magnitude
        guard magnitude != 0 else { return advance(to: ByteBuffer.put("0.0", at: p)) }
        let (digits, exponent) = ShortestDigits.decimal(magnitude)
        let count = ByteBuffer.decimalLength(digits)
        let scientific = exponent &+ count &- 1  // the power of ten of the first digit
        if scientific < -4 || magnitude > 9_007_199_254_740_992 {
            // d.ddde±XX: the digits written one place to the right, the first moved back.
            ByteBuffer.writeDigits(digits, count: count, at: p + 1)
            p[0] = p[1]
            if count > 1 {
                p[1] = UInt8(ascii: ".")
                p += 1
            }
            p += count
            advance(to: ByteBuffer.writeExponent(scientific, at: p))
        } else if scientific < 0 {
            // 0.000ddd: "0." and up to three zeros in one 8-byte store, the digits after them.
            UnsafeMutableRawPointer(p).storeBytes(of: UInt64(0x3030_3030_3030_2E30).littleEndian, as: UInt64.self)
            p += 1 &- scientific
            ByteBuffer.writeDigits(digits, count: count, at: p)
            advance(to: p + count)
        } else if exponent >= 0 {
            ByteBuffer.writeDigits(digits, count: count, at: p)
            p += count
            for _ in 0..<exponent {
                p[0] = UInt8(ascii: "0")
                p += 1
            }
            advance(to: ByteBuffer.put(".0", at: p))
        } else {
            // The point inside: the digits, then those after the point (at most 16) moved one
            // place right as two 8-byte words, and the point written in their place. The 16
            // bytes after the digits are zeroed first: the words read reach into them.
            ByteBuffer.writeDigits(digits, count: count, at: p)
            UnsafeMutableRawPointer(p + count).storeBytes(of: 0, as: UInt64.self)
            UnsafeMutableRawPointer(p + count + 8).storeBytes(of: 0, as: UInt64.self)
            let point = UnsafeMutableRawPointer(p + scientific + 1)
            let first = point.loadUnaligned(as: UInt64.self)
            let second = point.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            point.storeBytes(of: first, toByteOffset: 1, as: UInt64.self)
            point.storeBytes(of: second, toByteOffset: 9, as: UInt64.self)
            point.storeBytes(of: UInt8(ascii: "."), as: UInt8.self)
            advance(to: p + count + 1)
        }
    }

    /// An integer's decimal digits, written in place.
    func appendInteger(_ n: Int64) {
        reserve(28)  // the longest is 20 bytes (-9223372036854775808), and 7 beyond it
        var p = end
        if n < 0 {
            p[0] = UInt8(ascii: "-")
            p += 1
        }
        let count = ByteBuffer.decimalLength(n.magnitude)
        ByteBuffer.writeDigits(n.magnitude, count: count, at: p)
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
        writeDigits(magnitude, count: count, at: p)
        return p + count
    }

    /// The `count` decimal digits of `n` (`count` its length, 1…20) from `start` on, in whole
    /// 8-byte words from the left: the first word holds the leading digits beyond a multiple of
    /// eight, shifted so that its unused bytes come after them, where the next word overwrites
    /// them. Up to seven bytes after the last digit are written over (the caller reserves them).
    @inline(__always)
    private static func writeDigits(_ n: UInt64, count: Int, at start: UnsafeMutablePointer<UInt8>) {
        var p = UnsafeMutableRawPointer(start)
        guard count > 8 else {
            p.storeBytes(of: leading(count, of: UInt32(truncatingIfNeeded: n)), as: UInt64.self)
            return
        }
        let low = UInt32(truncatingIfNeeded: n % 100_000_000)
        let high = n / 100_000_000
        if count > 16 {
            let top = UInt32(truncatingIfNeeded: high / 100_000_000)
            p.storeBytes(of: leading(count &- 16, of: top), as: UInt64.self)
            p += count &- 16
            p.storeBytes(of: eightDigits(UInt32(truncatingIfNeeded: high % 100_000_000)), as: UInt64.self)
            p += 8
        } else {
            p.storeBytes(of: leading(count &- 8, of: UInt32(truncatingIfNeeded: high)), as: UInt64.self)
            p += count &- 8
        }
        p.storeBytes(of: eightDigits(low), as: UInt64.self)
    }

    /// The last `count` (1…8) of `n`'s eight digits (leading zeros included) first, as the
    /// bytes of a `UInt64` in memory order; the bytes after them are zero.
    @inline(__always)
    private static func leading(_ count: Int, of n: UInt32) -> UInt64 {
        (eightDigitLanes(n) &>> (8 &* (8 &- count))).littleEndian
    }

    /// The eight ASCII digits of `n` < 10⁸ (leading zeros included) as the bytes of a `UInt64`
    /// in memory order.
    @inline(__always)
    private static func eightDigits(_ n: UInt32) -> UInt64 { eightDigitLanes(n).littleEndian }

    /// The eight ASCII digits of `n` < 10⁸, the first in the lowest byte, all lanes at once:
    /// the word is split into two 4-digit lanes of 32 bits, each into two 2-digit lanes of 16
    /// bits (q = lane · 5243 / 2¹⁹ is lane / 100 below 10,000), each into two digits of 8 bits
    /// (lane · 103 / 2¹⁰ is lane / 10 below 100); no product crosses into the next lane.
    @inline(__always)
    private static func eightDigitLanes(_ n: UInt32) -> UInt64 {
        var x = UInt64(n / 10_000) | UInt64(n % 10_000) << 32
        let hundreds = ((x &* 5243) >> 19) & 0x0000_007F_0000_007F
        x = hundreds | (x &- hundreds &* 100) << 16
        let tens = ((x &* 103) >> 10) & 0x000F_000F_000F_000F
        x = tens | (x &- tens &* 10) << 8
        return x | 0x3030_3030_3030_3030
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
