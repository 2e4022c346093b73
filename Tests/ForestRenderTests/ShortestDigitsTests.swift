import ForestTestSupport
import Testing

@testable import ForestRender

/// `ByteBuffer.appendShortest` (Schubfach, `ShortestDigits`) writes every double as
/// `description` does: the same shortest digits, the same rounding of ties, the same layout.
@Suite("Shortest round-trip numbers")
struct ShortestDigitsTests {
    func text(_ value: Double) -> String {
        let buffer = ByteBuffer(capacity: 16)
        buffer.appendShortest(value)
        return String(decoding: buffer.array, as: UTF8.self)
    }

    func mismatches(_ values: some Sequence<Double>) -> [String] {
        values.compactMap { value in
            let ours = text(value)
            return ours == value.description ? nil : "\(value.bitPattern): \(ours) vs \(value.description)"
        }
    }

    @Test func layoutAndEdges() {
        let values: [Double] = [
            0, -0.0, 1, -1, 0.1, 0.0001, 1e-5, 9.999e-5, 0.00012345, 1234.5678, 1e15, 1.5e15,
            9_007_199_254_740_992, 9_007_199_254_740_994, 1e16, 1.2345e16, 1e22, 1e23, 1e100, 1e-100,
            .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
            Double.leastNormalMagnitude.nextDown, -Double.greatestFiniteMagnitude, 0.30000000000000004,
            8.91137967074168e-31, 2.5, 4_503_599_627_370_496.5, 123_456_789_012_345_678,
        ]
        #expect(mismatches(values) == [])
        #expect(text(1e-5) == "1e-05")
        #expect(text(1e15) == "1000000000000000.0")
    }

    /// Every power of two and its neighbours (the intervals with a nearer lower neighbour),
    /// and short binary fractions k/2^j, where exact ties occur.
    @Test func powersOfTwoAndBinaryFractions() {
        var values: [Double] = []
        for e in -1074...1023 {
            let v = Double(sign: .plus, exponent: e, significand: 1)
            values += [v, v.nextUp, v.nextDown]
        }
        for k in 1..<256 {
            for j in -80...80 { values.append(Double(sign: .plus, exponent: j, significand: Double(k))) }
        }
        #expect(mismatches(values) == [])
    }

    /// Short decimals at every power of ten (the doubles nearest 1…9999 · 10^e), where the
    /// interval holds a short decimal exactly at or near an end.
    @Test func shortDecimalsAtEveryScale() {
        var values: [Double] = []
        for e in -327...308 {
            for d in [1, 2, 5, 9, 12, 25, 99, 125, 500, 999, 1234, 5000, 9999] {
                if let v = Double("\(d)e\(e)"), v.isFinite, v > 0 { values += [v, v.nextUp, v.nextDown] }
            }
        }
        #expect(mismatches(values) == [])
    }

    /// Every binary exponent, subnormals included, with random mantissas (odd and even: an
    /// odd one's interval is open), many more where the scaling is smallest (2⁵¹…2⁵⁵) and
    /// doubles that are whole numbers there.
    @Test func everyExponent() {
        var generator = SplitMix(seed: 0xE_0E0E)
        var values: [Double] = []
        for biased in UInt64(0)..<0x7FF {
            let count = (1070...1080).contains(biased) ? 20_000 : 100
            for _ in 0..<count {
                let fraction = generator.next() & ((1 << 52) - 1)
                values.append(Double(bitPattern: biased << 52 | fraction))
            }
        }
        for _ in 0..<100_000 {
            values.append(Double(UInt64.random(in: (1 << 51)..<(1 << 55), using: &generator)))
            values.append(Double(UInt64.random(in: 1..<(1 << 20), using: &generator)) / 8)
        }
        #expect(mismatches(values) == [])
    }

    /// Random bit patterns over the whole range (a fixed seed, so a failure repeats), and
    /// random values of the sizes a report holds.
    @Test func randomDoubles() {
        var generator = SplitMix(seed: 0x5EED_F0E5)
        var values: [Double] = []
        for _ in 0..<300_000 {
            let bits =
                generator.next() & ~(UInt64(0x7FF) << 52) | (UInt64.random(in: 0..<0x7FF, using: &generator) << 52)
            values.append(Double(bitPattern: bits))
            values.append(Double.random(in: -100...100, using: &generator))
        }
        #expect(mismatches(values) == [])
    }

    /// Numbers written one after another into one buffer: each is written in whole words that
    /// reach past its last digit, never before its first, so the bytes before it stay and the
    /// next overwrites what reached past (every layout: point inside, 0.000d, d.de±XX, whole).
    @Test func numbersOneAfterAnother() {
        var generator = SplitMix(seed: 0xAF7E)
        var values: [Double] = [1e-5, 5e-324, 1e22, 123.0, 0.001, 1234567.125, 9_007_199_254_740_993]
        for _ in 0..<20_000 {
            let scale = Double(sign: .plus, exponent: Int(generator.next() % 80) - 40, significand: 1)
            values.append((Double(generator.next() >> 11) / 0x1p53 - 0.5) * scale)
        }
        let buffer = ByteBuffer(capacity: 8)
        var expected = "x"
        buffer.append(UInt8(ascii: "x"))
        for (index, value) in values.enumerated() {
            buffer.appendShortest(value)
            buffer.append(UInt8(ascii: ","))
            buffer.appendInteger(Int64(index) - 3)
            buffer.append(UInt8(ascii: ";"))
            expected += "\(value.description),\(index - 3);"
        }
        #expect(String(decoding: buffer.array, as: UTF8.self) == expected)
    }

    /// Integers as `description` writes them: every length, each side of every power of ten,
    /// the ends of the range.
    @Test func integersOfEveryLength() {
        var values: [Int64] = [0, 1, -1, 9, 10, 99, 100, .max, .min, .max - 1, .min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power, -(power - 1), power / 2 + 7]
        }
        for i in 0..<2_000 { values.append(Int64(i) * 7919 % 100_003) }
        for value in values {
            let buffer = ByteBuffer(capacity: 4)
            buffer.appendInteger(value)
            #expect(String(decoding: buffer.array, as: UTF8.self) == value.description)
        }
        for n: UInt64 in [0, 1, 9, 10, .max, 10_000_000_000_000_000_000, 9_999_999_999_999_999_999] {
            #expect(ByteBuffer.decimalLength(n) == String(n).count, "\(n)")
        }
    }
}
