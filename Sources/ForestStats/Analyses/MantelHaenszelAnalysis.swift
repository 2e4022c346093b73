/// Mantel–Haenszel analyses of 2×2 tables: the fixed-effect model, and RevMan's "M-H, Random".
///
/// RevMan 5 adds 0.5 to every cell of a table with a zero cell and uses those corrected tables
/// inside the M-H estimate, its weights and its variance; tables with no events (or only events)
/// in both arms are not estimable for OR and RR but count for RD. metafor's `rma.mh` uses the raw
/// counts of every table and the Sato variance for RD. Either way Q = Σ(yᵢ − θ̂_MH)²/vᵢ over the
/// studies with an estimate (Deeks & Higgins 2010; metafor `rma.mh`).
enum MantelHaenszelAnalysis {
    static func pool(_ rows: [BinaryCounts], options: PoolOptions) throws(PoolError) -> PoolResult {
        let raw = rows.map(\.table)
        let effects = StudyEffects.forTables(rows, options: options)
        let k = effects.compactMap { $0 }.count
        guard k > 0 else { throw .noEstimableStudy(total: rows.count) }

        let weights: [Double]
        let pooled: StudyEffect?
        switch options.convention {
        case .revman:
            let estimable = raw.filter { options.measure == .RD || !$0.isDoubleZero }
            let corrected = estimable.map { $0.correctedIfZero() }
            pooled = mantelHaenszel(corrected, points: estimable, measure: options.measure, variance: .greenlandRobins)
            weights = raw.map { table in
                options.measure == .RD || !table.isDoubleZero
                    ? MantelHaenszel.weight(table.correctedIfZero(), measure: options.measure) : 0
            }
        case .metafor:
            pooled = mantelHaenszel(raw, points: raw, measure: options.measure, variance: .sato)
            weights = raw.map { MantelHaenszel.weight($0, measure: options.measure) }
        }

        let q: Double?
        if k <= 1 {
            q = 0
        } else if let pooled {
            q = InverseVariance.cochranQ(effects.compactMap { $0 }, around: pooled.y)
        } else {
            q = nil
        }

        if options.model == .random {
            let fit = TauSquaredFit(tau2: TauSquared.dersimonianLaird(effects.compactMap { $0 }, q: q ?? 0))
            return try RandomEffects.result(effects: effects, q: q, tauFit: fit, options: options, tables: raw)
        }

        var notes = Summary.dataNotes(effects: effects, tables: raw)
        guard let pooled else {
            notes.append(.estimateUndefined)
            return PoolResult(
                options: options, k: k, kAll: rows.count, estimate: nil, standardError: nil, interval: nil,
                statistic: nil, pValue: nil,
                heterogeneity: Summary.heterogeneity(q: q, k: k, convention: options.convention),
                tau2: 0, tauFit: nil, prediction: nil,
                studies: Summary.rows(effects: effects, weights: weights, options: options), notes: notes)
        }
        let se = pooled.v.squareRoot()
        let (statistic, p, interval) = Summary.normalTest(estimate: pooled.y, se: se, options: options)
        return PoolResult(
            options: options, k: k, kAll: rows.count, estimate: pooled.y, standardError: se, interval: interval,
            statistic: statistic, pValue: p,
            heterogeneity: Summary.heterogeneity(q: q, k: k, convention: options.convention),
            tau2: 0, tauFit: nil, prediction: nil,
            studies: Summary.rows(effects: effects, weights: weights, options: options), notes: notes)
    }

    private static func mantelHaenszel(
        _ tables: [Table2x2], points: [Table2x2], measure: EffectMeasure,
        variance: MantelHaenszel.RiskDifferenceVariance
    ) -> StudyEffect? {
        switch measure {
        case .OR: MantelHaenszel.logOddsRatio(tables)
        case .RR: MantelHaenszel.logRiskRatio(tables)
        case .RD: MantelHaenszel.riskDifference(tables, pointTables: points, variance: variance)
        case .MD, .SMD, .GEN: nil
        }
    }
}
