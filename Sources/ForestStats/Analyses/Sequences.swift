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
/// The iterative estimators (ML, REML, EB) refit each row's τ² by Fisher scoring from τ²_HE as
/// metafor does, O(k) per step — or, from `largeAnalysis` studies on, O(1) per step with the
/// sums from the same series (`ExpandedScoringData`). The study effects are computed once.
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
    /// From `largeFrom` studies on, random-effects rows take their sums from `WeightExpansion`s
    /// around the full fit's τ² (tests set it to compare with the direct sums): DerSimonian–Laird
    /// rows and the iterations of ML, REML and EB (`ExpandedScoringData`).
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
        // Every row's τ² is near the full data's: expansions around it serve them all.
        let expansions =
            n >= largeFrom
            ? plan.expansions(over: 0..<n, centres: [fit.result.tau2, plan.hedges(upTo: n)]) : []
        var rows: [Row] = []
        rows.reserveCapacity(groups.count)
        for group in groups {
            try Interruption.check()
            rows.append(
                plan.row(
                    prefix[group.lowerBound] + suffix[group.upperBound],
                    members: [0..<group.lowerBound, group.upperBound..<n], kAll: n - group.count,
                    reach: expansions.isEmpty ? nil : Reach(expansions: expansions, removed: group, end: n)))
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
    /// From `largeFrom` studies on, random-effects rows (DerSimonian–Laird; ML, REML and EB
    /// through `ExpandedScoringData`) take their sums from `WeightExpansion`s of the studies so
    /// far. Their centre is the τ² of the row that built them; when later rows' τ² move too far
    /// from it, each such row takes its sums directly from its studies, and after
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
        var expansions: [WeightExpansion] = []
        var misses = 0
        var rows: [Row] = []
        rows.reserveCapacity(plan.contributions.count)
        for (i, c) in plan.contributions.enumerated() {
            try Interruption.check()
            sums = sums + c
            for j in expansions.indices { expansions[j].add(d: plan.deviation(i), v: plan.variance(i)) }
            let row = plan.row(
                sums, members: [0..<(i + 1)], kAll: i + 1,
                reach: expansions.isEmpty ? nil : Reach(expansions: expansions, removed: 0..<0, end: i + 1))
            rows.append(row)
            guard i + 1 >= largeFrom, let tau2 = (try? row.result.get())?.tau2, tau2 > 0,
                !expansions.contains(where: { $0.reaches(tau2) })
            else { continue }
            misses += 1
            if expansions.isEmpty || misses >= recentreAfter {
                expansions = plan.expansions(over: 0..<(i + 1), centres: [tau2, plan.hedges(upTo: i + 1)])
                misses = 0
            }
        }
        return rows
    }

    /// What a row of a large analysis takes its random-effects sums from: expansions of the
    /// studies 0 ..< `end` (leave-one-out: all of them; cumulative: the row's own), of which
    /// the row leaves out those in `removed`.
    private struct Reach {
        var expansions: [WeightExpansion]
        var removed: Range<Int>
        var end: Int
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
        /// row's random-effects sums can be made from them: DerSimonian–Laird, ML, REML or EB
        /// and every vᵢ within EffectScale's ordinary range, where no row would be rescaled. nil
        /// otherwise.
        let plain: (y: [Double], v: [Double])?
        /// Whether τ² is found by Fisher scoring (ML, REML, EB).
        let scoring: Bool
        /// Prefix sums of (1, dᵢ, dᵢ², vᵢ) over the estimable studies, for τ²_HE (scoring only).
        let unweighted: [SIMD4<Double>]

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
            scoring = [.ML, .REML, .EB].contains(options.tauMethod)
            plain =
                options.model == .random && (options.tauMethod == .DL || scoring) && ordinary
                ? (effects.map { $0?.y ?? 0 }, effects.map { $0?.v ?? .infinity }) : nil
            var unweighted = [SIMD4<Double>()]
            if scoring && plain != nil {
                unweighted.reserveCapacity(effects.count + 1)
                for effect in effects {
                    let d = (effect?.y ?? fixed.center) - fixed.center
                    unweighted.append(unweighted.last! + (effect.map { SIMD4(1, d, d * d, $0.v) } ?? .zero))
                }
            }
            self.unweighted = unweighted
        }

        /// dᵢ = yᵢ − c (the fixed-effect centre) and vᵢ of study i, as the expansion takes them.
        func deviation(_ i: Int) -> Double { plain.map { $0.y[i] - fixed.center } ?? 0 }
        func variance(_ i: Int) -> Double { plain?.v[i] ?? .infinity }

        /// Expansions of the studies in `range`: for DerSimonian–Laird one, around the first
        /// centre; for Fisher scoring one around 0 (where the likelihood is compared) and one
        /// around each centre, with their logarithms.
        func expansions(over range: Range<Int>, centres: [Double]) -> [WeightExpansion] {
            guard plain != nil, let first = centres.first, first.isFinite, first >= 0 else { return [] }
            let chosen = scoring ? [0] + centres.filter { $0.isFinite && $0 > 0 } : [first]
            return chosen.map { centre in
                var expansion =
                    scoring ? WeightExpansion(center: centre, order: 24, logs: true) : WeightExpansion(center: centre)
                for i in range { expansion.add(d: deviation(i), v: variance(i)) }
                return expansion
            }
        }

        /// max(0, τ²_HE) of the studies 0 ..< `end` (a centre for the expansions: near where
        /// the rows' iterations start); 0 unless τ² is found by Fisher scoring.
        func hedges(upTo end: Int) -> Double {
            guard scoring, end < unweighted.count, unweighted[end][0] > 1 else { return 0 }
            return max(0, ExpandedScoringData.hedges(unweighted[end]) ?? 0)
        }

        /// The row of the studies in `members` (ranges of indices), whose sums are `sums`; a
        /// random-effects row takes its sums from `reach` where it can.
        func row(_ sums: FixedEffectSums, members: [Range<Int>], kAll: Int, reach: Reach? = nil) -> Row {
            guard options.model == .random else {
                let summary = fixed.summary(sums, kAll: kAll)
                return Row(k: sums.k, result: summary.map { .success($0) } ?? .failure(.noEstimableStudy(total: kAll)))
            }
            guard sums.k > 0 else { return Row(k: 0, result: .failure(.noEstimableStudy(total: kAll))) }
            let q = fixed.q(sums, around: fixed.pooled(sums)?.y) ?? 0
            if let plain, options.tauMethod == .DL,
                let row = dersimonianLairdRow(sums, members: members, kAll: kAll, q: q, plain: plain, reach: reach)
            {
                return row
            }
            if scoring, let reach, sums.k > 1,
                let row = scoringRow(sums, members: members, kAll: kAll, q: q, reach: reach)
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
            return generalRow(included, q: q, fit: fit, kAll: kAll)
        }

        /// A row pooled from its study effects once τ² is known, as any analysis is.
        private func generalRow(_ included: [StudyEffect], q: Double, fit: TauSquaredFit, kAll: Int) -> Row {
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

        /// An ML, REML or EB row: Fisher scoring on sums from the expansions
        /// (`ExpandedScoringData`), then the summary from the sums at the row's τ². nil — the
        /// row is fitted from its effects — when the row's data would be rescaled
        /// (EffectScale: the spread of the yᵢ beyond the ordinary range).
        private func scoringRow(
            _ sums: FixedEffectSums, members: [Range<Int>], kAll: Int, q: Double, reach: Reach
        ) -> Row? {
            let removedSums = unweighted[reach.removed.upperBound] - unweighted[reach.removed.lowerBound]
            let rowSums = unweighted[reach.end] - removedSums
            let spread = (rowSums[2] - rowSums[1] * rowSums[1] / rowSums[0]) / rowSums[0]
            guard !(spread.isFinite && spread > 0 && Int(spread.exponent) > EffectScale.band - 1) else { return nil }
            let data = ExpandedScoringData(
                expansions: reach.expansions,
                removed: reach.removed.filter { variance($0).isFinite }.map { (deviation($0), variance($0)) },
                unweighted: rowSums,
                direct: .init { [effects] in members.joined().compactMap { effects[$0] } })
            let fit = FisherScoring.estimate(options.tauMethod, data, control: control)
            guard fit.converged, fit.tau2.isFinite else {
                let failure = PoolError.notConverged(method: options.tauMethod, iterations: fit.iterations)
                return Row(k: sums.k, result: .failure(failure))
            }
            // The Knapp–Hartung sum of squares is a difference of sums: taken so only without
            // cancellation.
            guard let at = data.sums(at: fit.tau2), at.w > 0, !options.hksj || at.residualSquares != nil
            else { return generalRow(data.direct.effects, q: q, fit: fit, kAll: kAll) }
            let typical =
                options.convention == .metafor
                ? RandomEffects.typicalWithinVariance(k: sums.k, sumW: sums.w, sumW2: sums.ww) : nil
            let result = RandomEffects.summary(
                RandomEffects.Sums(
                    k: sums.k, estimate: fixed.center + at.wd / at.w, variance: 1 / at.w,
                    knappHartungRSS: options.hksj ? at.residualSquares : nil, typicalVariance: typical),
                kAll: kAll, q: q, tauFit: fit, options: options)
            return Row(k: sums.k, result: .success(result))
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
        /// with wᵢ* = 1/(vᵢ + τ²) over the expansions' studies but `removed`, or nil where no
        /// expansion reaches τ² or the sum of squares, Σwᵢ*dᵢ² − (Σwᵢ*dᵢ)²/Σwᵢ*, would
        /// lose more than one bit to cancellation (the row then sums directly).
        private func expandedSums(_ reach: Reach, tau2: Double) -> (w: Double, wd: Double, rss: Double?)? {
            guard var (w, wd, wdd) = reach.expansions.lazy.compactMap({ $0.sums(at: tau2) }).first else { return nil }
            for i in reach.removed where variance(i).isFinite {
                let removed = PowerSums(d: deviation(i), v: variance(i), tau2: tau2)
                (w, wd, wdd) = (w - removed.w, wd - removed.wd, wdd - removed.wdd)
            }
            let rss = PowerSums.residualSquares(w: w, wd: wd, wdd: wdd)
            guard w > 0, !options.hksj || rss != nil else { return nil }
            return (w, wd, rss)
        }

        /// A DerSimonian–Laird row from the sums and one pass over the members: τ² =
        /// max(0, (Q − (k − 1))/(Σwᵢ − Σwᵢ²/Σwᵢ)), wᵢ = 1/vᵢ (DerSimonian & Laird 1986), then
        /// θ̂ = Σwᵢ*yᵢ/Σwᵢ*, wᵢ* = 1/(vᵢ + τ²), and for metafor's I² and H² the typical variance
        /// s² = (k − 1)Σwᵢ/((Σwᵢ)² − Σwᵢ²) — the quantities `RandomEffects.result` computes from
        /// arrays, here without any.
        private func dersimonianLairdRow(
            _ sums: FixedEffectSums, members: [Range<Int>], kAll: Int, q: Double, plain: (y: [Double], v: [Double]),
            reach: Reach?
        ) -> Row? {
            let k = sums.k
            let tau2 =
                k > 1 ? TauSquared.dersimonianLaird(q: q, df: Double(k - 1), traceP: sums.w - sums.ww / sums.w) : 0
            guard tau2.isFinite else { return nil }
            var sumW = 0.0, sumWY = 0.0
            var rss: Double? = nil
            if tau2 > 0, let reach, let expanded = expandedSums(reach, tau2: tau2) {
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
