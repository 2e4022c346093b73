/// Small-study effects of one outcome: which study effects each test uses.
///
/// Egger's and Begg's tests use the effects of the pooling method — for M-H and Peto those
/// shown beside the analysis (double-zero studies left out, as metafor's `regtest`/`ranktest`
/// on an `rma.mh` fit), otherwise the inverse-variance effects (metafor's `escalc` defaults for
/// binary data). Trim-and-fill re-pools by inverse variance.
public enum BiasTests {
    /// The study effects the tests run on (estimable studies only).
    /// The effects with each study's total sample size (both arms), for Peters' test; nil for
    /// data that carry no sizes (generic, O − E, rates).
    public static func effectsAndSizes(
        _ data: OutcomeData, options: PoolOptions
    ) throws(PoolError) -> (effects: [StudyEffect], sizes: [Double])? {
        guard let sizes = data.sizes else { return nil }
        try MetaAnalysis.validate(data, options)
        let all: [StudyEffect?]
        switch (data, options.method) {
        case (.binary(let rows), .MH), (.binary(let rows), .Peto): all = StudyEffects.forTables(rows, options: options)
        default: all = StudyEffects.forInverseVariance(data, options: options)
        }
        try StudyEffects.check(all)
        let kept = zip(all, sizes).compactMap { effect, size in effect.map { ($0, size) } }
        return (kept.map(\.0), kept.map(\.1))
    }

    public static func effects(_ data: OutcomeData, options: PoolOptions) throws(PoolError) -> [StudyEffect] {
        try MetaAnalysis.validate(data, options)
        let all: [StudyEffect?]
        switch (data, options.method) {
        case (.binary(let rows), .MH), (.binary(let rows), .Peto):
            all = StudyEffects.forTables(rows, options: options)
        default:
            all = StudyEffects.forInverseVariance(data, options: options)
        }
        try StudyEffects.check(all)
        return all.present()
    }
}
