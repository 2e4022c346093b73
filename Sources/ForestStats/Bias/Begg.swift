/// Begg & Mazumdar's (1994, Biometrics 50:1088–1101) rank correlation test: Kendall's τ between
/// the standardised effects (yᵢ − θ̂)/√(vᵢ − 1/Σwⱼ), θ̂ the fixed-effect estimate with wⱼ = 1/vⱼ,
/// and the variances vᵢ — metafor's `ranktest`.
public struct BeggTest: Sendable, Hashable {
    public var tau: Double
    public var pValue: Double
    public var exact: Bool

    /// nil with fewer than three studies.
    public init?(_ effects: [StudyEffect]) {
        guard effects.count >= 3 else { return nil }
        let fixed = InverseVariance.pool(effects)
        let standardised = effects.map { ($0.y - fixed.estimate) / ($0.v - fixed.variance).squareRoot() }
        guard let kendall = KendallTau(standardised, effects.map(\.v)) else { return nil }
        tau = kendall.tau
        pValue = kendall.pValue
        exact = kendall.exact
    }
}
