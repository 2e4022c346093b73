import ForestStats
import Testing

/// Distribution functions against values computed with mpmath 1.3 at 40 significant digits
/// (ncdf, gammainc, betainc, erfinv), and with R 4.2.2 where noted.
@Suite("Distributions")
struct DistributionTests {
    @Test func normalCDFAndTails() {
        expectClose(Normal.cdf(-1.96), 0.024997895148220436213, relative: Tol.distribution)
        expectClose(Normal.twoSidedP(-11.5338071856263), 8.9113796707436654466e-31, relative: Tol.distribution)
        expectClose(Normal.cdf(-30), 4.9067139271481870595e-198, relative: 1e-12)
        expectClose(Normal.survival(37.5), 4.6053530095819548438e-308, relative: 1e-10)
        // Far beyond the smallest double the tail is 0, never NaN or negative.
        #expect(Normal.twoSidedP(40) == 0)
        #expect(Normal.cdf(0) == 0.5)
    }

    @Test func normalQuantile() {
        expectClose(Normal.quantile(0.975), 1.9599639845400542355, relative: 1e-15)
        expectClose(Normal.quantile(0.995), 2.575829303548900761, relative: 1e-15)
        expectClose(Normal.quantile(0.9), 1.281551565544600467, relative: 1e-15)
        expectClose(Normal.quantile(0.5000001), 2.5066282746310267518e-7, relative: 1e-9)
        expectClose(Normal.quantile(1e-10), -6.3613409024040562047, relative: 1e-14)
        expectClose(Normal.quantile(1e-300), -37.047096299361201, relative: 1e-13)  // R: qnorm(1e-300)
        #expect(Normal.quantile(0.5) == 0)
        #expect(Normal.quantile(0) == -.infinity)
        #expect(Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(1.5).isNaN)
    }

    @Test func chiSquareUpperTail() {
        // The p-value of Q = 152.57 on 12 df (BCG, RR M-H): must not collapse to 0.
        expectClose(
            ChiSquared.survival(152.567553586657, df: 12), 1.7075875315154151632e-26, relative: Tol.distribution)
        expectClose(ChiSquared.survival(3.84145882069412, df: 1), 0.050000000000000177675, relative: Tol.distribution)
        expectClose(ChiSquared.survival(700, df: 10), 6.2801466992359498821e-144, relative: 1e-12)
        expectClose(ChiSquared.survival(1500, df: 101), 9.8124262927673186745e-248, relative: 1e-11)
        expectClose(ChiSquared.cdf(1e-5, df: 3), 8.4104165087870358387e-9, relative: Tol.distribution)
        #expect(ChiSquared.survival(0.5, df: 30) == 1)
        #expect(ChiSquared.survival(0, df: 4) == 1)
    }

    @Test func chiSquareQuantile() {
        expectClose(ChiSquared.quantile(0.025, df: 12), 4.4037885069817016234, relative: 1e-13)
        expectClose(ChiSquared.quantile(0.975, df: 12), 23.336664158645339263, relative: 1e-13)
        expectClose(ChiSquared.quantile(0.5, df: 1), 0.45493642311957275194, relative: 1e-13)
        expectClose(ChiSquared.quantile(0.975, df: 101), 130.69970862406594971, relative: 1e-13)
    }

    @Test func studentTTails() {
        expectClose(StudentT.twoSidedP(2.5, df: 3) / 2, 0.043853323504032773625, relative: Tol.distribution)
        expectClose(StudentT.twoSidedP(12.7062047361747, df: 1) / 2, 0.025000000000000009104, relative: 1e-12)
        expectClose(StudentT.twoSidedP(40, df: 5) / 2, 9.2059810858864771776e-8, relative: 1e-12)
        expectClose(StudentT.twoSidedP(1e5, df: 2) / 2, 4.9999999992500000001e-11, relative: 1e-12)
        expectClose(StudentT.twoSidedP(0.1, df: 100) / 2, 0.46027226554792561828, relative: Tol.distribution)
        expectClose(StudentT.cdf(-2.5, df: 3), 0.043853323504032773625, relative: Tol.distribution)
    }

    @Test func studentTQuantile() {
        expectClose(StudentT.quantile(0.975, df: 1), 12.706204736174704646, relative: 1e-13)
        expectClose(StudentT.quantile(0.975, df: 2), 4.3026527297494638523, relative: 1e-13)
        expectClose(StudentT.quantile(0.975, df: 10), 2.2281388519862747484, relative: 1e-13)
        expectClose(StudentT.quantile(0.995, df: 4), 4.6040948713499932254, relative: 1e-13)
        expectClose(StudentT.quantile(0.95, df: 120), 1.6576508993552352104, relative: 1e-12)  // p as the double 0.95
        // p as the double 0.9999999
        expectClose(StudentT.quantile(0.9999999, df: 3), 222.57159098625124254, relative: 1e-11)
        expectClose(StudentT.quantile(0.025, df: 10), -2.2281388519862747484, relative: 1e-13)
    }

    @Test func brentFindsRootsAndReportsIterations() {
        let solution = BrentRoot.find(in: 0...3, tolerance: 0, maxIterations: 100) { $0 * $0 - 2 }
        #expect(solution.converged)
        expectClose(solution.root, 2.0.squareRoot(), relative: 1e-15)
        let capped = BrentRoot.find(in: 0...3, tolerance: 0, maxIterations: 2) { $0 * $0 - 2 }
        #expect(!capped.converged)
    }

    /// Given f at the ends, Brent's method does not evaluate it there again, and takes the very
    /// same steps to the very same root (the Q-profile's bounds keep their digits).
    @Test func brentGivenTheEndsTakesTheSameSteps() {
        for (tolerance, interval) in [(0.0, 0.0...3.0), (Double.ulpOfOne.squareRoot().squareRoot(), 0.0...100.0)] {
            var calls: [Double] = []
            let plain = BrentRoot.find(in: interval, tolerance: tolerance, maxIterations: 100) {
                calls.append($0)
                return 1 / (1 + $0) - 0.3
            }
            var callsGiven: [Double] = []
            let f = { (x: Double) in 1 / (1 + x) - 0.3 }
            let given = BrentRoot.find(
                in: interval, tolerance: tolerance, maxIterations: 100,
                ends: (f(interval.lowerBound), f(interval.upperBound))
            ) {
                callsGiven.append($0)
                return f($0)
            }
            #expect(given == plain)
            #expect(callsGiven == Array(calls.dropFirst(2)))
        }
    }
}
