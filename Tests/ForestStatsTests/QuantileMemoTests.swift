import Testing

@testable import ForestStats

@Suite("Quantile memo")
struct QuantileMemoTests {
    /// A remembered quantile is given back without computing it again, told apart by p and by
    /// df; a full memo starts afresh (and so computes again) rather than growing.
    @Test func remembersByProbabilityAndDegreesOfFreedom() {
        let memo = QuantileMemo(capacity: 3)
        var computed = 0
        let asked: [(p: Double, df: Double, computes: Bool)] = [
            (0.025, 12, true), (0.975, 12, true), (0.025, 13, true), (0.975, 12, false), (0.025, 12, false),
            (0.5, 1, true),  // the fourth: the memo starts afresh
            (0.025, 12, true),
        ]
        for (p, df, computes) in asked {
            let before = computed
            let value = memo.value(p, df: df) {
                computed += 1
                return p * 1000 + df
            }
            #expect(value == p * 1000 + df)
            #expect((computed > before) == computes, "p \(p), df \(df)")
        }
    }

    /// Through the memo, the quantiles of a run's many analyses are the very bits of the
    /// search (the reference values are in DistributionTests).
    @Test func givesTheSearchsBits() {
        for df in [1.0, 4, 9, 99] {
            for p in [0.025, 0.975, 0.05, 0.95] {
                let first = ChiSquared.quantile(p, df: df), again = ChiSquared.quantile(p, df: df)
                #expect(first.bitPattern == again.bitPattern)
                #expect(StudentT.quantile(p, df: df).bitPattern == StudentT.quantile(p, df: df).bitPattern)
                #expect(ChiSquared.cdf(first, df: df) == p || abs(ChiSquared.cdf(first, df: df) - p) < 1e-14)
            }
        }
    }
}
