import CMath

/// Weighted least squares of the intercept-only model — the pooled estimate of a
/// meta-analysis — as sums in one pass, with no array: the quantities the τ² estimators need
/// at weights wᵢ = 1/(vᵢ + τ²).
///
///   W = Σwᵢ,  β̂ = (1/W)·Σwᵢyᵢ,  rᵢ = yᵢ − β̂
///   yᵀPy = Σwᵢrᵢ²,  yᵀPPy = Σ(wᵢrᵢ)²
///   tr P = Σwᵢ − (1/W)·Σwᵢ²,  tr(PP) = Σwᵢ² − 2·(1/W)·Σwᵢ³ + ((1/W)·Σwᵢ²)²
///   ln det(XᵀWX) = ln W
///
/// (Viechtbauer 2005, appendix, with X a column of ones.) Every quantity is computed with the
/// operations of `WeightedLeastSquares` on that design, in the same order, so the two agree to
/// the bit; this one allocates nothing, which matters when Fisher scoring runs it a dozen times
/// for each of ten thousand small analyses.
struct InterceptLeastSquares {
    /// 1/W, the model's (XᵀWX)⁻¹.
    let inverse: Double
    let sumW: Double
    let sumW2: Double
    let sumW3: Double
    let weightedRSS: Double
    let doublyWeightedRSS: Double

    /// nil when W is zero or not a number (the general fit's singular XᵀWX).
    init?(_ effects: [StudyEffect], tau2: Double) {
        var sumW = 0.0, sumW2 = 0.0, sumW3 = 0.0, sumWY = 0.0
        for effect in effects {
            let w = 1 / (effect.v + tau2)
            sumW += w
            sumW2 += w * w
            sumW3 += w * w * w
            sumWY += w * effect.y
        }
        guard abs(sumW) > 1e-10 * abs(sumW) else { return nil }
        let inverse = 1 / sumW
        let beta = inverse * sumWY
        var weightedRSS = 0.0, doublyWeightedRSS = 0.0
        for effect in effects {
            let w = 1 / (effect.v + tau2)
            let r = effect.y - beta
            weightedRSS += w * r * r
            doublyWeightedRSS += (w * r) * (w * r)
        }
        self.inverse = inverse
        self.sumW = sumW
        self.sumW2 = sumW2
        self.sumW3 = sumW3
        self.weightedRSS = weightedRSS
        self.doublyWeightedRSS = doublyWeightedRSS
    }

    /// The same quantities from sums made elsewhere (Σwᵢ, Σwᵢ², Σwᵢ³ and the two residual sums
    /// of squares; `ExpandedScoringData` takes them from series).
    init(sumW: Double, sumW2: Double, sumW3: Double, weightedRSS: Double, doublyWeightedRSS: Double) {
        self.inverse = 1 / sumW
        (self.sumW, self.sumW2, self.sumW3) = (sumW, sumW2, sumW3)
        (self.weightedRSS, self.doublyWeightedRSS) = (weightedRSS, doublyWeightedRSS)
    }

    var traceP: Double { sumW - inverse * sumW2 }

    var tracePP: Double {
        let m = inverse * sumW2
        return sumW2 - 2 * (inverse * sumW3) + m * m
    }

    /// ln det(XᵀWX) = −ln(1/W), as the general fit computes it from its inverse.
    var logDeterminant: Double { -log(abs(inverse)) }
}
