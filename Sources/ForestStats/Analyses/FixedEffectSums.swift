/// Additive accumulators of a fixed-effect analysis: inverse-variance sums (for the IV estimate
/// and Cochran's Q), Mantel–Haenszel sums and Peto sums. The summary of any set of studies is a
/// function of the sum of their contributions, so leave-one-out rows (prefix + suffix sums) and
/// cumulative rows (prefix sums) cost O(1) each after an O(k) pass.
struct FixedEffectSums: Sendable {
    /// Studies with an estimate.
    var k = 0
    /// Σwᵢ, Σwᵢdᵢ and Σwᵢdᵢ² with wᵢ = 1/vᵢ and dᵢ = yᵢ − c for a fixed centre c (centring keeps
    /// Q = Σwᵢ(yᵢ − θ)² free of cancellation when it is assembled from sums).
    var w = 0.0
    var wd = 0.0
    var wdd = 0.0
    /// Σwᵢ², for DerSimonian–Laird's tr P = Σwᵢ − Σwᵢ²/Σwᵢ and metafor's typical variance.
    var ww = 0.0
    var mantelHaenszel = MantelHaenszel()
    var peto = Peto()

    static func + (x: FixedEffectSums, y: FixedEffectSums) -> FixedEffectSums {
        var s = x
        s.k += y.k
        s.w += y.w
        s.wd += y.wd
        s.wdd += y.wdd
        s.ww += y.ww
        s.mantelHaenszel = s.mantelHaenszel + y.mantelHaenszel
        s.peto = s.peto + y.peto
        return s
    }
}

/// How one fixed-effect analysis turns studies into contributions and sums into a result.
struct FixedEffectModel: Sendable {
    let options: PoolOptions
    /// The centre c of the inverse-variance sums.
    let center: Double

    /// The inverse-variance fixed-effect estimate of the included effects is a good centre.
    init(options: PoolOptions, effects: [StudyEffect?]) {
        self.options = options
        let included = effects.present()
        self.center = included.isEmpty ? 0 : InverseVariance.pool(included).estimate
    }

    /// One study's contribution: its effect (nil when not estimable) and, for binary data, its
    /// table, used as the convention says (RevMan: corrected zero-cell tables, double-zero tables
    /// left out for OR and RR; metafor: raw counts of every table).
    func contribution(effect: StudyEffect?, counts: BinaryCounts?) -> FixedEffectSums {
        var s = FixedEffectSums()
        if let effect {
            let w = 1 / effect.v, d = effect.y - center
            s.k = 1
            s.w = w
            s.wd = w * d
            s.wdd = w * d * d
            s.ww = w * w
        }
        guard let counts else { return s }
        let raw = counts.table
        switch (options.method, options.convention) {
        case (.MH, .revman):
            if options.measure == .RD || !raw.isDoubleZero {
                s.mantelHaenszel = MantelHaenszel(raw.correctedIfZero(), point: raw)
            }
        case (.MH, .metafor):
            s.mantelHaenszel = MantelHaenszel(raw)
        case (.Peto, _):
            s.peto = Peto(raw)
        case (.IV, _):
            break
        }
        return s
    }

    /// The pooled fixed-effect estimate: M-H, Peto or inverse variance.
    func pooled(_ s: FixedEffectSums) -> StudyEffect? {
        switch options.method {
        case .MH:
            return s.mantelHaenszel.effect(
                options.measure, variance: options.convention == .revman ? .greenlandRobins : .sato)
        case .Peto:
            return s.peto.effect
        case .IV:
            return s.w > 0 ? StudyEffect(y: center + s.wd / s.w, v: 1 / s.w) : nil
        }
    }

    /// Cochran's Q of the included effects around θ (Peto: its own Q); 0 for one study, nil
    /// when θ is undefined.
    func q(_ s: FixedEffectSums, around theta: Double?) -> Double? {
        if options.method == .Peto { return s.peto.q }
        guard s.k > 1 else { return 0 }
        guard let theta else { return nil }
        let d = theta - center
        return max(0, s.wdd - 2 * d * s.wd + d * d * s.w)
    }

    /// The summary of a set of studies (no per-study rows), or nil when nothing is estimable.
    func summary(_ s: FixedEffectSums, kAll: Int) -> PoolResult? {
        guard s.k > 0 else { return nil }
        let theta = pooled(s)
        if options.method == .Peto && theta == nil { return nil }
        var heterogeneity = Summary.heterogeneity(q: q(s, around: theta?.y), k: s.k, convention: options.convention)
        if options.method == .Peto && options.convention == .metafor && s.peto.informative <= 1 {
            heterogeneity.pValue = 1
            heterogeneity.i2 = 0
            heterogeneity.h2 = 1
        }
        var result = PoolResult(
            options: options, k: s.k, kAll: kAll, estimate: nil, standardError: nil, interval: nil,
            statistic: nil, pValue: nil, heterogeneity: heterogeneity, tau2: 0, tauFit: nil, prediction: nil,
            studies: [], notes: theta == nil ? [.estimateUndefined] : [])
        if let theta {
            let se = theta.v.squareRoot()
            let (statistic, p, interval) = Summary.normalTest(estimate: theta.y, se: se, options: options)
            result.estimate = theta.y
            result.standardError = se
            result.interval = interval
            result.statistic = statistic
            result.pValue = p
        }
        return result
    }

    /// Per-study weights shown beside the analysis: M-H weights (RevMan: of the corrected
    /// tables), Peto's Vᵢ, or 1/vᵢ.
    func weight(effect: StudyEffect?, counts: BinaryCounts?) -> Double {
        switch options.method {
        case .IV:
            return effect.map { 1 / $0.v } ?? 0
        case .Peto:
            return counts.map { Peto.observedMinusExpected($0.table).variance } ?? 0
        case .MH:
            guard let raw = counts?.table else { return 0 }
            switch options.convention {
            case .revman:
                return options.measure == .RD || !raw.isDoubleZero
                    ? MantelHaenszel.weight(raw.correctedIfZero(), measure: options.measure) : 0
            case .metafor:
                return MantelHaenszel.weight(raw, measure: options.measure)
            }
        }
    }
}
