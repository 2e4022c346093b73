import CMath

/// Fail-safe N: how many unpublished null studies would make the pooled result
/// non-significant, as metafor 3.8-1's `fsn()` computes it.
///
/// Rosenthal (1979, Psychol Bull 86:638–641), Stouffer's method: zᵢ = yᵢ/√vᵢ,
/// z̄ = |Σzᵢ|/√k, one-sided p = 1 − Φ(z̄), N = max(0, k·(z̄/z₁₋α)² − k).
/// Rosenberg (2005, Evolution 59:464–468), weighted: wᵢ = 1/vᵢ, z = (Σwᵢyᵢ/Σwᵢ)·√Σwᵢ with
/// two-sided p, N = max(0, k·((Σwᵢyᵢ/z₁₋α/₂)² − Σwᵢ)/Σwᵢ).
/// Orwin (1983, J Educ Stat 8:157–159), unweighted: with the mean effect ȳ = Σyᵢ/k and a
/// target effect t (by default ȳ/2), N = max(0, k·(ȳ − t)/t) — the studies of effect 0 that
/// would bring the mean down to t.
/// N is rounded up to a whole study (to the nearest one when within 1.5e-8 of it), α = 0.05.
public struct FailSafeN: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case rosenthal = "Rosenthal"
        case rosenberg = "Rosenberg"
        case orwin = "Orwin"
    }

    public var method: Method
    public var n: Double
    /// The p-value of the combined test (one-sided for Rosenthal's, two-sided for Rosenberg's;
    /// nil for Orwin's, which tests nothing).
    public var pValue: Double?
    /// The significance level the N is computed for (nil for Orwin's).
    public var alpha: Double?
    /// Rosenberg's weighted and Orwin's unweighted mean effect on the analysis scale; nil for
    /// Rosenthal's.
    public var meanEffect: Double?
    /// Orwin's target effect on the analysis scale; nil for the others.
    public var target: Double?

    /// Orwin's fail-safe N for a target effect on the analysis scale (nil: half the mean).
    /// nil when there are no studies, the target is 0 or lies on the other side of 0 from the
    /// mean effect (metafor turns its sign; Forest asks for it to be given as meant).
    public init?(orwin effects: [StudyEffect], target: Double? = nil) {
        guard !effects.isEmpty else { return nil }
        let k = Double(effects.count)
        let mean = effects.reduce(0) { $0 + $1.y } / k
        let goal = target ?? mean / 2
        guard goal != 0, mean != 0, (goal > 0) == (mean > 0) else { return nil }
        method = .orwin
        alpha = nil
        pValue = nil
        meanEffect = mean
        self.target = goal
        n = FailSafeN.wholeStudies(max(0, k * (mean - goal) / goal))
    }

    /// A count rounded up to a whole study, or to the nearest one when within 1.5e-8 of it.
    private static func wholeStudies(_ raw: Double) -> Double {
        abs(raw - raw.rounded()) >= Double.ulpOfOne.squareRoot() ? raw.rounded(.up) : raw.rounded()
    }

    public init?(_ effects: [StudyEffect], method: Method, alpha: Double = 0.05) {
        let k = Double(effects.count)
        guard !effects.isEmpty, effects.allSatisfy({ $0.v > 0 }) else { return nil }
        self.method = method
        self.alpha = alpha
        let raw: Double
        switch method {
        case .orwin:
            return nil
        case .rosenthal:
            let z = abs(effects.reduce(0) { $0 + $1.y / $1.v.squareRoot() } / k.squareRoot())
            pValue = Normal.survival(z)
            let critical = Normal.quantile(1 - alpha)
            raw = max(0, k * (z / critical) * (z / critical) - k)
            meanEffect = nil
        case .rosenberg:
            let sumW = effects.reduce(0) { $0 + 1 / $1.v }
            let sumWY = effects.reduce(0) { $0 + $1.y / $1.v }
            let mean = sumWY / sumW
            pValue = Normal.twoSidedP(mean / (1 / sumW).squareRoot())
            let critical = Normal.quantile(1 - alpha / 2)
            raw = max(0, k * ((sumWY / critical) * (sumWY / critical) - sumW) / sumW)
            meanEffect = mean
        }
        target = nil
        n = FailSafeN.wholeStudies(raw)
    }
}
