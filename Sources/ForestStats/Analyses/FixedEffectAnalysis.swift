/// Fixed-effect analyses — Mantel–Haenszel, Peto and inverse variance — and RevMan's
/// "M-H, Random", whose DerSimonian–Laird τ² comes from the Q around the M-H estimate.
///
/// RevMan 5 adds 0.5 to every cell of a table with a zero cell and uses those corrected tables
/// inside the M-H estimate, its weights and its variance; tables with no events (or only events)
/// in both arms are not estimable for OR and RR but count for RD. metafor's `rma.mh` and
/// `rma.peto` use the raw counts of every table (Sato's variance for the M-H RD). Either way
/// Q = Σ(yᵢ − θ̂)²/vᵢ over the studies with an estimate; Peto's Q is Σ(O − E)²/V − (Σ(O − E))²/ΣV
/// (Deeks & Higgins 2010; metafor `rma.mh`, `rma.peto`).
enum FixedEffectAnalysis {
    /// Pools `effects` (each study's own estimate, nil when not estimable), with the tables of
    /// binary data for M-H and Peto.
    static func pool(
        effects: [StudyEffect?], counts: [BinaryCounts]?, options: PoolOptions, control: TauSquaredControl
    ) throws(PoolError) -> PoolResult {
        let model = FixedEffectModel(options: options, effects: effects)
        let rows = counts.map { $0.map(Optional.some) } ?? effects.map { _ in nil }
        let sums = zip(effects, rows).reduce(FixedEffectSums()) { $0 + model.contribution(effect: $1.0, counts: $1.1) }
        guard var result = model.summary(sums, kAll: effects.count) else {
            throw .noEstimableStudy(total: effects.count)
        }
        if options.model == .random {
            // RevMan's "M-H, Random": DL from the M-H heterogeneity statistic.
            let included = effects.present()
            let q = result.heterogeneity.q ?? 0
            let fit = RandomEffects.tauFit(options, included, q: q, control: control)
            return try RandomEffects.result(
                effects: effects, q: q, tauFit: fit, options: options, control: control, tables: counts?.map(\.table))
        }
        let weights = zip(effects, rows).map { model.weight(effect: $0.0, counts: $0.1) }
        result.studies = Summary.rows(effects: effects, weights: weights, options: options)
        let tables = options.method == .Peto && options.convention == .revman ? nil : counts?.map(\.table)
        result.notes = Summary.dataNotes(effects: effects, tables: tables) + result.notes
        return result
    }
}
