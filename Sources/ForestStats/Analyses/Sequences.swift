/// Leave-one-out and cumulative meta-analysis: the same analysis on each study's omission, or
/// on the first 1, 2, …, k studies in a given order (Lau et al. 1992).
///
/// Every row is assembled from additive sums (prefix and suffix sums of each study's
/// contribution): a fixed-effect row (M-H, Peto, IV) costs O(1), so a whole analysis is O(k)
/// instead of k refits. A random-effects row also takes its heterogeneity statistic Q from the
/// sums, and DerSimonian–Laird its τ² = max(0, (Q − (k − 1))/(Σwᵢ − Σwᵢ²/Σwᵢ)) and metafor's
/// typical variance too (O(1)). The row's estimate Σyᵢ/(vᵢ + τ²) / Σ1/(vᵢ + τ²) has weights
/// that depend on the row's own τ²: summed directly that is a pass over the studies per row,
/// O(k²) in all. From `largeAnalysis` studies on, the sums come instead from a series in
/// powers of τ² around a nearby τ² (`WeightExpansion`), within a rounding unit, O(1) per row —
/// rows' τ² differ little when k is large; a row the series does not reach is summed directly.
/// The iterative estimators refit each row's τ² (O(k) per iteration), from τ²_HE as metafor
/// does. The study effects are computed once.
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
    ///
    /// From `largeFrom` studies on, DerSimonian–Laird rows take their sums from a
    /// `WeightExpansion` around the full data's τ² (tests set it to compare with the direct sums).
    static func leaveOneOut(
        _ fit: MetaAnalysisFit, groups: [Range<Int>]? = nil, largeFrom: Int = largeAnalysis
    ) throws(PoolError) -> [Row] {
        let plan = Plan(fit.data, effects: fit.effects, options: fit.options, control: fit.control)
        let n = fit.data.count
        let groups = groups ?? (0..<n).map { $0..<($0 + 1) }
        var prefix = [FixedEffectSums()]
        for c in plan.contributions { prefix.append(prefix.last! + c) }
        var suffix = [FixedEffectSums()]
        for c in plan.contributions.reversed() { suffix.append(suffix.last! + c) }
        suffix.reverse()
        // Every row's τ² is near the full data's: one expansion around it serves them all.
        let expansion =
            n >= largeFrom ? plan.expansion(over: 0..<n, center: plan.dersimonianLairdTau2(prefix[n])) : nil
        var rows: [Row] = []
        rows.reserveCapacity(groups.count)
        for group in groups {
            try Interruption.check()
            rows.append(
                plan.row(
                    prefix[group.lowerBound] + suffix[group.upperBound],
                    members: [0..<group.lowerBound, group.upperBound..<n], kAll: n - group.count,
                    expansion: expansion.map { ($0, removed: group) }))
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
    ///
    /// From `largeFrom` studies on, DerSimonian–Laird rows take their sums from a
    /// `WeightExpansion` of the studies so far. Its centre is the τ² of the row that built it;
    /// when later rows' τ² move too far from it, each such row sums directly, and after
    /// `recentreAfter` of them the expansion is rebuilt around the latest τ² (a rebuild costs
    /// about as much as that many direct sums, so this is never much worse than summing
    /// directly, and O(k) in all once τ² settles).
    static func cumulative(
        _ fit: MetaAnalysisFit, order: [Int], largeFrom: Int = largeAnalysis
    ) throws(PoolError) -> [Row] {
        let plan = Plan(
            fit.data.subset(order), effects: order.map { fit.effects[$0] }, options: fit.options, control: fit.control)
        let recentreAfter = 4
        var sums = FixedEffectSums()
        var expansion: WeightExpansion? = nil
        var misses = 0
        var rows: [Row] = []
        rows.reserveCapacity(plan.contributions.count)
        for (i, c) in plan.contributions.enumerated() {
            try Interruption.check()
            sums = sums + c
            expansion?.add(d: plan.deviation(i), v: plan.variance(i))
            if plan.plain != nil && i + 1 >= largeFrom {
                let tau2 = plan.dersimonianLairdTau2(sums)
                if tau2 > 0 && tau2.isFinite && expansion?.terms(at: tau2) == nil {
                    misses += 1
                    if expansion == nil || misses >= recentreAfter {
                        expansion = plan.expansion(over: 0..<(i + 1), center: tau2)
                        misses = 0
                    }
                }
            }
            rows.append(
                plan.row(sums, members: [0..<(i + 1)], kAll: i + 1, expansion: expansion.map { ($0, removed: 0..<0) }))
        }
        return rows
    }

    /// Below this many studies a row's direct sums cost next to nothing.
    static let largeAnalysis = 256

    /// What every row of one analysis shares: the study effects and their contributions.
    private struct Plan {
        let options: PoolOptions
        let control: TauSquaredControl
        let effects: [StudyEffect?]
        /// The fixed-effect model whose sums give each row's estimate (fixed effect) or Q.
        let fixed: FixedEffectModel
        let contributions: [FixedEffectSums]
        /// yᵢ and vᵢ as plain arrays (v = ∞, y = 0 where not estimable: weight 0) when every
        /// row's DerSimonian–Laird τ² can come from the sums: every vᵢ within EffectScale's
        /// ordinary range, where no row would be rescaled. nil otherwise.
        let plain: (y: [Double], v: [Double])?

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
            let ordinary = effects.allSatisfy { effect in
                effect.map { $0.v.isNormal && $0.v > 0 && abs($0.v.exponent) <= EffectScale.band } ?? true
            }
            plain =
                options.model == .random && options.tauMethod == .DL && ordinary
                ? (effects.map { $0?.y ?? 0 }, effects.map { $0?.v ?? .infinity }) : nil
        }

        /// dᵢ = yᵢ − c (the fixed-effect centre) and vᵢ of study i, as the expansion takes them.
        func deviation(_ i: Int) -> Double { plain.map { $0.y[i] - fixed.center } ?? 0 }
        func variance(_ i: Int) -> Double { plain?.v[i] ?? .infinity }

        /// The expansion of the studies in `range` around τ² = `center`.
        func expansion(over range: Range<Int>, center: Double) -> WeightExpansion? {
            guard plain != nil, center.isFinite else { return nil }
            var expansion = WeightExpansion(center: center)
            for i in range { expansion.add(d: deviation(i), v: variance(i)) }
            return expansion
        }

        /// DerSimonian–Laird's τ² = max(0, (Q − (k − 1))/(Σwᵢ − Σwᵢ²/Σwᵢ)), wᵢ = 1/vᵢ
        /// (DerSimonian & Laird 1986), of the studies whose sums are `sums`; 0 for k ≤ 1.
        func dersimonianLairdTau2(_ sums: FixedEffectSums) -> Double {
            guard sums.k > 1 else { return 0 }
            let q = fixed.q(sums, around: fixed.pooled(sums)?.y) ?? 0
            return TauSquared.dersimonianLaird(q: q, df: Double(sums.k - 1), traceP: sums.w - sums.ww / sums.w)
        }

        /// The row of the studies in `members` (ranges of indices), whose sums are `sums`; a
        /// DerSimonian–Laird row takes its random-effects sums from `expansion` (of the studies
        /// in `members` and `removed`) where it can.
        func row(
            _ sums: FixedEffectSums, members: [Range<Int>], kAll: Int,
            expansion: (WeightExpansion, removed: Range<Int>)? = nil
        ) -> Row {
            guard options.model == .random else {
                let summary = fixed.summary(sums, kAll: kAll)
                return Row(k: sums.k, result: summary.map { .success($0) } ?? .failure(.noEstimableStudy(total: kAll)))
            }
            guard sums.k > 0 else { return Row(k: 0, result: .failure(.noEstimableStudy(total: kAll))) }
            let q = fixed.q(sums, around: fixed.pooled(sums)?.y) ?? 0
            if let plain,
                let row = dersimonianLairdRow(
                    sums, members: members, kAll: kAll, q: q, plain: plain, expansion: expansion)
            {
                return row
            }
            // (Passed on as optionals by an explicit map: the implicit conversion of the array
            // casts each element dynamically, a quarter of a REML leave-one-out.)
            let included = members.joined().compactMap { effects[$0] }
            let fit =
                options.tauMethod == .DL
                ? TauSquaredFit(tau2: TauSquared.dersimonianLaird(included, q: q))
                : TauSquared.estimate(options.tauMethod, included, control: control)
            let result = Result { () throws(PoolError) -> PoolResult in
                var result = try RandomEffects.result(
                    effects: included.map { Optional($0) }, q: q, tauFit: fit, options: options, control: control,
                    tables: nil,
                    studyRows: false)
                result.kAll = kAll
                return result
            }
            return Row(k: included.count, result: result)
        }

        /// Σwᵢ* and Σwᵢ*yᵢ over `range`, wᵢ* = 1/(vᵢ + τ²): the inner loop of every random-effects
        /// row, k² divisions in all. Four running sums (SIMD lanes) instead of one, added
        /// pairwise at the end, so that each addition does not wait for the one before (a
        /// single chain of additions was the limit: k = 10,000 took 0.14 s in this loop). The
        /// order of the additions differs from a plain loop's, so the last bit may too.
        static func randomEffectsSums(
            _ plain: (y: [Double], v: [Double]), _ range: Range<Int>, tau2: Double
        ) -> (sumW: Double, sumWY: Double) {
            plain.y.withUnsafeBufferPointer { y in
                plain.v.withUnsafeBufferPointer { v in
                    var lanesW = SIMD4<Double>(), lanesWY = SIMD4<Double>()
                    let tau = SIMD4<Double>(repeating: tau2)
                    var i = range.lowerBound
                    while i + 4 <= range.upperBound {
                        let w = 1 / (SIMD4(v[i], v[i + 1], v[i + 2], v[i + 3]) + tau)
                        lanesW += w
                        lanesWY += w * SIMD4(y[i], y[i + 1], y[i + 2], y[i + 3])
                        i += 4
                    }
                    var sumW = (lanesW[0] + lanesW[1]) + (lanesW[2] + lanesW[3])
                    var sumWY = (lanesWY[0] + lanesWY[1]) + (lanesWY[2] + lanesWY[3])
                    while i < range.upperBound {
                        let w = 1 / (v[i] + tau2)
                        sumW += w
                        sumWY += w * y[i]
                        i += 1
                    }
                    return (sumW, sumWY)
                }
            }
        }

        /// Σwᵢ*, Σwᵢ*dᵢ and Σwᵢ*(dᵢ − d̄)² (d̄ = Σwᵢ*dᵢ/Σwᵢ*, the Knapp–Hartung sum of squares)
        /// with wᵢ* = 1/(vᵢ + τ²) over the expansion's studies but `removed`, or nil where the
        /// expansion does not reach τ² or the sum of squares, Σwᵢ*dᵢ² − (Σwᵢ*dᵢ)²/Σwᵢ*, would
        /// lose more than one bit to cancellation (the row then sums directly).
        private func expandedSums(
            _ expansion: WeightExpansion, removed: Range<Int>, tau2: Double
        ) -> (w: Double, wd: Double, rss: Double)? {
            guard var (w, wd, wdd) = expansion.sums(at: tau2) else { return nil }
            for i in removed where variance(i).isFinite {
                let wi = 1 / (variance(i) + tau2), d = deviation(i)
                w -= wi
                wd -= wi * d
                wdd -= wi * d * d
            }
            let rss = wdd - wd * wd / w
            guard w > 0, !options.hksj || rss >= wdd / 2 else { return nil }
            return (w, wd, rss)
        }

        /// A DerSimonian–Laird row from the sums and one pass over the members: τ² =
        /// max(0, (Q − (k − 1))/(Σwᵢ − Σwᵢ²/Σwᵢ)), wᵢ = 1/vᵢ (DerSimonian & Laird 1986), then
        /// θ̂ = Σwᵢ*yᵢ/Σwᵢ*, wᵢ* = 1/(vᵢ + τ²), and for metafor's I² and H² the typical variance
        /// s² = (k − 1)Σwᵢ/((Σwᵢ)² − Σwᵢ²) — the quantities `RandomEffects.result` computes from
        /// arrays, here without any.
        private func dersimonianLairdRow(
            _ sums: FixedEffectSums, members: [Range<Int>], kAll: Int, q: Double, plain: (y: [Double], v: [Double]),
            expansion: (WeightExpansion, removed: Range<Int>)?
        ) -> Row? {
            let k = sums.k
            let tau2 =
                k > 1 ? TauSquared.dersimonianLaird(q: q, df: Double(k - 1), traceP: sums.w - sums.ww / sums.w) : 0
            guard tau2.isFinite else { return nil }
            var sumW = 0.0, sumWY = 0.0
            var rss: Double? = nil
            if tau2 > 0, let expansion, let expanded = expandedSums(expansion.0, removed: expansion.removed, tau2: tau2)
            {
                sumW = expanded.w
                sumWY = expanded.w * fixed.center + expanded.wd
                if options.hksj && k > 1 { rss = expanded.rss }
            } else if tau2 == 0 {
                // The weights are those of the fixed-effect sums.
                sumW = sums.w
                sumWY = sums.w * fixed.center + sums.wd
                if options.hksj && k > 1 {
                    let d = sumWY / sumW - fixed.center
                    rss = max(0, sums.wdd - 2 * d * sums.wd + d * d * sums.w)
                }
            } else {
                for range in members {
                    let (w, wy) = Plan.randomEffectsSums(plain, range, tau2: tau2)
                    sumW += w
                    sumWY += wy
                }
            }
            let estimate = sumWY / sumW
            if tau2 > 0 && options.hksj && k > 1 && rss == nil {
                var sum = 0.0
                for range in members {
                    for i in range where plain.v[i].isFinite {
                        let d = plain.y[i] - estimate
                        sum += 1 / (plain.v[i] + tau2) * d * d
                    }
                }
                rss = sum
            }
            let typical =
                options.convention == .metafor && k > 1
                ? RandomEffects.typicalWithinVariance(k: k, sumW: sums.w, sumW2: sums.ww) : nil
            let result = RandomEffects.summary(
                RandomEffects.Sums(
                    k: k, estimate: estimate, variance: 1 / sumW, knappHartungRSS: rss, typicalVariance: typical),
                kAll: kAll, q: q, tauFit: TauSquaredFit(tau2: tau2), options: options)
            return Row(k: k, result: .success(result))
        }
    }
}
