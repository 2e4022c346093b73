import ForestTestSupport
import Testing

@testable import ForestEval

@Suite("Data checks")
struct DataChecksTests {
    /// `isWhole` answers as `x == x.rounded()` did, at the edges and on random doubles.
    @Test func isWholeAgreesWithRounding() {
        var values: [Double] = [
            0, -0.0, 0.5, -0.5, 1, -1, 2.5, 0x1p52 - 0.5, 0x1p52, 0x1p52 + 1, 0x1p53 + 2, -0x1p63, 0x1p63, 1e300,
            .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 1e15 + 0.5, 12, 12.000000000000002,
        ]
        var generator = SplitMix(seed: 0xD47A)
        for _ in 0..<100_000 {
            values.append(Double(bitPattern: generator.next()))
            values.append(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 4)
        }
        #expect(values.filter { DataChecks.isWhole($0) != ($0 == $0.rounded()) } == [])
    }
}
