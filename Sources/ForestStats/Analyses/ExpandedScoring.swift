import CMath

/// Fisher scoring's quantities for one row of a large leave-one-out or cumulative analysis
/// (the intercept-only model), from `WeightExpansion`s of the studies: O(1) at every τ² one of
/// the expansions reaches, a pass over the row's studies (`InterceptLeastSquares`, as for any
/// analysis) at any other. The iterations are metafor's (`FisherScoring`), from τ²_HE, so each
/// row takes the same steps as when it is fitted on its own; only the sums are made otherwise,
/// to within a rounding unit.
///
/// With dᵢ = yᵢ − c (c the fixed-effect centre) and the sums Sₘₚ = Σwᵢᵐdᵢᵖ, wᵢ = 1/(vᵢ + τ²)
/// (Viechtbauer 2005, appendix, with X a column of ones):
///   d̄ = S₁₁/S₁₀,  yᵀPy = S₁₂ − d̄·S₁₁,  yᵀPPy = S₂₂ − 2d̄·S₂₁ + d̄²·S₂₀,
///   tr P = S₁₀ − S₂₀/S₁₀,  tr(PP) = S₂₀ − 2·S₃₀/S₁₀ + (S₂₀/S₁₀)²,  ln det(XᵀWX) = ln S₁₀.
/// Where a difference of sums would lose more than one bit to cancellation, the direct pass is
/// taken instead.
struct ExpandedScoringData: ScoringData {
    /// Expansions (logarithms kept) of the row's studies and `removed`.
    let expansions: [WeightExpansion]
    /// The studies in the expansions that are not in the row, as (dᵢ, vᵢ).
    let removed: [(d: Double, v: Double)]
    /// Σ1, Σdᵢ, Σdᵢ² and Σvᵢ over the row's studies, for τ²_HE.
    let unweighted: SIMD4<Double>
    /// The row's study effects, made only when a τ² is out of the expansions' reach.
    let direct: DirectEffects

    /// The effects of a row, made once, when first needed.
    final class DirectEffects {
        private let make: () -> [StudyEffect]
        private(set) lazy var effects: [StudyEffect] = make()
        init(_ make: @escaping () -> [StudyEffect]) { self.make = make }
        var data: EffectsScoringData { EffectsScoringData(effects: effects, design: .intercept(effects.count)) }
    }

    var count: Double { unweighted[0] }
    var columns: Double { 1 }

    /// (Σ(yᵢ − ȳ)² − (Σvᵢ − Σvᵢ/k))/(k − 1), Σ(yᵢ − ȳ)² = Σdᵢ² − (Σdᵢ)²/k.
    var hedges: Double { Self.hedges(unweighted) ?? direct.data.hedges }

    /// τ²_HE from the sums (1, dᵢ, dᵢ², vᵢ); nil where Σdᵢ² − (Σdᵢ)²/k would lose a bit.
    static func hedges(_ unweighted: SIMD4<Double>) -> Double? {
        let k = unweighted[0], inverse = 1 / k
        let rss = unweighted[2] - inverse * unweighted[1] * unweighted[1]
        guard rss >= unweighted[2] / 2 else { return nil }
        return (rss - (unweighted[3] - inverse * unweighted[3])) / (k - 1)
    }

    /// The row's sums at τ², from the first expansion that reaches it; nil if none does.
    func sums(at tau2: Double) -> PowerSums? {
        guard var sums = expansions.lazy.compactMap({ $0.powerSums(at: tau2) }).first else { return nil }
        for study in removed { sums = sums - PowerSums(d: study.d, v: study.v, tau2: tau2) }
        return sums
    }

    func terms(at tau2: Double) -> ScoringTerms? {
        if let sums = sums(at: tau2), let terms = Self.terms(sums) { return terms }
        return direct.data.terms(at: tau2)
    }

    func logVarianceSum(at tau2: Double) -> Double {
        sums(at: tau2)?.logV ?? direct.data.logVarianceSum(at: tau2)
    }

    /// The quantities from the sums (formulas above), nil where cancellation would cost more
    /// than a bit or the fit is singular.
    static func terms(_ s: PowerSums) -> ScoringTerms? {
        guard s.w > 0, let weightedRSS = s.residualSquares else { return nil }
        let mean = s.wd / s.w
        let doublyWeightedRSS = s.w2dd - 2 * mean * s.w2d + mean * mean * s.w2
        let fit = InterceptLeastSquares(
            sumW: s.w, sumW2: s.w2, sumW3: s.w3, weightedRSS: weightedRSS, doublyWeightedRSS: doublyWeightedRSS)
        guard doublyWeightedRSS >= s.w2dd / 2, fit.traceP >= s.w / 2, fit.tracePP >= s.w2 / 2 else { return nil }
        return ScoringTerms(fit)
    }
}
