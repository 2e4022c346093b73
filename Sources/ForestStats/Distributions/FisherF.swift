/// Fisher's F distribution with d₁ and d₂ degrees of freedom.
///
/// P(F > f) = I_x(d₂/2, d₁/2) with x = d₂/(d₂ + d₁f) (Abramowitz & Stegun 1964, 26.6.2 and
/// 26.5.27); y = 1 − x = d₁f/(d₂ + d₁f) is formed directly, so small tail probabilities keep
/// their relative precision.
public enum FisherF {
    /// P(F > f), the p-value of an F test (the omnibus test of a meta-regression's moderators
    /// under the Knapp–Hartung adjustment).
    public static func survival(_ f: Double, d1: Double, d2: Double) -> Double {
        guard d1 > 0, d2 > 0, !f.isNaN else { return .nan }
        if f <= 0 { return 1 }
        if f.isInfinite { return 0 }
        let denominator = d2 + d1 * f
        return IncompleteBeta.regularized(x: d2 / denominator, y: d1 * f / denominator, a: d2 / 2, b: d1 / 2)
    }
}
