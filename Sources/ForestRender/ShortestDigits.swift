/// The shortest decimal that reads back as the same double, and of those the nearest to it —
/// the digits Swift's `description` shows — found with Ryū (Ulf Adams, "Ryū: fast
/// float-to-string conversion", PLDI 2018, §3–§5).
///
/// A positive double is m₂·2^e₂. Every real in the half-open or closed interval between the
/// midpoints to its neighbours, (4m₂ − 1 − s)/4 · 2^e₂ … (4m₂ + 2)/4 · 2^e₂ (s = 0 when the
/// double below is nearer, at a power of two), reads back as it; the interval is closed when
/// m₂ is even (reading rounds half to even). Ryū scales the interval's ends and the double
/// itself by 10^−q with one 64 × 125-bit multiplication each (`PowersOfFive`), choosing q so
/// that the scaled ends differ in about the 17th digit, and then removes decimal digits
/// while the ends still differ, tracking the last removed digit to round the result to
/// nearest (half to even when the removed digits were exactly a half).
///
/// In a report the standard library's formatting took about 600 instructions a number; this
/// and its layout (`ByteBuffer.appendShortest`) about 410, and 10–20 % less time. A report of a
/// million studies writes millions of numbers. `ShortestDigitsTests` compare the two on every
/// kind of double.
enum ShortestDigits {
    /// `digits` · 10^`exponent` for a finite positive double.
    static func decimal(_ value: Double) -> (digits: UInt64, exponent: Int) {
        let fraction = value.bitPattern & ((1 << 52) - 1)
        let biased = Int(truncatingIfNeeded: (value.bitPattern >> 52) & 0x7FF)
        // m₂ · 2^e₂ with two more bits of exponent for the interval's quarters (4m₂ ± …).
        let m2 = biased == 0 ? fraction : fraction | (1 << 52)
        let e2 = (biased == 0 ? 1 : biased) - 1075 - 2
        let even = m2 & 1 == 0
        let lowerShift: UInt64 = fraction != 0 || biased <= 1 ? 1 : 0
        var scaled =
            e2 >= 0
            ? scaledUp(m2, e2: e2, lowerShift: lowerShift, even: even)
            : scaledDown(m2, e2: e2, lowerShift: lowerShift, even: even)
        return scaled.shortest(even: even)
    }

    /// The double (`vr`), the interval's upper (`vp`) and lower (`vm`) end, each ⌊· 10^−e10⌋,
    /// and whether what the floor dropped was zero (exactly), for rounding.
    struct Scaled {
        var vr: UInt64, vp: UInt64, vm: UInt64
        var e10: Int
        var vrExact = false, vmExact = false

        /// Removes digits while the interval still holds a shorter decimal, then rounds.
        mutating func shortest(even: Bool) -> (digits: UInt64, exponent: Int) {
            var removed = 0
            var lastRemoved: UInt64 = 0
            guard vmExact || vrExact else {
                // The common case: no exact ties, round half up on the last removed digit.
                while vp / 10 > vm / 10 {
                    lastRemoved = vr % 10
                    (vr, vp, vm) = (vr / 10, vp / 10, vm / 10)
                    removed += 1
                }
                let up = vr == vm || lastRemoved >= 5
                return (vr + (up ? 1 : 0), e10 + removed)
            }
            while vp / 10 > vm / 10 {
                vmExact = vmExact && vm % 10 == 0
                vrExact = vrExact && lastRemoved == 0
                lastRemoved = vr % 10
                (vr, vp, vm) = (vr / 10, vp / 10, vm / 10)
                removed += 1
            }
            if vmExact {
                // The lower end is itself a shorter decimal (inside a closed interval).
                while vm % 10 == 0 {
                    vrExact = vrExact && lastRemoved == 0
                    lastRemoved = vr % 10
                    (vr, vp, vm) = (vr / 10, vp / 10, vm / 10)
                    removed += 1
                }
            }
            if vrExact && lastRemoved == 5 && vr % 2 == 0 {
                lastRemoved = 4  // exactly half: to even
            }
            let atLowerEnd = vr == vm && (!even || !vmExact)
            return (vr + (atLowerEnd || lastRemoved >= 5 ? 1 : 0), e10 + removed)
        }
    }

    /// e₂ ≥ 0: divides by 5^q (multiplies by `PowersOfFive.inverse`), q = ⌊e₂ log₁₀ 2⌋ (− 1).
    private static func scaledUp(_ m2: UInt64, e2: Int, lowerShift: UInt64, even: Bool) -> Scaled {
        let q = log10OfPowerOfTwo(e2) - (e2 > 3 ? 1 : 0)
        let shift = -e2 + q + 125 + bitLengthOfPowerOfFive(q) - 1
        var scaled = scaledAll(m2, by: q, in: PowersOfFive.inverse, shift: shift, lowerShift: lowerShift, e10: q)
        let mv = 4 * m2
        if q <= 21 {
            // Only here can a scaled value be a whole number (a multiple of 5^q).
            if mv % 5 == 0 {
                scaled.vrExact = isMultiple(mv, ofPowerOfFive: q)
            } else if even {
                scaled.vmExact = isMultiple(mv - 1 - lowerShift, ofPowerOfFive: q)
            } else if isMultiple(mv + 2, ofPowerOfFive: q) {
                scaled.vp -= 1  // an open interval's upper end is not in it
            }
        }
        return scaled
    }

    /// e₂ < 0: multiplies by 5^i (`PowersOfFive.power`), i = −e₂ − q, q = ⌊−e₂ log₁₀ 5⌋ (− 1).
    private static func scaledDown(_ m2: UInt64, e2: Int, lowerShift: UInt64, even: Bool) -> Scaled {
        let q = log10OfPowerOfFive(-e2) - (-e2 > 1 ? 1 : 0)
        let i = -e2 - q
        let shift = q - (bitLengthOfPowerOfFive(i) - 125)
        var scaled = scaledAll(m2, by: i, in: PowersOfFive.power, shift: shift, lowerShift: lowerShift, e10: q + e2)
        let mv = 4 * m2
        if q <= 1 {
            // mv · 5^i / 2^q with q ≤ 1: whole, as mv is a multiple of 4.
            scaled.vrExact = true
            if even {
                scaled.vmExact = lowerShift == 1
            } else {
                scaled.vp -= 1
            }
        } else if q < 63 {
            scaled.vrExact = mv & ((1 << q) - 1) == 0
        }
        return scaled
    }

    /// ⌊(4m₂ + d) · table[index] / 2^shift⌋ for the double (d = 0) and the interval's ends.
    private static func scaledAll(
        _ m2: UInt64, by index: Int, in table: [UInt64], shift: Int, lowerShift: UInt64, e10: Int
    ) -> Scaled {
        let low = table[2 * index]
        let high = table[2 * index + 1]
        let mv = 4 * m2
        return Scaled(
            vr: multiplyShift(mv, low, high, shift), vp: multiplyShift(mv + 2, low, high, shift),
            vm: multiplyShift(mv - 1 - lowerShift, low, high, shift), e10: e10)
    }

    /// ⌊m · (high · 2⁶⁴ + low) / 2^shift⌋, 64 < shift < 128 (m < 2⁵⁶, the factor < 2¹²⁵).
    @inline(__always)
    private static func multiplyShift(_ m: UInt64, _ low: UInt64, _ high: UInt64, _ shift: Int) -> UInt64 {
        let lowProduct = m.multipliedFullWidth(by: low)
        let highProduct = m.multipliedFullWidth(by: high)
        let (sumLow, carry) = highProduct.low.addingReportingOverflow(lowProduct.high)
        let sumHigh = highProduct.high &+ (carry ? 1 : 0)
        let s = UInt64(shift - 64)
        return (sumHigh &<< (64 &- s)) | (sumLow &>> s)
    }

    /// ⌊e log₁₀ 2⌋ for 0 ≤ e ≤ 1650 (78913 / 2¹⁸ ≈ log₁₀ 2).
    private static func log10OfPowerOfTwo(_ e: Int) -> Int { (e &* 78913) >> 18 }

    /// ⌊e log₁₀ 5⌋ for 0 ≤ e ≤ 2620 (732923 / 2²⁰ ≈ log₁₀ 5).
    private static func log10OfPowerOfFive(_ e: Int) -> Int { (e &* 732923) >> 20 }

    /// The number of bits of 5^e, ⌈e log₂ 5⌉ (1 for e = 0), 0 ≤ e ≤ 3528.
    private static func bitLengthOfPowerOfFive(_ e: Int) -> Int { ((e &* 1_217_359) >> 19) + 1 }

    private static func isMultiple(_ value: UInt64, ofPowerOfFive p: Int) -> Bool {
        var value = value
        var count = 0
        while value > 0 && value % 5 == 0 {
            value /= 5
            count += 1
        }
        return count >= p
    }
}
