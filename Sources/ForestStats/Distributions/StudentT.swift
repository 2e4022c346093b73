import CMath

/// Student's t distribution with ν degrees of freedom.
///
/// P(T ≤ −|t|) = ½·I_x(ν/2, ½) with x = ν/(ν + t²) (Abramowitz & Stegun 1964, 26.7.1 and
/// 26.5.27); y = 1 − x = t²/(ν + t²) is formed directly, so tail probabilities keep full
/// relative precision.
public enum StudentT {
    /// Two-sided p-value 2·P(T > |t|).
    public static func twoSidedP(_ t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        let t2 = t * t
        return IncompleteBeta.regularized(x: df / (df + t2), y: t2 / (df + t2), a: df / 2, b: 0.5)
    }

    /// P(T ≤ t).
    public static func cdf(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * twoSidedP(t, df: df)
        return t < 0 ? tail : 1 - tail
    }

    private static let memo = QuantileMemo()

    /// The p-quantile, found by Brent's method on the tail probability to machine precision
    /// (remembered: see `QuantileMemo`).
    public static func quantile(_ p: Double, df: Double) -> Double {
        guard df > 0, p >= 0, p <= 1 else { return .nan }
        return memo.value(p, df: df) { search(p, df: df) }
    }

    private static func search(_ p: Double, df: Double) -> Double {
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let tail = min(p, 1 - p)
        // Solve ½·twoSidedP(t) = tail for t > 0; the function decreases in t.
        let f: (Double) -> Double = { 0.5 * twoSidedP($0, df: df) - tail }
        var hi = max(2.0, -Normal.quantile(tail))
        while f(hi) > 0 { hi *= 2 }
        // Brent's bisection steps alone shrink the bracket to one ulp well within 1000 steps; a
        // solution that did not converge is not a quantile, and says so (NaN).
        let solution = BrentRoot.find(in: 0...hi, tolerance: 0, maxIterations: 1000, f)
        guard solution.converged else { return .nan }
        return p < 0.5 ? -solution.root : solution.root
    }
}
