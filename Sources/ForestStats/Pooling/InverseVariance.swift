/// Inverse-variance weighting (e.g. Deeks & Higgins 2010, §"Inverse variance methods").
public enum InverseVariance {
    /// The weighted mean θ = Σwᵢyᵢ/Σwᵢ with wᵢ = 1/(vᵢ + τ²), its variance 1/Σwᵢ, and the weights.
    public static func pool(
        _ effects: [StudyEffect], tau2: Double = 0
    ) -> (estimate: Double, variance: Double, weights: [Double]) {
        let weights = effects.map { 1 / ($0.v + tau2) }
        let sumW = weights.reduce(0, +)
        var sumWY = 0.0
        for (w, e) in zip(weights, effects) { sumWY += w * e.y }
        return (sumWY / sumW, 1 / sumW, weights)
    }

    /// Cochran's Q = Σ(yᵢ − θ)²/vᵢ around a given θ (Cochran 1954).
    public static func cochranQ(_ effects: [StudyEffect], around theta: Double) -> Double {
        var q = 0.0
        for e in effects { q += (e.y - theta) * (e.y - theta) / e.v }
        return q
    }
}
