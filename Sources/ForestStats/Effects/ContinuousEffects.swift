import CMath

/// Study-level effect sizes of two arms' means (Deeks & Higgins 2010; metafor's `escalc`).
public enum ContinuousEffects {
    /// Mean difference m₁ − m₂ with variance s₁²/n₁ + s₂²/n₂.
    public static func meanDifference(_ s: ContinuousArms) -> StudyEffect {
        StudyEffect(y: s.meanE - s.meanC, v: s.sdE * s.sdE / s.nE + s.sdC * s.sdC / s.nC)
    }

    /// The pooled within-arm standard deviation √(((n₁−1)s₁² + (n₂−1)s₂²)/(n₁ + n₂ − 2)).
    public static func pooledSD(_ s: ContinuousArms) -> Double {
        (((s.nE - 1) * s.sdE * s.sdE + (s.nC - 1) * s.sdC * s.sdC) / (s.nE + s.nC - 2)).squareRoot()
    }

    /// Hedges' g as RevMan 5 computes it: d = (m₁ − m₂)/s_pooled, g = d·(1 − 3/(4N − 9)) and
    /// Var(g) = N/(n₁n₂) + g²/(2(N − 3.94)), N = n₁ + n₂ (Deeks & Higgins 2010, §"Standardized
    /// mean difference").
    public static func hedgesGRevMan(_ s: ContinuousArms) -> StudyEffect {
        let n = s.nE + s.nC
        let d = (s.meanE - s.meanC) / pooledSD(s)
        let g = d * (1 - 3 / (4 * n - 9))
        return StudyEffect(y: g, v: n / (s.nE * s.nC) + g * g / (2 * (n - 3.94)))
    }

    /// Hedges' g as metafor computes it by default: the exact bias correction
    /// J(m) = Γ(m/2)/(√(m/2)·Γ((m−1)/2)), m = n₁ + n₂ − 2 (Hedges 1981), g = J·d, and the
    /// large-sample variance 1/n₁ + 1/n₂ + g²/(2(n₁ + n₂)) (`escalc(measure = "SMD")`, vtype "LS").
    public static func hedgesGMetafor(_ s: ContinuousArms) -> StudyEffect {
        let m = s.nE + s.nC - 2
        let j = exp(lgamma(m / 2) - log((m / 2).squareRoot()) - lgamma((m - 1) / 2))
        let g = j * (s.meanE - s.meanC) / pooledSD(s)
        return StudyEffect(y: g, v: 1 / s.nE + 1 / s.nC + g * g / (2 * (s.nE + s.nC)))
    }
}
