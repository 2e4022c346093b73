import CMath

/// Fail-safe N: how many unpublished null studies would make the pooled result
/// non-significant, as metafor 3.8-1's `fsn()` computes it.
///
/// Rosenthal (1979, Psychol Bull 86:638–641), Stouffer's method: zᵢ = yᵢ/√vᵢ,
/// z̄ = |Σzᵢ|/√k, one-sided p = 1 − Φ(z̄), N = max(0, k·(z̄/z₁₋α)² − k).
/// Rosenberg (2005, Evolution 59:464–468), weighted: wᵢ = 1/vᵢ, z = (Σwᵢyᵢ/Σwᵢ)·√Σwᵢ with
/// two-sided p, N = max(0, k·((Σwᵢyᵢ/z₁₋α/₂)² − Σwᵢ)/Σwᵢ).
/// N is rounded up to a whole study (to the nearest one when within 1.5e-8 of it), α = 0.05.
public struct FailSafeN: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case rosenthal = "Rosenthal"
        case rosenberg = "Rosenberg"
    }

    public var method: Method
    public var n: Double
    /// The p-value of the combined test (one-sided for Rosenthal's, two-sided for Rosenberg's).
    public var pValue: Double
    public var alpha: Double
    /// Rosenberg's: the weighted mean effect on the analysis scale; nil for Rosenthal's.
    public var meanEffect: Double?

    public init?(_ effects: [StudyEffect], method: Method, alpha: Double = 0.05) {
        let k = Double(effects.count)
        guard !effects.isEmpty, effects.allSatisfy({ $0.v > 0 }) else { return nil }
        self.method = method
        self.alpha = alpha
        let raw: Double
        switch method {
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
        n = abs(raw - raw.rounded()) >= Double.ulpOfOne.squareRoot() ? raw.rounded(.up) : raw.rounded()
    }
}
