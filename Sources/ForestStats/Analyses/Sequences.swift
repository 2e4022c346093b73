/// Leave-one-out and cumulative meta-analysis: the same analysis on each study's omission, or
/// on the first 1, 2, …, k studies in a given order (Lau et al. 1992).
///
/// Fixed-effect analyses (M-H, Peto, IV) are assembled from additive sums — O(k) in all, from
/// prefix and suffix sums — instead of k refits. Random-effects analyses need each subset's own
/// τ² and weights 1/(vᵢ + τ²), so every row is refitted: O(k) per row for DerSimonian–Laird,
/// more for the iterative estimators.
///
/// A row that cannot be computed — nothing estimable left, or an iterative τ² estimator that
/// does not converge on that subset — is a failure with its reason; the other rows stand
/// (metafor's `leave1out` and `cumul` leave such rows NA).
public enum Sequences {
    /// One row: how many studies of the subset have an estimate, and its result or why not.
    public struct Row: Sendable, Hashable {
        public var k: Int
        public var result: Result<PoolResult, PoolError>
    }

    /// Row i omits study i; nil where nothing is left to pool.
    public static func leaveOneOut(
        _ data: OutcomeData, options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    ) throws(PoolError) -> [Row] {
        try MetaAnalysis.validate(data, options)
        let n = data.count
        if let model = fixedEffectModel(data, options) {
            let contributions = model.contributions
            var prefix = [FixedEffectSums()]
            for c in contributions { prefix.append(prefix.last! + c) }
            var suffix = [FixedEffectSums()]
            for c in contributions.reversed() { suffix.append(suffix.last! + c) }
            suffix.reverse()
            return (0..<n).map { i in row(prefix[i] + suffix[i + 1], model: model.model, kAll: n - 1) }
        }
        return (0..<n).map { i in refit(data.subset((0..<n).filter { $0 != i }), options, control) }
    }

    /// Row i pools the studies order[0…i]; nil where nothing is estimable yet.
    public static func cumulative(
        _ data: OutcomeData, order: [Int], options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    ) throws(PoolError) -> [Row] {
        try MetaAnalysis.validate(data, options)
        let ordered = data.subset(order)
        if let model = fixedEffectModel(ordered, options) {
            var sums = FixedEffectSums()
            return model.contributions.enumerated().map { i, c in
                sums = sums + c
                return row(sums, model: model.model, kAll: i + 1)
            }
        }
        return (0..<order.count).map { i in refit(ordered.subset(Array(0...i)), options, control) }
    }

    private static func row(_ sums: FixedEffectSums, model: FixedEffectModel, kAll: Int) -> Row {
        Row(k: sums.k, result: model.summary(sums, kAll: kAll).map { .success($0) } ?? .failure(.noEstimableStudy(total: kAll)))
    }

    private static func refit(_ data: OutcomeData, _ options: PoolOptions, _ control: TauSquaredControl) -> Row {
        let result = Result { () throws(PoolError) -> PoolResult in try MetaAnalysis.pool(data, options: options, control: control) }
        let k = (try? result.get().k) ?? StudyEffects.pooled(data, options: options).compactMap { $0 }.count
        return Row(k: k, result: result)
    }

    /// The fixed-effect model and each study's contribution, when the analysis is fixed-effect.
    private static func fixedEffectModel(_ data: OutcomeData, _ options: PoolOptions) -> (model: FixedEffectModel, contributions: [FixedEffectSums])? {
        guard options.model == .fixed else { return nil }
        let effects: [StudyEffect?]
        var counts: [BinaryCounts?]
        switch (data, options.method) {
        case (.binary(let rows), .MH), (.binary(let rows), .Peto):
            effects = StudyEffects.forTables(rows, options: options)
            counts = rows
        default:
            effects = StudyEffects.forInverseVariance(data, options: options)
            counts = effects.map { _ in nil }
        }
        let model = FixedEffectModel(options: options, effects: effects)
        return (model, zip(effects, counts).map { model.contribution(effect: $0.0, counts: $0.1) })
    }
}
