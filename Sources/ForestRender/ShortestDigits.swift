/// The shortest decimal that reads back as the same double, and of those the nearest to it
/// (ties to an even last digit) — the digits Swift's `description` shows — found as
/// Schubfach does (Raffaello Giulietti, "The Schubfach way to render doubles", 2020, revised
/// 2022, §8–§10).
///
/// A positive double is v = c·2^q. Every real in its rounding interval, from the midpoint to
/// the double below to the midpoint to the double above, reads back as v: in quarters of 2^q,
/// from cbl = 4c − 2 to cbr = 4c + 2 (cbl = 4c − 1 at a power of two, where the double below
/// is nearer), the ends included when c is even (reading rounds half to even). With
/// k = ⌊log₁₀ 2^q⌋ (⌊log₁₀ ¾·2^q⌋ at a power of two) the interval is narrower than 10^(k+1),
/// so it holds at most one multiple of 10^(k+1). The interval's ends and v are scaled by 10^−k
/// (one 64 × 126-bit multiplication each, `PowersOfTen`), keeping two bits below the point
/// and a last bit that says whether anything nonzero was dropped (round to odd, §9): then
/// s = ⌊v·10^−k⌋ and
/// - if exactly one of the multiples of ten either side of s, s′ = 10⌊s/10⌋ and s′ + 10, lies
///   in the interval, it is the shortest decimal there;
/// - otherwise of s and s + 1 the one in the interval, or if both are, the nearer to v (the
///   even one when v is halfway).
/// Trailing zeros are then removed (0.5 is 5·10⁻¹).
///
/// In a report the standard library's formatting took about 600 instructions a number,
/// Ryū (Adams, PLDI 2018, used here before) about 220 and its layout 180; this about 140 and
/// its layout (`ByteBuffer.appendShortest`) 140. A report of a million studies writes millions
/// of numbers. `ShortestDigitsTests` compare the digits with `description` on every kind of
/// double.
enum ShortestDigits {
    /// `digits` · 10^`exponent` for a finite positive double.
    static func decimal(_ value: Double) -> (digits: UInt64, exponent: Int) {
        let fraction = value.bitPattern & ((1 << 52) - 1)
        let biased = Int(truncatingIfNeeded: (value.bitPattern >> 52) & 0x7FF)
        guard biased != 0 else { return nearest(c: fraction, q: -1074, powerOfTwo: false) }
        // The smallest normal exponent is spaced like the subnormals below it: not a power of
        // two in the sense of a nearer lower neighbour.
        return nearest(c: fraction | (1 << 52), q: biased - 1075, powerOfTwo: fraction == 0 && biased > 1)
    }

    /// The shortest, nearest decimal in c·2^q's rounding interval, as `digits` · 10^`exponent`.
    @inline(__always)
    private static func nearest(c: UInt64, q: Int, powerOfTwo: Bool) -> (digits: UInt64, exponent: Int) {
        let open: UInt64 = c & 1  // an odd c's interval does not hold its ends
        let cb = c &<< 2
        let cbr = cb &+ 2
        let cbl = powerOfTwo ? cb &- 1 : cb &- 2
        let k = floorLog10(q, threeQuarters: powerOfTwo)
        // h ∈ 2…5: the shift that puts the scaled values' point two bits from the right.
        let h = q &+ floorLog2OfPowerOfTen(0 &- k) &+ 2
        let index = 2 &* (k &- PowersOfTen.minimumK)
        let g1 = PowersOfTen.g[index]
        let g0 = PowersOfTen.g[index &+ 1]
        let vb = scaled(cb &<< h, g1, g0)
        let vbl = scaled(cbl &<< h, g1, g0)
        let vbr = scaled(cbr &<< h, g1, g0)
        let s = vb &>> 2
        if s >= 10 {
            let sp10 = 10 &* (s / 10)
            let tp10 = sp10 &+ 10
            let lowerIn = vbl &+ open <= sp10 &<< 2
            let upperIn = (tp10 &<< 2) &+ open <= vbr
            if lowerIn != upperIn { return withoutTrailingZeros(lowerIn ? sp10 : tp10, k) }
        }
        let t = s &+ 1
        let lowerIn = vbl &+ open <= s &<< 2
        let upperIn = (t &<< 2) &+ open <= vbr
        if lowerIn != upperIn { return withoutTrailingZeros(lowerIn ? s : t, k) }
        // Both in: the nearer to v, in quarters (v − (s + ½) = (vb − 2(s + t)) / 4).
        let fromMidpoint = Int64(bitPattern: vb &- ((s &+ t) &<< 1))
        let lower = fromMidpoint < 0 || (fromMidpoint == 0 && s & 1 == 0)
        return withoutTrailingZeros(lower ? s : t, k)
    }

    @inline(__always)
    private static func withoutTrailingZeros(_ digits: UInt64, _ exponent: Int) -> (digits: UInt64, exponent: Int) {
        var (digits, exponent) = (digits, exponent)
        while digits % 10 == 0 {
            digits /= 10
            exponent &+= 1
        }
        return (digits, exponent)
    }

    /// ⌊cp · g / 2¹²⁷⌋ with its last bit set when the floor dropped anything nonzero (round to
    /// odd), g = g1·2⁶³ + g0; as the paper shows, the bits below g0·cp's upper half cannot
    /// change that last bit, so they are not computed.
    @inline(__always)
    private static func scaled(_ cp: UInt64, _ g1: UInt64, _ g0: UInt64) -> UInt64 {
        let low63: UInt64 = (1 << 63) - 1
        let x1 = g0.multipliedFullWidth(by: cp).high
        let y = g1.multipliedFullWidth(by: cp)
        let z = (y.low &>> 1) &+ x1
        return (y.high &+ (z &>> 63)) | (((z & low63) &+ low63) &>> 63)
    }

    /// ⌊q log₁₀ 2⌋, or ⌊log₁₀(¾ · 2^q)⌋, for −1074 ≤ q ≤ 971 (checked at every q by
    /// tools/powers-of-ten.py).
    @inline(__always)
    private static func floorLog10(_ q: Int, threeQuarters: Bool) -> Int {
        (q &* 661_971_961_083 &- (threeQuarters ? 274_743_187_321 : 0)) &>> 41
    }

    /// ⌊e log₂ 10⌋ for −324 ≤ e ≤ 292 (checked likewise).
    @inline(__always)
    private static func floorLog2OfPowerOfTen(_ e: Int) -> Int { (e &* 913_124_641_741) &>> 38 }
}
