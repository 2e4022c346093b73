/// Peto's fixed-effect odds ratio (Yusuf et al. 1985; Deeks & Higgins 2010; metafor `rma.peto`).
///
/// Both conventions pool the raw counts: ln OR = Σ(O − E)/ΣV, Var = 1/ΣV, weights Vᵢ, and
/// Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV. They differ only in the effect shown for a study with a zero
/// cell: RevMan shows (O − E)/V of the raw table, metafor `escalc("PETO")` of the table with 0.5
/// added to each cell. A table with V = 0 (no events, or only events) has no estimate.
enum PetoAnalysis {
    static func pool(_ rows: [BinaryCounts], options: PoolOptions) throws(PoolError) -> PoolResult {
        let tables = rows.map(\.table)
        let effects = StudyEffects.forTables(rows, options: options)
        let k = effects.compactMap { $0 }.count
        guard k > 0, let pooled = Peto.pool(tables) else { throw .noEstimableStudy(total: rows.count) }
        let positive = pooled.variances.filter { $0 > 0 }.count
        var heterogeneity = Summary.heterogeneity(q: pooled.q, k: k, convention: options.convention)
        if options.convention == .metafor && positive <= 1 {
            heterogeneity.pValue = 1
            heterogeneity.i2 = 0
            heterogeneity.h2 = 1
        }
        let se = pooled.effect.v.squareRoot()
        let (statistic, p, interval) = Summary.normalTest(estimate: pooled.effect.y, se: se, options: options)
        return PoolResult(
            options: options, k: k, kAll: rows.count, estimate: pooled.effect.y, standardError: se,
            interval: interval, statistic: statistic, pValue: p, heterogeneity: heterogeneity,
            tau2: 0, tauFit: nil, prediction: nil,
            studies: Summary.rows(effects: effects, weights: pooled.variances, options: options),
            notes: Summary.dataNotes(effects: effects, tables: options.convention == .metafor ? tables : nil))
    }
}
