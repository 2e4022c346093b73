/// Leave-one-out and cumulative meta-analysis: the same analysis on each study's omission, or
/// on the first 1, 2, …, k studies in a given order (Lau et al. 1992).
///
/// Every row is assembled from additive sums (prefix and suffix sums of each study's
/// contribution): a fixed-effect row (M-H, Peto, IV) costs O(1), so a whole analysis is O(k)
/// instead of k refits. A random-effects row also takes its heterogeneity statistic Q from the
/// sums, but needs its own τ² and the weights 1/(vᵢ + τ²), so it costs O(k) for
/// DerSimonian–Laird (O(k) per iteration for the iterative estimators): O(k²) in all. The
/// study effects are computed once.
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

    /// Row i omits study i.
    public static func leaveOneOut(
        _ data: OutcomeData, options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    ) throws(PoolError) -> [Row] {
        try leaveOneOut(MetaAnalysisFit(data, options: options, control: control))
    }

    /// Row i omits study i of the fit — or, with `groups`, the rows of group i (the rows of one
    /// study, given as consecutive ranges of the data).
    static func leaveOneOut(_ fit: MetaAnalysisFit, groups: [Range<Int>]? = nil) throws(PoolError) -> [Row] {
        let plan = Plan(fit.data, effects: fit.effects, options: fit.options, control: fit.control)
        let n = fit.data.count
        let groups = groups ?? (0..<n).map { $0..<($0 + 1) }
        var prefix = [FixedEffectSums()]
        for c in plan.contributions { prefix.append(prefix.last! + c) }
        var suffix = [FixedEffectSums()]
        for c in plan.contributions.reversed() { suffix.append(suffix.last! + c) }
        suffix.reverse()
        var rows: [Row] = []
        rows.reserveCapacity(groups.count)
        for group in groups {
            try Interruption.check()
            rows.append(
                plan.row(
                    prefix[group.lowerBound] + suffix[group.upperBound],
                    members: { (0..<n).lazy.filter { !group.contains($0) } }, kAll: n - group.count))
        }
        return rows
    }

    /// Row i pools the studies order[0…i].
    public static func cumulative(
        _ data: OutcomeData, order: [Int], options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    ) throws(PoolError) -> [Row] {
        try cumulative(MetaAnalysisFit(data, options: options, control: control), order: order)
    }

    /// Row i pools the fit's studies order[0…i].
    static func cumulative(_ fit: MetaAnalysisFit, order: [Int]) throws(PoolError) -> [Row] {
        let plan = Plan(
            fit.data.subset(order), effects: order.map { fit.effects[$0] }, options: fit.options, control: fit.control)
        var sums = FixedEffectSums()
        var rows: [Row] = []
        rows.reserveCapacity(plan.contributions.count)
        for (i, c) in plan.contributions.enumerated() {
            try Interruption.check()
            sums = sums + c
            rows.append(plan.row(sums, members: { 0...i }, kAll: i + 1))
        }
        return rows
    }

    /// What every row of one analysis shares: the study effects and their contributions.
    private struct Plan {
        let options: PoolOptions
        let control: TauSquaredControl
        let effects: [StudyEffect?]
        /// The fixed-effect model whose sums give each row's estimate (fixed effect) or Q.
        let fixed: FixedEffectModel
        let contributions: [FixedEffectSums]

        init(_ data: OutcomeData, effects: [StudyEffect?], options: PoolOptions, control: TauSquaredControl) {
            self.options = options
            self.control = control
            self.effects = effects
            // Random effects take Q from the matching fixed-effect method: M-H for RevMan's
            // "M-H, Random", inverse variance otherwise.
            var fixedOptions = options
            fixedOptions.model = .fixed
            if options.model == .random && options.weighting != .mantelHaenszel {
                fixedOptions.method = .IV
            }
            fixed = FixedEffectModel(options: fixedOptions, effects: effects)
            let counts: [BinaryCounts?]
            if case .binary(let rows) = data { counts = rows } else { counts = effects.map { _ in nil } }
            contributions = zip(effects, counts).map { [fixed] in fixed.contribution(effect: $0.0, counts: $0.1) }
        }

        func row<Members: Sequence<Int>>(_ sums: FixedEffectSums, members: () -> Members, kAll: Int) -> Row {
            guard options.model == .random else {
                let summary = fixed.summary(sums, kAll: kAll)
                return Row(k: sums.k, result: summary.map { .success($0) } ?? .failure(.noEstimableStudy(total: kAll)))
            }
            let included = members().compactMap { effects[$0] }
            guard !included.isEmpty else { return Row(k: 0, result: .failure(.noEstimableStudy(total: kAll))) }
            let q = fixed.q(sums, around: fixed.pooled(sums)?.y) ?? 0
            let fit =
                options.tauMethod == .DL
                ? TauSquaredFit(tau2: TauSquared.dersimonianLaird(included, q: q))
                : TauSquared.estimate(options.tauMethod, included, control: control)
            let result = Result { () throws(PoolError) -> PoolResult in
                var result = try RandomEffects.result(
                    effects: included, q: q, tauFit: fit, options: options, control: control, tables: nil,
                    studyRows: false)
                result.kAll = kAll
                return result
            }
            return Row(k: included.count, result: result)
        }
    }
}
