/// The kinds of outcome data; which measures and methods apply is decided by the kind.
public enum DataKind: String, Sendable, Hashable, CaseIterable {
    case binary
    case continuous
    case generic
    /// RevMan's "O − E and variance".
    case observedMinusExpected = "O-E"
    /// Single groups' events out of their size.
    case proportion
    /// Events and person-time per arm.
    case rate
    /// Correlation coefficients and sample sizes.
    case correlation
}

extension OutcomeData {
    public var kind: DataKind {
        switch self {
        case .binary: .binary
        case .continuous: .continuous
        case .generic: .generic
        case .observedMinusExpected: .observedMinusExpected
        case .proportion: .proportion
        case .rate: .rate
        case .correlation: .correlation
        }
    }
}

/// The one table of effect measures: the kind of data each one takes, the methods that pool
/// it, its names. Every rule about which measure goes with which data or method is read here.
extension EffectMeasure {
    /// The kind of data the measure is computed from.
    public var dataKind: DataKind {
        switch self {
        case .OR, .RR, .RD: .binary
        case .MD, .SMD: .continuous
        case .GEN: .generic
        case .HR, .POR: .observedMinusExpected
        case .PLO, .PR, .PFT: .proportion
        case .IRR, .IRD: .rate
        case .ZCOR, .COR: .correlation
        }
    }

    /// The measures a kind of data takes, the default first (generic data are pooled as given).
    public static func allowed(for kind: DataKind) -> [EffectMeasure] {
        measuresOfKind[kind] ?? []
    }

    /// `allowed(for:)` of each kind, made once (every analysis asks).
    private static let measuresOfKind = Dictionary(
        uniqueKeysWithValues: DataKind.allCases.map { kind in (kind, allCases.filter { $0.dataKind == kind }) })

    /// What an analysis of `kind` pools when no measure is given: OR, MD, the generic effect,
    /// HR (O − E), the logit proportion, IRR, or Fisher's z.
    public static func standard(for kind: DataKind) -> EffectMeasure { allowed(for: kind)[0] }

    /// The methods that pool the measure: M-H and inverse variance for every binary measure,
    /// Peto for the odds ratio only, inverse variance for everything else.
    public var allowedMethods: [PoolingMethod] {
        switch self {
        case .OR: [.MH, .IV, .Peto]
        case .RR, .RD: [.MH, .IV]
        case .MD, .SMD, .GEN, .HR, .POR, .PLO, .PR, .PFT, .IRR, .IRD, .ZCOR, .COR: [.IV]
        }
    }
}

extension EffectMeasure {
    /// Each study's own effect and variance under this measure — the effect function of the
    /// table (nil: not estimable). Binary data: log OR, log RR or RD with the convention's
    /// zero-cell rule; continuous: MD, or Hedges' g as RevMan or metafor computes it; generic:
    /// the estimate and SE² as given; O − E data: (O − E)/V and 1/V (Deeks & Higgins 2010);
    /// proportions, rates and correlations as metafor's `escalc` (`add = 1/2, to = "only0"`).
    public func effects(_ data: OutcomeData, convention: Convention) -> [StudyEffect?] {
        switch data {
        case .binary(let rows):
            let rule: BinaryEffects.ZeroCellRule = convention == .revman ? .revman : .metaforKeepDoubleZero
            return rows.map { BinaryEffects.effect($0, measure: self, rule: rule) }
        case .continuous(let rows):
            return rows.map { arms in
                switch (self, convention) {
                case (.SMD, .revman): ContinuousEffects.hedgesGRevMan(arms)
                case (.SMD, .metafor): ContinuousEffects.hedgesGMetafor(arms)
                default: ContinuousEffects.meanDifference(arms)
                }
            }
        case .generic(let rows):
            return rows.map { StudyEffect(y: $0.estimate, v: $0.standardError * $0.standardError) }
        case .observedMinusExpected(let rows):
            return rows.map { StudyEffect(y: $0.oMinusE / $0.variance, v: 1 / $0.variance) }
        case .proportion(let rows):
            return rows.map { ProportionEffects.effect($0, measure: self) }
        case .rate(let rows):
            return rows.map { RateEffects.effect($0, measure: self) }
        case .correlation(let rows):
            return rows.map { CorrelationEffects.effect($0, measure: self) }
        }
    }
}

extension PoolingMethod {
    /// The methods some measure of `kind` allows (binary: MH, IV, Peto; otherwise IV).
    public static func allowed(for kind: DataKind) -> [PoolingMethod] {
        methodsOfKind[kind] ?? []
    }

    /// `allowed(for:)` of each kind, made once (every analysis asks).
    private static let methodsOfKind = Dictionary(
        uniqueKeysWithValues: DataKind.allCases.map { kind in
            (
                kind,
                allCases.filter { method in
                    EffectMeasure.allowed(for: kind).contains { $0.allowedMethods.contains(method) }
                }
            )
        })

    /// What an analysis of `kind` pools by when no method is given: M-H for binary data.
    public static func standard(for kind: DataKind) -> PoolingMethod { allowed(for: kind)[0] }
}

/// How the studies of an analysis are weighted, decided once from its options.
public enum Weighting: Sendable, Hashable {
    /// Mantel–Haenszel: the fixed-effect model, and RevMan's "M-H, Random" (convention revman,
    /// τ² by DerSimonian–Laird from the M-H heterogeneity statistic).
    case mantelHaenszel
    /// Peto's one-step odds ratio (fixed effect only).
    case peto
    /// Inverse variance, 1/vᵢ or 1/(vᵢ + τ²).
    case inverseVariance
}

extension PoolOptions {
    /// The weighting these options pool with. M-H weights pool the fixed-effect model and
    /// RevMan's "M-H, Random"; any other random-effects model is an inverse-variance one.
    public var weighting: Weighting {
        switch method {
        case .Peto: .peto
        case .MH where model == .fixed || (convention == .revman && tauMethod == .DL): .mantelHaenszel
        case .MH, .IV: .inverseVariance
        }
    }
}
