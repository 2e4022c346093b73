import CMath

/// Case-deletion diagnostics of an inverse-variance meta-analysis, as metafor's
/// `influence.rma.uni` computes them (Viechtbauer & Cheung 2010, "Outlier and influence
/// diagnostics for meta-analysis", Res Synth Methods 1:112–125), and the Baujat plot's
/// coordinates (Baujat et al. 2002, Stat Med 21:2641–2652).
///
/// The full model: wᵢ = 1/(vᵢ + τ̂²), μ̂ = Σwᵢyᵢ/Σwᵢ, Var(μ̂) = s²/Σwᵢ (s² = 1, or under
/// Knapp–Hartung Σwᵢ(yᵢ − μ̂)²/(k − 1)). Refitted without study i with the same estimator:
/// τ̂²₍ᵢ₎, μ̂₍ᵢ₎, Var(μ̂₍ᵢ₎) and s²₍ᵢ₎. Then, with hᵢ = wᵢ/Σwⱼ:
///   externally standardised residual (yᵢ − μ̂₍ᵢ₎)/√(vᵢs²₍ᵢ₎ + Var(μ̂₍ᵢ₎) + τ̂²₍ᵢ₎s²₍ᵢ₎);
///   DFFITS (μ̂ − μ̂₍ᵢ₎)/√(s²₍ᵢ₎·hᵢ·(τ̂²₍ᵢ₎ + vᵢ));
///   DFBETAS (μ̂ − μ̂₍ᵢ₎)/√(s²₍ᵢ₎/Σⱼ 1/(vⱼ + τ̂²₍ᵢ₎)), the sum over all k studies;
///   Cook's distance (μ̂ − μ̂₍ᵢ₎)²/Var(μ̂); covariance ratio Var(μ̂₍ᵢ₎)/Var(μ̂);
///   the leave-one-out τ² and QE (Cochran's Q with weights 1/vⱼ), hat value hᵢ, weight 100·hᵢ.
/// A study is influential (metafor's rule, p = 1) when |DFFITS| > 3√(1/(k − 1)), P(χ²₁ ≤ Cook's
/// distance) > 0.5, hᵢ > 3/k or |DFBETAS| > 1.
/// Baujat: xᵢ = (yᵢ − μ̂)²/(τ̂² + vᵢ), the study's contribution to heterogeneity; yᵢ =
/// (μ̂₍ᵢ₎ − μ̂)²/Var(μ̂₍ᵢ₎), its influence on the pooled result.
public enum Influence {
    public struct Row: Sendable, Hashable {
        public var rstudent: Double
        public var dffits: Double
        public var dfbetas: Double
        public var cooksDistance: Double
        public var covarianceRatio: Double
        public var tau2Deleted: Double
        public var qeDeleted: Double
        public var hat: Double
        public var weightPercent: Double
        public var influential: Bool
        public var baujatX: Double
        public var baujatY: Double
    }

    public struct Result: Sendable, Hashable {
        public var options: PoolOptions
        public var estimate: Double
        public var tau2: Double
        public var qe: Double
        /// One per study, nil where the model without it could not be fitted (τ² did not
        /// converge).
        public var rows: [Row?]
    }

    /// The fit of one set of studies: τ², μ̂, Var(μ̂), s² and QE.
    private struct Fit {
        var tau2: Double, estimate: Double, variance: Double, s2: Double, qe: Double
    }

    public static func analyze(
        _ effects: [StudyEffect], options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    ) -> Result? {
        guard effects.count >= 2, let full = fit(effects, options: options, control: control) else { return nil }
        let k = Double(effects.count)
        let weights = effects.map { 1 / ($0.v + full.tau2) }
        let sumW = weights.reduce(0, +)
        let rows = effects.indices.map { i -> Row? in
            var others = effects
            others.remove(at: i)
            guard let deleted = fit(others, options: options, control: control) else { return nil }
            let effect = effects[i]
            let hat = weights[i] / sumW
            let change = full.estimate - deleted.estimate
            let allWeights = effects.reduce(0) { $0 + 1 / ($1.v + deleted.tau2) }
            let dffits = change / (deleted.s2 * hat * (deleted.tau2 + effect.v)).squareRoot()
            let dfbetas = change / (deleted.s2 / allWeights).squareRoot()
            let cook = change * change / full.variance
            let se = (effect.v * deleted.s2 + deleted.variance + deleted.tau2 * deleted.s2).squareRoot()
            let influential =
                abs(dffits) > 3 * (1 / (k - 1)).squareRoot() || ChiSquared.cdf(cook, df: 1) > 0.5 || hat > 3 / k
                || abs(dfbetas) > 1
            let residual = effect.y - full.estimate
            return Row(
                rstudent: (effect.y - deleted.estimate) / se, dffits: dffits, dfbetas: dfbetas,
                cooksDistance: cook, covarianceRatio: deleted.variance / full.variance,
                tau2Deleted: deleted.tau2, qeDeleted: deleted.qe, hat: hat, weightPercent: 100 * hat,
                influential: influential, baujatX: residual * residual / (full.tau2 + effect.v),
                baujatY: change * change / deleted.variance)
        }
        return Result(options: options, estimate: full.estimate, tau2: full.tau2, qe: full.qe, rows: rows)
    }

    /// The inverse-variance model of `effects` with the options' τ² estimator (0 for fixed
    /// effect); nil when τ² does not converge.
    private static func fit(_ effects: [StudyEffect], options: PoolOptions, control: TauSquaredControl) -> Fit? {
        let random = options.model == .random
        let tauFit = random ? TauSquared.estimate(options.tauMethod, effects, control: control) : TauSquaredFit(tau2: 0)
        guard tauFit.converged, tauFit.tau2.isFinite else { return nil }
        let tau2 = tauFit.tau2
        var sumW = 0.0, sumWY = 0.0, sumV = 0.0, sumVY = 0.0
        for effect in effects {
            let w = 1 / (effect.v + tau2)
            sumW += w
            sumWY += w * effect.y
            sumV += 1 / effect.v
            sumVY += effect.y / effect.v
        }
        let estimate = sumWY / sumW, fixed = sumVY / sumV
        var qe = 0.0, rss = 0.0
        for effect in effects {
            qe += (effect.y - fixed) * (effect.y - fixed) / effect.v
            rss += (effect.y - estimate) * (effect.y - estimate) / (effect.v + tau2)
        }
        // Knapp–Hartung scales the variance; with one study metafor keeps the z test.
        let s2 = random && options.hksj && effects.count > 1 ? rss / Double(effects.count - 1) : 1
        return Fit(tau2: tau2, estimate: estimate, variance: s2 / sumW, s2: s2, qe: qe)
    }
}
