/// Confidence intervals for τ², I² and H² by the Q-profile method (Viechtbauer 2007,
/// "Confidence intervals for the amount of heterogeneity in meta-analysis", Stat. Med.
/// 26:37–52), as metafor's `confint.rma.uni(type = "QP")` computes them.
///
/// The generalised Q statistic Q(τ²) = Σ(yᵢ − θ̂(τ²))²/(vᵢ + τ²) follows χ²ₖ₋₁ at the true τ²
/// and decreases in τ², so the bounds solve Q(τ²_L) = χ²ₖ₋₁;₁₋α/₂ and Q(τ²_U) = χ²ₖ₋₁;α/₂, each
/// truncated at 0 (both are 0 when Q(0) < χ²ₖ₋₁;α/₂). I² = 100·τ²/(τ² + s²) and H² = 1 + τ²/s² at
/// the bounds, with s² the typical within-study variance. Like metafor, the roots are found by
/// Brent's method at tolerance ε^¼ on [0, max(100, 10·τ̂²)]; where metafor reports a bound beyond
/// that limit, Forest widens the interval and finds it.
public struct HeterogeneityIntervals: Sendable, Hashable {
    public var tau2: Interval
    /// nil where the interval would not belong to the I² reported (RevMan's Q-based I² beside a
    /// non-DL τ²).
    public var i2: Interval?
    public var h2: Interval?
    /// When the upper bound for τ² lies beyond the largest τ² searched, that τ² (the bound is
    /// then reported as "above" it; `tau2.upper` is infinite and I²'s is 100%).
    public var upperBeyond: Double?
}

public enum QProfile {
    /// nil with fewer than two studies, or when a bound's root was not found within
    /// `control.intervalMaxIterations` iterations.
    public static func intervals(
        _ effects: [StudyEffect], tau2: Double, level: Double, control: TauSquaredControl = TauSquaredControl()
    ) -> HeterogeneityIntervals? {
        let k = effects.count
        guard k >= 2 else { return nil }
        // Extreme data: the same intervals on power-of-two rescaled data (see EffectScale).
        let scale = EffectScale.forModel(effects)
        if !scale.isIdentity {
            guard
                var scaled = intervals(
                    scale.apply(effects), tau2: scale.varianceToScaled(tau2), level: level, control: control)
            else { return nil }
            scaled.tau2 = Interval(
                lower: scale.varianceToData(scaled.tau2.lower), upper: scale.varianceToData(scaled.tau2.upper))
            scaled.upperBeyond = scaled.upperBeyond.map(scale.varianceToData)
            return scaled
        }
        // τ̂² enters only through the search's first limit (see `ProfileMemo`).
        let limit = max(control.upperBound, 10 * tau2)
        return memo.intervals(effects, level: level, control: control, limit: limit) {
            profile(effects, level: level, control: control, limit: limit)
        }
    }

    private static let memo = ProfileMemo()

    /// The intervals of studies on the ordinary scale, searched on [0, `limit`] first.
    private static func profile(
        _ effects: [StudyEffect], level: Double, control: TauSquaredControl, limit: Double
    ) -> HeterogeneityIntervals? {
        let df = Double(effects.count - 1)
        let tail = (100 - level) / 200
        let criticalUpper = ChiSquared.quantile(1 - tail, df: df)
        let criticalLower = ChiSquared.quantile(tail, df: df)
        let q: (Double) -> Double = { TauSquared.generalizedQ(effects, tau2: $0) }
        var limit = limit
        let atZero = q(0)

        let (lower, upper) = bounds(
            q, atZero: atZero, critical: (criticalLower, criticalUpper), limit: &limit, control: control)
        // A bound the root finder did not reach is not reported (the caller says so).
        guard let lower, let upper else { return nil }
        let s2 = RandomEffects.typicalWithinVariance(effects)
        // Beyond the search, I² and H² are given at its limit (reported as "above" that).
        let i2: (Double) -> Double = { tau2 in
            let t = tau2.isInfinite ? limit : tau2; return 100 * t / (t + s2)
        }
        let h2: (Double) -> Double = { tau2 in 1 + (tau2.isInfinite ? limit : tau2) / s2 }
        return HeterogeneityIntervals(
            tau2: Interval(lower: lower, upper: upper),
            i2: Interval(lower: i2(lower), upper: i2(upper)),
            h2: Interval(lower: h2(lower), upper: h2(upper)),
            upperBeyond: upper.isInfinite ? limit : nil)
    }

    /// τ² where Q(τ²) meets each critical value (0 where Q(0) is below it), `limit` widened
    /// tenfold while Q(limit) is still above `critical.lower`; an upper bound beyond 10¹² is
    /// infinite (reported as unbounded rather than as the limit). nil: not converged.
    private static func bounds(
        _ q: (Double) -> Double, atZero: Double, critical: (lower: Double, upper: Double), limit: inout Double,
        control: TauSquaredControl
    ) -> (lower: Double?, upper: Double?) {
        guard atZero >= critical.lower else { return (0, 0) }
        var atLimit = q(limit)
        while atLimit > critical.lower && limit < 1e12 {
            limit *= 10
            atLimit = q(limit)
        }
        // Q at 0 and at the limit are known: the root finder is given them (37 → 32
        // evaluations of Q a pool, each two passes over every study).
        let limitValue = limit
        func root(_ value: Double) -> Double? {
            Self.root(
                of: { q($0) - value }, limit: limitValue, ends: (atZero - value, atLimit - value), control: control)
        }
        let upper = atLimit > critical.lower ? .infinity : root(critical.lower)
        return (atZero >= critical.upper ? root(critical.upper) : 0, upper)
    }

    /// The root in [0, limit], or nil when the root finder stops without converging.
    private static func root(
        of f: (Double) -> Double, limit: Double, ends: (lower: Double, upper: Double), control: TauSquaredControl
    ) -> Double? {
        let solution = BrentRoot.find(
            in: 0...limit, tolerance: control.rootTolerance, maxIterations: control.intervalMaxIterations, ends: ends, f
        )
        return solution.converged ? max(0, solution.root) : nil
    }
}
