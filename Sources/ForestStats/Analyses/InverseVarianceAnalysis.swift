/// Inverse-variance random-effects pooling (DerSimonian & Laird 1986; metafor `rma.uni`).
enum InverseVarianceAnalysis {
    static func random(
        _ effects: [StudyEffect?], options: PoolOptions, control: TauSquaredControl
    ) throws(PoolError) -> PoolResult {
        let included = effects.present()
        guard !included.isEmpty else { throw .noEstimableStudy(total: effects.count) }
        let fixed = InverseVariance.pool(included)
        let q = included.count > 1 ? InverseVariance.cochranQ(included, around: fixed.estimate) : 0
        let fit = RandomEffects.tauFit(options, included, q: q, control: control)
        return try RandomEffects.result(
            effects: effects, q: q, tauFit: fit, options: options, control: control, tables: nil)
    }
}
