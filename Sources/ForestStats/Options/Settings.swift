/// The effect measure an analysis pools.
public enum EffectMeasure: String, Sendable, CaseIterable, Codable {
    // The order within a kind of data is the table's: its first measure is the default.

    /// Odds ratio (binary data), pooled on the log scale.
    case OR
    /// Risk ratio (binary data), pooled on the log scale.
    case RR
    /// Risk difference (binary data).
    case RD
    /// Mean difference (continuous data).
    case MD
    /// Standardised mean difference, Hedges' g (continuous data).
    case SMD
    /// A generic effect given on its analysis scale with its standard error.
    case GEN
    /// Hazard ratio from O − E and variance data: exp((O − E)/V) (log-rank statistics).
    case HR
    /// Peto odds ratio from O − E and variance data: exp((O − E)/V).
    case POR
    /// A proportion, pooled as its logit and shown back-transformed (single groups).
    case PLO
    /// A proportion, pooled as it is.
    case PR
    /// A proportion, pooled as its Freeman–Tukey double arcsine and shown back-transformed.
    case PFT
    /// Incidence rate ratio (events and person-time per arm), pooled on the log scale.
    case IRR
    /// Incidence rate difference.
    case IRD
    /// A correlation, pooled as Fisher's z and shown back-transformed.
    case ZCOR
    /// A correlation, pooled as it is.
    case COR

    /// Ratio measures are pooled as logarithms and shown exponentiated.
    public var isRatio: Bool { [.OR, .RR, .HR, .POR, .IRR].contains(self) }

    /// The name RevMan prints in a forest-plot header.
    public var displayName: String {
        switch self {
        case .OR: "Odds Ratio"
        case .RR: "Risk Ratio"
        case .RD: "Risk Difference"
        case .MD: "Mean Difference"
        case .SMD: "Std. Mean Difference"
        case .GEN: "Estimate"
        case .HR: "Hazard Ratio"
        case .POR: "Peto Odds Ratio"
        case .PLO, .PR, .PFT: "Proportion"
        case .IRR: "Rate Ratio"
        case .IRD: "Rate Difference"
        case .ZCOR, .COR: "Correlation"
        }
    }
}

/// How study results are combined.
public enum PoolingMethod: String, Sendable, CaseIterable, Codable {
    /// Mantel–Haenszel (binary data).
    case MH
    /// Inverse variance.
    case IV
    /// Peto's one-step odds ratio (binary data, OR only).
    case Peto
}

/// Fixed-effect (common-effect) or random-effects model.
public enum EffectModel: String, Sendable, CaseIterable, Codable {
    case fixed
    case random
}

/// Estimators of the between-study variance τ².
public enum TauSquaredMethod: String, Sendable, CaseIterable, Codable {
    /// DerSimonian & Laird (1986), method of moments.
    case DL
    /// Restricted maximum likelihood.
    case REML
    /// Maximum likelihood.
    case ML
    /// Paule & Mandel (1982).
    case PM
    /// Hedges (1983), Hedges & Olkin (1985).
    case HE
    /// Sidik & Jonkman (2005).
    case SJ
    /// Empirical Bayes (Morris 1983; Berkey et al. 1995).
    case EB

    /// Estimators solved by iteration (their results carry a looser tolerance).
    public var isIterative: Bool {
        switch self {
        case .DL, .HE: false
        case .REML, .ML, .PM, .SJ, .EB: true
        }
    }
}

/// Which program's conventions to reproduce where RevMan 5 and metafor differ.
public enum Convention: String, Sendable, CaseIterable, Codable {
    /// Review Manager 5 (Deeks & Higgins 2010, *Statistical algorithms in Review Manager 5*).
    case revman
    /// R's metafor (Viechtbauer 2010) with its default arguments.
    case metafor
}

/// Everything that decides how one `pool` is computed.
public struct PoolOptions: Sendable, Hashable {
    public var measure: EffectMeasure
    public var method: PoolingMethod
    public var model: EffectModel
    /// Used only when `model == .random`.
    public var tauMethod: TauSquaredMethod
    /// Hartung–Knapp–Sidik–Jonkman adjustment (random effects only).
    public var hksj: Bool
    /// Confidence level in percent, e.g. 95.
    public var level: Double {
        didSet { normalCritical = PoolOptions.critical(level) }
    }
    public var convention: Convention

    public init(
        measure: EffectMeasure, method: PoolingMethod, model: EffectModel = .fixed,
        tauMethod: TauSquaredMethod = .DL, hksj: Bool = false, level: Double = 95,
        convention: Convention = .revman
    ) {
        self.measure = measure
        self.method = method
        self.model = model
        self.tauMethod = tauMethod
        self.hksj = hksj
        self.level = level
        self.convention = convention
        self.normalCritical = PoolOptions.critical(level)
    }

    /// The two-sided normal critical value for `level`, e.g. 1.959964 for 95% (computed once:
    /// every study's interval uses it).
    public private(set) var normalCritical: Double

    /// z₁₋α/₂ = −Φ⁻¹(α/2) with α/2 = (100 − level)/200, exactly 0.025 for 95%.
    static func critical(_ level: Double) -> Double { -Normal.quantile((100 - level) / 200) }
}
