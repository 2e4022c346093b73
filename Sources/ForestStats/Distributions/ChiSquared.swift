import CMath

/// The chi-square distribution with ν degrees of freedom: P(X ≤ x) = P(ν/2, x/2), the
/// regularized incomplete gamma function (Abramowitz & Stegun 1964, 26.4.19).
public enum ChiSquared {
    /// P(X ≤ x).
    public static func cdf(_ x: Double, df: Double) -> Double {
        x <= 0 ? 0 : IncompleteGamma.lower(df / 2, x / 2)
    }

    /// P(X > x), with full relative precision far into the upper tail (the p-value of Q).
    public static func survival(_ x: Double, df: Double) -> Double {
        x <= 0 ? 1 : IncompleteGamma.upper(df / 2, x / 2)
    }

    private static let memo = QuantileMemo()

    /// The p-quantile: the x with P(X ≤ x) = p, found by Brent's method to machine precision
    /// on a bracket grown from the mean ν (remembered: see `QuantileMemo`).
    public static func quantile(_ p: Double, df: Double) -> Double {
        guard df > 0, p >= 0, p <= 1 else { return .nan }
        return memo.value(p, df: df) { search(p, df: df) }
    }

    private static func search(_ p: Double, df: Double) -> Double {
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        // Work on the smaller tail so that p close to 1 keeps its precision.
        let f: (Double) -> Double =
            p <= 0.5 ? { cdf($0, df: df) - p } : { (1 - p) - survival($0, df: df) }
        var hi = max(df, 1.0)
        while f(hi) < 0 { hi *= 2 }
        // As for StudentT.quantile: converges within 1000 steps; NaN says it did not.
        let solution = BrentRoot.find(in: 0...hi, tolerance: 0, maxIterations: 1000, f)
        return solution.converged ? solution.root : .nan
    }
}
