import CMath

/// The outcome of a τ² estimator: the estimate (truncated at 0) and how it was reached.
public struct TauSquaredFit: Sendable, Hashable {
    public var tau2: Double
    /// Iterations used (0 for closed-form estimators).
    public var iterations: Int
    public var converged: Bool
    /// ML/REML: Fisher scoring ended at a point whose likelihood is below that at τ² = 0, a
    /// local maximum, and τ² = 0 was taken instead (metafor warns: "Fisher scoring algorithm
    /// may have gotten stuck at a local maximum").
    public var leftLocalMaximum: Bool

    public init(tau2: Double, iterations: Int = 0, converged: Bool = true, leftLocalMaximum: Bool = false) {
        self.tau2 = tau2
        self.iterations = iterations
        self.converged = converged
        self.leftLocalMaximum = leftLocalMaximum
    }
}

/// Settings of the iterative τ² estimators. The defaults are metafor 3.8-1's (`rma.uni`'s
/// `control` list), so that Forest stops where metafor stops.
public struct TauSquaredControl: Sendable, Hashable {
    /// Fisher scoring (ML, REML, EB) stops once |τ²ₙ − τ²ₙ₋₁| ≤ threshold.
    public var threshold: Double = 1e-5
    /// Iteration cap for Fisher scoring and for the root finder.
    public var maxIterations: Int = 100
    /// Tolerance of the root finder for Paule–Mandel (`uniroot`'s tol = ε^¼).
    public var rootTolerance: Double = pow(Double.ulpOfOne, 0.25)
    /// Initial upper end of the Paule–Mandel search interval; Forest widens it when the root
    /// lies beyond (where metafor stops with "Value of 'tau2.max' too low").
    public var upperBound: Double = 100
    /// Iteration cap of the root finder for the Q-profile intervals (metafor's `confint`
    /// allows 1000).
    public var intervalMaxIterations: Int = 1000

    public init() {}
}

/// Estimators of the between-study variance τ² in the random-effects model
/// yᵢ = xᵢᵀβ + uᵢ + εᵢ, uᵢ ~ N(0, τ²), εᵢ ~ N(0, vᵢ) — intercept-only unless a design with a
/// moderator is given (trim-and-fill's side test needs one). Formulas follow Viechtbauer (2005),
/// "Bias and efficiency of meta-analytic variance estimators in the random-effects model",
/// J. Educ. Behav. Stat. 30:261–293, in matrix form as in metafor's `rma.uni`, with
/// P = W − WX(XᵀWX)⁻¹XᵀW and p the number of coefficients. Every estimate is truncated at 0;
/// with k ≤ p (one study, intercept only) every estimator gives 0.
public enum TauSquared {
    public static func estimate(
        _ method: TauSquaredMethod, _ effects: [StudyEffect], design: Design? = nil,
        control: TauSquaredControl = TauSquaredControl()
    ) -> TauSquaredFit {
        let design = design ?? .intercept(effects.count)
        guard effects.count > design.columns else { return TauSquaredFit(tau2: 0) }
        // Extreme data are estimated on a rescaled copy (see EffectScale; DL rescales itself).
        let scale = method == .DL ? EffectScale.identity : EffectScale.forModel(effects)
        if !scale.isIdentity {
            var fit = unscaledEstimate(method, scale.apply(effects), design: design, control: control)
            fit.tau2 = scale.varianceToData(fit.tau2)
            return fit
        }
        return unscaledEstimate(method, effects, design: design, control: control)
    }

    private static func unscaledEstimate(
        _ method: TauSquaredMethod, _ effects: [StudyEffect], design: Design, control: TauSquaredControl
    ) -> TauSquaredFit {
        switch method {
        case .DL: return TauSquaredFit(tau2: dersimonianLaird(effects, design: design))
        case .HE: return TauSquaredFit(tau2: max(0, hedges(effects, design: design)))
        case .SJ: return TauSquaredFit(tau2: sidikJonkman(effects, design: design))
        case .PM: return PauleMandel.estimate(effects, design: design, control: control)
        case .ML, .REML, .EB: return FisherScoring.estimate(method, effects, design: design, control: control)
        }
    }

    /// DerSimonian & Laird (1986): τ² = max(0, (Q − (k − p)) / tr P) with wᵢ = 1/vᵢ; for the
    /// intercept-only model tr P = Σwᵢ − Σwᵢ²/Σwᵢ. `q` defaults to the weighted residual sum of
    /// squares (Cochran's Q); RevMan's "M-H, Random" passes the Q around the M-H estimate.
    public static func dersimonianLaird(_ effects: [StudyEffect], design: Design? = nil, q: Double? = nil) -> Double {
        let design = design ?? .intercept(effects.count)
        let k = Double(effects.count), p = Double(design.columns)
        // On extreme data, tr P is computed on rescaled weights (Σwᵢ² would overflow); Q does
        // not depend on the scale.
        let scale = EffectScale.forWeights(effects)
        guard k > p,
            let fit = WeightedLeastSquares(
                y: scale.apply(effects).map(\.y), weights: scale.apply(effects).map { 1 / $0.v }, design: design)
        else {
            return 0
        }
        return scale.varianceToData(dersimonianLaird(q: q ?? fit.weightedRSS, df: k - p, traceP: fit.traceP))
    }

    /// The DerSimonian–Laird formula itself, max(0, (Q − df)/tr P), for callers that have the
    /// sums already (the rows of leave-one-out and cumulative: tr P = Σwᵢ − Σwᵢ²/Σwᵢ).
    static func dersimonianLaird(q: Double, df: Double, traceP: Double) -> Double {
        max(0, (q - df) / traceP)
    }

    /// Hedges (1983) method of moments, untruncated: (RSS₀ − tr(P₀V))/(k − p) with the ordinary
    /// least-squares fit (P₀ = I − X(XᵀX)⁻¹Xᵀ); intercept only: Σ(yᵢ − ȳ)²/(k − 1) − Σvᵢ/k.
    /// (Also metafor's starting value for ML, REML and EB.)
    public static func hedges(_ effects: [StudyEffect], design: Design? = nil) -> Double {
        let design = design ?? .intercept(effects.count)
        let k = Double(effects.count), p = Double(design.columns)
        if design.isIntercept { return interceptHedges(effects) }
        guard let ols = WeightedLeastSquares(y: effects.map(\.y), weights: effects.map { _ in 1 }, design: design)
        else { return 0 }
        let traceP0V = effects.reduce(0) { $0 + $1.v } - ols.trace(withDiagonal: effects.map(\.v))
        return (ols.weightedRSS - traceP0V) / (k - p)
    }

    /// `hedges` for the intercept-only model from sums, with no arrays: ȳ = (1/k)·Σyᵢ,
    /// (Σ(yᵢ − ȳ)² − (Σvᵢ − (1/k)·Σvᵢ))/(k − 1) — the operations of the least-squares fit with
    /// one column of ones, in its order, so the same number to the bit.
    private static func interceptHedges(_ effects: [StudyEffect]) -> Double {
        var count = 0.0, sumY = 0.0, sumV = 0.0
        for effect in effects {
            count += 1
            sumY += effect.y
            sumV += effect.v
        }
        guard abs(count) > 1e-10 * abs(count) else { return 0 }
        let inverse = 1 / count
        let mean = inverse * sumY
        var rss = 0.0
        for effect in effects { rss += (effect.y - mean) * (effect.y - mean) }
        return (rss - (sumV - inverse * sumV)) / (count - 1)
    }

    /// Sidik & Jonkman (2005), "Simple heterogeneity variance estimation for meta-analysis",
    /// JRSS C 54:367–384: τ₀² = Σ(yᵢ − ȳ)²/k, then τ² = τ₀²·yᵀP(τ₀²)y/(k − p) with weights
    /// 1/(vᵢ + τ₀²) (one step, as metafor's "SJ").
    public static func sidikJonkman(_ effects: [StudyEffect], design: Design? = nil) -> Double {
        let design = design ?? .intercept(effects.count)
        let k = Double(effects.count), p = Double(design.columns)
        let mean = effects.reduce(0) { $0 + $1.y } / k
        let tau0 = effects.reduce(0) { $0 + ($1.y - mean) * ($1.y - mean) } / k
        return max(0, tau0 * generalizedQ(effects, tau2: tau0, design: design) / (k - p))
    }

    /// The generalised Q statistic Q(τ²) = yᵀP(τ²)y = Σwᵢ(yᵢ − xᵢᵀβ̂)², wᵢ = 1/(vᵢ + τ²);
    /// decreasing in τ². Paule–Mandel solves Q(τ²) = k − p; the Q-profile interval inverts it.
    public static func generalizedQ(_ effects: [StudyEffect], tau2: Double, design: Design? = nil) -> Double {
        guard let design, !design.isIntercept else { return interceptQ(effects, tau2: tau2) }
        return WeightedLeastSquares(y: effects.map(\.y), weights: effects.map { 1 / ($0.v + tau2) }, design: design)?
            .weightedRSS ?? .nan
    }

    /// Q(τ²) of the intercept-only model in two passes and no arrays (the Q-profile and
    /// Paule–Mandel evaluate it dozens of times): β̂ = (1/Σwᵢ)·Σwᵢyᵢ, Q = Σwᵢ(yᵢ − β̂)² — the
    /// same operations, in the same order, as `WeightedLeastSquares` with one column of ones.
    static func interceptQ(_ effects: [StudyEffect], tau2: Double) -> Double {
        var sumW = 0.0, sumWY = 0.0
        for effect in effects {
            let w = 1 / (effect.v + tau2)
            sumW += w
            sumWY += w * effect.y
        }
        guard sumW != 0 else { return .nan }
        let mean = 1 / sumW * sumWY
        var q = 0.0
        for effect in effects {
            let r = effect.y - mean
            q += 1 / (effect.v + tau2) * r * r
        }
        return q
    }
}
