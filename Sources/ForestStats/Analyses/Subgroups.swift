/// A subgroup analysis: each subgroup pooled on its own, the studies in all subgroups pooled
/// together, and the test for subgroup differences.
public struct SubgroupResult: Sendable, Hashable {
    /// One result per subgroup, in the order given; nil when no study of the subgroup is estimable.
    public var groups: [PoolResult?]
    public var overall: PoolResult
    /// nil with fewer than two subgroups that have an estimate.
    public var test: SubgroupTest?
}

/// The test for subgroup differences (Deeks, Higgins & Altman, Cochrane Handbook §10.11.3.1;
/// Borenstein et al. 2009, ch. 19): each subgroup's pooled estimate θ_g with standard error se_g
/// is treated as one study, Q = Σw_g(θ_g − θ̄)² with w_g = 1/se_g² and θ̄ = Σw_gθ_g/Σw_g,
/// df = G − 1, P = P(χ²_df > Q), I² = max(0, (Q − df)/Q)·100. Under random effects each
/// subgroup keeps its own τ², as RevMan 5 does.
public struct SubgroupTest: Sendable, Hashable {
    public var q: Double
    public var df: Int
    public var pValue: Double
    public var i2: Double

    public init?(estimates: [(estimate: Double, se: Double)]) {
        guard estimates.count >= 2 else { return nil }
        let effects = estimates.map { StudyEffect(y: $0.estimate, v: $0.se * $0.se) }
        let mean = InverseVariance.pool(effects).estimate
        q = InverseVariance.cochranQ(effects, around: mean)
        df = estimates.count - 1
        pValue = ChiSquared.survival(q, df: Double(df))
        i2 = Heterogeneity.i2(q: q, df: df)
    }
}

public enum Subgroups {
    /// `groups` lists the indices of each subgroup's studies in `data`; `overall`, when the
    /// caller has it already, is the analysis of all of them together.
    public static func analyze(
        _ data: OutcomeData, groups: [[Int]], options: PoolOptions, control: TauSquaredControl = TauSquaredControl(),
        overall known: PoolResult? = nil
    ) throws(PoolError) -> SubgroupResult {
        var results: [PoolResult?] = []
        for members in groups {
            do {
                results.append(try MetaAnalysis.pool(data.subset(members), options: options, control: control))
            } catch .noEstimableStudy {
                results.append(nil)
            }
        }
        let overall: PoolResult
        if let known {
            overall = known
        } else {
            overall = try MetaAnalysis.pool(data.subset(groups.flatMap { $0 }), options: options, control: control)
        }
        let estimates = results.compactMap { r -> (Double, Double)? in
            guard let r, let estimate = r.estimate, let se = r.standardError else { return nil }
            return (estimate, se)
        }
        return SubgroupResult(groups: results, overall: overall, test: SubgroupTest(estimates: estimates))
    }
}
