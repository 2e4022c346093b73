/// Inverse-variance pooling, fixed or random effects (Deeks & Higgins 2010; metafor `rma.uni`).
enum InverseVarianceAnalysis {
    static func pool(_ effects: [StudyEffect?], options: PoolOptions, control: TauSquaredControl) throws(PoolError) -> PoolResult {
        let included = effects.compactMap { $0 }
        guard !included.isEmpty else { throw .noEstimableStudy(total: effects.count) }
        let fixed = InverseVariance.pool(included)
        let q = included.count > 1 ? InverseVariance.cochranQ(included, around: fixed.estimate) : 0
        switch options.model {
        case .fixed:
            let (statistic, p, interval) = Summary.normalTest(
                estimate: fixed.estimate, se: fixed.variance.squareRoot(), options: options)
            return PoolResult(
                options: options, k: included.count, kAll: effects.count,
                estimate: fixed.estimate, standardError: fixed.variance.squareRoot(), interval: interval,
                statistic: statistic, pValue: p,
                heterogeneity: Summary.heterogeneity(q: q, k: included.count, convention: options.convention),
                tau2: 0, tauFit: nil, prediction: nil,
                studies: Summary.rows(effects: effects, weights: effects.map { $0.map { 1 / $0.v } ?? 0 }, options: options),
                notes: Summary.dataNotes(effects: effects, tables: nil))
        case .random:
            let fit: TauSquaredFit
            if options.convention == .revman && options.tauMethod == .DL {
                fit = TauSquaredFit(tau2: TauSquared.dersimonianLaird(included, q: q))
            } else {
                fit = TauSquared.estimate(options.tauMethod, included, control: control)
            }
            return try RandomEffects.result(effects: effects, q: q, tauFit: fit, options: options, tables: nil)
        }
    }
}
