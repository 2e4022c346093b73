import CMath

/// The random-effects summary once τ² is known (DerSimonian & Laird 1986; Viechtbauer 2010).
///
/// θ̂ = Σwᵢyᵢ/Σwᵢ with wᵢ = 1/(vᵢ + τ²) and SE = 1/√Σwᵢ, tested against N(0, 1). With the
/// Hartung–Knapp–Sidik–Jonkman adjustment (Hartung & Knapp 2001; Sidik & Jonkman 2002) the
/// variance becomes Σwᵢ(yᵢ − θ̂)²/((k − 1)Σwᵢ) and the reference distribution t(k − 1), with no
/// truncation (as metafor's `test = "knha"`); with k = 1 the z test is kept.
enum RandomEffects {
    /// τ²: DerSimonian–Laird from `q`, the heterogeneity statistic of the matching fixed-effect
    /// method (around the M-H estimate for RevMan's "M-H, Random"), or any other estimator from
    /// the effects themselves.
    static func tauFit(
        _ options: PoolOptions, _ included: [StudyEffect], q: Double, control: TauSquaredControl
    ) -> TauSquaredFit {
        options.tauMethod == .DL
            ? TauSquaredFit(tau2: TauSquared.dersimonianLaird(included, q: q))
            : TauSquared.estimate(options.tauMethod, included, control: control)
    }

    /// `studyRows: false` leaves out the per-study rows and notes (rows of a leave-one-out or
    /// cumulative analysis show only the summary).
    static func result(
        effects: [StudyEffect?], q: Double?, tauFit: TauSquaredFit, options: PoolOptions, control: TauSquaredControl,
        tables: [Table2x2]?, studyRows: Bool = true
    ) throws(PoolError) -> PoolResult {
        guard tauFit.converged, tauFit.tau2.isFinite else {
            throw .notConverged(method: options.tauMethod, iterations: tauFit.iterations)
        }
        let included = effects.present()
        let k = included.count
        let tau2 = tauFit.tau2
        let fit = InverseVariance.pool(included, tau2: tau2)
        let useT = options.hksj && k > 1
        var rss: Double? = nil
        if useT {
            var sum = 0.0
            for (w, e) in zip(fit.weights, included) { sum += w * (e.y - fit.estimate) * (e.y - fit.estimate) }
            rss = sum
        }
        let sums = Sums(
            k: k, estimate: fit.estimate, variance: fit.variance, knappHartungRSS: rss,
            typicalVariance: options.convention == .metafor && k > 1 ? typicalWithinVariance(included) : nil)
        var result = summary(sums, kAll: effects.count, q: q, tauFit: tauFit, options: options)
        if studyRows {
            result.notes += Summary.dataNotes(effects: effects, tables: tables)
            if options.tauMethod == .PM && tau2 > control.upperBound {
                result.notes.append(.searchIntervalWidened)
            }
            result.studies = Summary.rows(
                effects: effects, weights: effects.map { $0.map { 1 / ($0.v + tau2) } ?? 0 }, options: options)
            result.heterogeneityIntervals = heterogeneityIntervals(
                included, tau2: tau2, options: options, control: control)
            if k >= 2 && result.heterogeneityIntervals == nil {
                result.notes.append(.heterogeneityIntervalsNotConverged)
            }
        }
        return result
    }

    /// What a random-effects summary needs of its studies, however they were summed: k, the
    /// estimate Σwᵢyᵢ/Σwᵢ and its variance 1/Σwᵢ (wᵢ = 1/(vᵢ + τ²)), Σwᵢ(yᵢ − θ̂)² for the
    /// Knapp–Hartung test, and the typical within-study variance s² for metafor's I² and H².
    struct Sums {
        var k: Int
        var estimate: Double
        var variance: Double
        var knappHartungRSS: Double?
        var typicalVariance: Double?
    }

    /// The summary without per-study rows: test, interval, heterogeneity, prediction interval.
    static func summary(_ s: Sums, kAll: Int, q: Double?, tauFit: TauSquaredFit, options: PoolOptions) -> PoolResult {
        let tau2 = tauFit.tau2
        let (se, statistic, p, interval) =
            s.knappHartungRSS.map { knappHartungTest(s, rss: $0, options: options) }
            ?? {
                let se = s.variance.squareRoot()
                let (statistic, p, interval) = Summary.normalTest(estimate: s.estimate, se: se, options: options)
                return (se, statistic, p, interval)
            }()
        let useT = s.knappHartungRSS != nil
        var notes: [PoolNote] = []
        if useT && statistic == nil { notes.append(.knappHartungZeroVariance) }
        return PoolResult(
            options: options, k: s.k, kAll: kAll,
            estimate: s.estimate, standardError: se, interval: interval, statistic: statistic,
            pValue: p,
            heterogeneity: heterogeneity(
                q: q, k: s.k, tau2: tau2, typicalVariance: s.typicalVariance, options: options),
            tau2: tau2, tauFit: tauFit,
            prediction: prediction(estimate: s.estimate, se: se, tau2: tau2, k: s.k, useT: useT, options: options),
            studies: [], notes: notes)
    }

    /// The Hartung–Knapp–Sidik–Jonkman test: SE² = Σwᵢ(yᵢ − θ̂)²/((k − 1)Σwᵢ), t on k − 1 df.
    /// With identical estimates the SE is 0: the interval shrinks to the point and t = θ̂/0 has
    /// no value (metafor prints t = Inf, p = 0), so the statistic and p are nil.
    static func knappHartungTest(
        _ s: Sums, rss: Double, options: PoolOptions
    ) -> (se: Double, statistic: TestStatistic?, p: Double?, interval: Interval) {
        let se = (rss / Double(s.k - 1) * s.variance).squareRoot()
        let df = Double(s.k - 1)
        let half = StudentT.quantile(1 - (100 - options.level) / 200, df: df) * se
        let interval = Interval(lower: s.estimate - half, upper: s.estimate + half)
        guard se > 0 else { return (se, nil, nil, interval) }
        let t = s.estimate / se
        return (se, .t(t, df: df), StudentT.twoSidedP(t, df: df), interval)
    }

    /// Q-profile intervals for τ², I² and H². RevMan's I² comes from Q; the Q-profile interval
    /// is of the τ²-based I², the same quantity only for DerSimonian–Laird. Elsewhere under that
    /// convention it would not belong to the I² printed beside it (89% with [92%, 94%]), so the
    /// I² and H² intervals are left out.
    static func heterogeneityIntervals(
        _ included: [StudyEffect], tau2: Double, options: PoolOptions, control: TauSquaredControl
    ) -> HeterogeneityIntervals? {
        var intervals = QProfile.intervals(included, tau2: tau2, level: options.level, control: control)
        if options.convention == .revman && options.tauMethod != .DL {
            intervals?.i2 = nil
            intervals?.h2 = nil
        }
        return intervals
    }

    /// RevMan: I² from Q as for fixed effect. metafor: I² = 100·τ²/(τ² + s²) and H² = 1 + τ²/s²
    /// with the "typical" within-study variance s² = (k − 1)Σwᵢ/((Σwᵢ)² − Σwᵢ²), wᵢ = 1/vᵢ
    /// (Higgins & Thompson 2002, eq. 9).
    static func heterogeneity(
        q: Double?, k: Int, tau2: Double, typicalVariance: Double?, options: PoolOptions
    ) -> Heterogeneity {
        var h = Summary.heterogeneity(q: q, k: k, convention: options.convention)
        if options.convention == .metafor && k > 1, let s2 = typicalVariance {
            h.i2 = 100 * tau2 / (tau2 + s2)
            h.h2 = 1 + tau2 / s2
        }
        return h
    }

    /// s² = (k − 1)Σwᵢ/((Σwᵢ)² − Σwᵢ²), wᵢ = 1/vᵢ.
    /// Computed on power-of-two rescaled weights where Σwᵢ² would overflow (EffectScale).
    static func typicalWithinVariance(_ effects: [StudyEffect]) -> Double {
        let scale = EffectScale.forWeights(effects)
        var sumW = 0.0, sumW2 = 0.0
        for effect in scale.apply(effects) {
            let w = 1 / effect.v
            sumW += w
            sumW2 += w * w
        }
        return scale.varianceToData(typicalWithinVariance(k: effects.count, sumW: sumW, sumW2: sumW2))
    }

    /// s² from the sums Σwᵢ and Σwᵢ² of k studies.
    static func typicalWithinVariance(k: Int, sumW: Double, sumW2: Double) -> Double {
        Double(k - 1) * sumW / (sumW * sumW - sumW2)
    }

    /// Prediction interval for the effect in a new study.
    /// metafor: θ̂ ± c·√(SE² + τ²), c the normal quantile, or t(k − 1) under HKSJ.
    /// RevMan convention: θ̂ ± t(k − 2)·√(τ² + SE²) (Higgins, Thompson & Spiegelhalter 2009;
    /// Cochrane Handbook §10.10.4.3), unavailable when k < 3.
    static func prediction(
        estimate: Double, se: Double, tau2: Double, k: Int, useT: Bool, options: PoolOptions
    ) -> Interval? {
        let tail = (100 - options.level) / 200
        let critical: Double
        switch options.convention {
        case .metafor:
            critical = useT ? StudentT.quantile(1 - tail, df: Double(k - 1)) : options.normalCritical
        case .revman:
            guard k >= 3 else { return nil }
            critical = StudentT.quantile(1 - tail, df: Double(k - 2))
        }
        let half = critical * (se * se + tau2).squareRoot()
        return Interval(lower: estimate - half, upper: estimate + half)
    }
}
