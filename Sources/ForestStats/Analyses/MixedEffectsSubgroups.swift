/// Subgroups under one common τ²: the mixed-effects model yᵢ = μ_g(i) + uᵢ + εᵢ with
/// uᵢ ~ N(0, τ²) for every group — metafor's `rma(yi, vi, mods = ~ group)` — beside RevMan's
/// separate τ² per subgroup (Borenstein et al. 2009, Introduction to Meta-Analysis, ch. 19).
///
/// Fitted as a meta-regression on an intercept and a dummy per group but the first
/// (`MetaRegression`), so τ² comes from the residual heterogeneity with any estimator; each
/// group's mean is x_gᵀβ̂ with variance x_gᵀVar(β̂)x_g, and the test for subgroup differences is
/// the test of the moderators (QM, χ² on G − 1 df, or F under Knapp–Hartung).
public enum MixedEffectsSubgroups {
    public struct Result: Sendable, Hashable {
        public var tau2: Double
        /// Each subgroup's mean, as a coefficient (z, or t on k − G df under Knapp–Hartung).
        public var groups: [MetaRegression.Coefficient]
        public var model: MetaRegression.Result
    }

    /// `group[i]` is the index (0 ..< groupCount) of effect i's subgroup; every group has a study.
    public static func fit(
        _ effects: [StudyEffect], group: [Int], groupCount: Int, options: PoolOptions,
        control: TauSquaredControl = TauSquaredControl()
    ) throws(MetaRegression.Failure) -> Result {
        let rows = group.map { g in [1.0] + (1..<groupCount).map { $0 == g ? 1.0 : 0.0 } }
        let names = ["intercept"] + (1..<groupCount).map { "group \($0 + 1)" }
        let model = try MetaRegression.fit(
            effects, design: Design(rows: rows), names: names, options: options, control: control)
        let groups = (0..<groupCount).map { g in
            MetaRegression.combination(model, at: rows[group.firstIndex(of: g)!], name: "group \(g + 1)")
        }
        return Result(tau2: model.tau2, groups: groups, model: model)
    }
}
