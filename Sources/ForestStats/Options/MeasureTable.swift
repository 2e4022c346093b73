/// The kinds of outcome data; which measures and methods apply is decided by the kind.
public enum DataKind: String, Sendable, Hashable, CaseIterable {
    case binary
    case continuous
    case generic
}

extension OutcomeData {
    public var kind: DataKind {
        switch self {
        case .binary: .binary
        case .continuous: .continuous
        case .generic: .generic
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
        }
    }

    /// The measures a kind of data takes, the default first (generic data are pooled as given).
    public static func allowed(for kind: DataKind) -> [EffectMeasure] {
        allCases.filter { $0.dataKind == kind }
    }

    /// What an analysis of `kind` pools when no measure is given: OR, MD, or the generic effect.
    public static func standard(for kind: DataKind) -> EffectMeasure { allowed(for: kind)[0] }

    /// The methods that pool the measure: M-H and inverse variance for every binary measure,
    /// Peto for the odds ratio only, inverse variance for everything else.
    public var allowedMethods: [PoolingMethod] {
        switch self {
        case .OR: [.MH, .IV, .Peto]
        case .RR, .RD: [.MH, .IV]
        case .MD, .SMD, .GEN: [.IV]
        }
    }
}

extension EffectMeasure {
    /// Each study's own effect and variance under this measure — the effect function of the
    /// table (nil: not estimable). Binary data: log OR, log RR or RD with the convention's
    /// zero-cell rule; continuous: MD, or Hedges' g as RevMan or metafor computes it; generic:
    /// the estimate and SE² as given.
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
        }
    }
}

extension PoolingMethod {
    /// The methods some measure of `kind` allows (binary: MH, IV, Peto; otherwise IV).
    public static func allowed(for kind: DataKind) -> [PoolingMethod] {
        allCases.filter { method in EffectMeasure.allowed(for: kind).contains { $0.allowedMethods.contains(method) } }
    }

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
