import CMath

/// The regularized incomplete beta function I_x(a, b).
///
/// Evaluated with the continued fraction of Abramowitz & Stegun (1964), 26.5.8, by the
/// modified Lentz algorithm, on the side of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where
/// it converges fast (x < (a + 1)/(a + b + 2)); see Press et al., *Numerical Recipes*, 3rd ed.,
/// §6.4. Both x and y = 1 − x are passed in, so that callers who know y exactly (Student's t
/// tails) lose nothing to the subtraction.
public enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0 and x + y = 1, 0 ≤ x ≤ 1.
    public static func regularized(x: Double, y: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, y >= 0 else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        if x < (a + 1) / (a + b + 2) {
            return prefactor(x: x, y: y, a: a, b: b) * fraction(x: x, a: a, b: b) / a
        }
        return 1 - prefactor(x: x, y: y, a: a, b: b) * fraction(x: y, a: b, b: a) / b
    }

    /// x^a·y^b/B(a, b).
    private static func prefactor(x: Double, y: Double, a: Double, b: Double) -> Double {
        exp(a * log(x) + b * log(y) + lgamma(a + b) - lgamma(a) - lgamma(b))
    }

    /// The continued fraction 1/(1+ d₁/(1+ d₂/(1+ …))) with A&S 26.5.8's coefficients.
    private static func fraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
