import Foundation

/// The outcome of a τ² estimator: the estimate (truncated at 0) and how it was reached.
public struct TauSquaredFit: Sendable, Hashable {
    public var tau2: Double
    /// Iterations used (0 for closed-form estimators).
    public var iterations: Int
    public var converged: Bool

    public init(tau2: Double, iterations: Int = 0, converged: Bool = true) {
        self.tau2 = tau2
        self.iterations = iterations
        self.converged = converged
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

    public init() {}
}

/// Estimators of the between-study variance τ² for the intercept-only random-effects model
/// yᵢ = θ + uᵢ + εᵢ, uᵢ ~ N(0, τ²), εᵢ ~ N(0, vᵢ). Formulas follow Viechtbauer (2005),
/// "Bias and efficiency of meta-analytic variance estimators in the random-effects model",
/// J. Educ. Behav. Stat. 30:261–293, and metafor's `rma.uni`. Every estimate is truncated at 0;
/// with k = 1 every estimator gives 0.
public enum TauSquared {
    public static func estimate(
        _ method: TauSquaredMethod, _ effects: [StudyEffect], control: TauSquaredControl = TauSquaredControl()
    ) -> TauSquaredFit {
        guard effects.count > 1 else { return TauSquaredFit(tau2: 0) }
        switch method {
        case .DL: return TauSquaredFit(tau2: dersimonianLaird(effects))
        case .HE: return TauSquaredFit(tau2: max(0, hedges(effects)))
        case .SJ: return TauSquaredFit(tau2: sidikJonkman(effects))
        case .PM: return PauleMandel.estimate(effects, control: control)
        case .ML, .REML, .EB: return FisherScoring.estimate(method, effects, control: control)
        }
    }

    /// DerSimonian & Laird (1986): τ² = max(0, (Q − (k − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ)), wᵢ = 1/vᵢ.
    /// `q` defaults to Cochran's Q around the inverse-variance mean; RevMan's "M-H, Random"
    /// passes the Q computed around the Mantel–Haenszel estimate instead.
    public static func dersimonianLaird(_ effects: [StudyEffect], q: Double? = nil) -> Double {
        let k = Double(effects.count)
        guard k > 1 else { return 0 }
        let weights = effects.map { 1 / $0.v }
        let sumW = weights.reduce(0, +)
        let sumW2 = weights.reduce(0) { $0 + $1 * $1 }
        let cochran = q ?? InverseVariance.cochranQ(effects, around: InverseVariance.pool(effects).estimate)
        return max(0, (cochran - (k - 1)) / (sumW - sumW2 / sumW))
    }

    /// Hedges (1983) method of moments, untruncated: Σ(yᵢ − ȳ)²/(k − 1) − Σvᵢ/k, where ȳ is the
    /// unweighted mean. (Also metafor's starting value for ML, REML and EB.)
    public static func hedges(_ effects: [StudyEffect]) -> Double {
        let k = Double(effects.count)
        let mean = effects.reduce(0) { $0 + $1.y } / k
        let rss = effects.reduce(0) { $0 + ($1.y - mean) * ($1.y - mean) }
        let sumV = effects.reduce(0) { $0 + $1.v }
        return (rss - sumV * (k - 1) / k) / (k - 1)
    }

    /// Sidik & Jonkman (2005), "Simple heterogeneity variance estimation for meta-analysis",
    /// JRSS C 54:367–384: τ₀² = Σ(yᵢ − ȳ)²/k, then τ² = τ₀²·Σŵᵢ(yᵢ − θ̂)²/(k − 1) with
    /// ŵᵢ = 1/(vᵢ + τ₀²) and θ̂ the ŵ-weighted mean (one step, as metafor's "SJ").
    public static func sidikJonkman(_ effects: [StudyEffect]) -> Double {
        let k = Double(effects.count)
        let mean = effects.reduce(0) { $0 + $1.y } / k
        let tau0 = effects.reduce(0) { $0 + ($1.y - mean) * ($1.y - mean) } / k
        let fit = InverseVariance.pool(effects, tau2: tau0)
        var rss = 0.0
        for (w, e) in zip(fit.weights, effects) { rss += w * (e.y - fit.estimate) * (e.y - fit.estimate) }
        return max(0, tau0 * rss / (k - 1))
    }

    /// The generalised Q statistic Q(τ²) = Σ(yᵢ − θ̂(τ²))²/(vᵢ + τ²), θ̂(τ²) the weighted mean;
    /// decreasing in τ². Paule–Mandel solves Q(τ²) = k − 1; the Q-profile interval inverts it.
    public static func generalizedQ(_ effects: [StudyEffect], tau2: Double) -> Double {
        let fit = InverseVariance.pool(effects, tau2: tau2)
        var q = 0.0
        for (w, e) in zip(fit.weights, effects) { q += w * (e.y - fit.estimate) * (e.y - fit.estimate) }
        return q
    }
}
