import CMath

/// How an effect on the analysis scale is shown: exponentiated (ratios), back-transformed
/// (proportions, correlations), or as it is.
public enum NaturalScale: Sendable, Hashable {
    case identity
    /// exp y: odds, risk, hazard and rate ratios, and generic effects declared `scale log`.
    case exponential
    /// 1/(1 + e^−y): a logit proportion.
    case inverseLogit
    /// tanh y: Fisher's z as a correlation.
    case inverseFisherZ
    /// Miller's (1978) inverse of the double arcsine for a group of size n: a study's own n for
    /// its row, the harmonic mean of the studies' n for a pooled value (metafor's
    /// `transf.ipft.hm`).
    case inverseFreemanTukey(n: Double)

    /// The scale a measure is shown on (`logScale`: a generic outcome declared `scale log`;
    /// `sizes`: the studies' sizes, whose harmonic mean back-transforms a pooled PFT).
    public init(measure: EffectMeasure, logScale: Bool, sizes: [Double] = []) {
        switch measure {
        case _ where measure.isRatio: self = .exponential
        case .GEN: self = logScale ? .exponential : .identity
        case .PLO: self = .inverseLogit
        case .ZCOR: self = .inverseFisherZ
        case .PFT: self = .inverseFreemanTukey(n: NaturalScale.harmonicMean(sizes))
        default: self = .identity
        }
    }

    /// The values are logarithms, shown exponentiated (and drawn on a log axis).
    public var isLog: Bool { self == .exponential }

    /// The value shown for y.
    public func natural(_ y: Double) -> Double {
        switch self {
        case .identity: y
        case .exponential: exp(y)
        case .inverseLogit: 1 / (1 + exp(-y))
        case .inverseFisherZ: tanh(y)
        case .inverseFreemanTukey(let n): ProportionEffects.inverseFreemanTukey(y, n: n)
        }
    }

    /// An interval shown on this scale (every back-transformation is increasing).
    public func interval(_ i: Interval) -> Interval {
        Interval(lower: natural(i.lower), upper: natural(i.upper))
    }

    /// The value on the analysis scale that is shown as `x` — the inverse of `natural` (the
    /// double arcsine of the proportion x in a group of n, which Miller's inverse undoes only
    /// approximately); nil where the scale has no such value (a ratio of 0 or less, a
    /// proportion outside 0–1 or of exactly 0 or 1 as a logit, a correlation of ±1 or beyond).
    public func analysisValue(_ x: Double) -> Double? {
        switch self {
        case .identity: return x
        case .exponential: return x > 0 ? log(x) : nil
        case .inverseLogit: return x > 0 && x < 1 ? log(x / (1 - x)) : nil
        case .inverseFisherZ: return abs(x) < 1 ? atanh(x) : nil
        case .inverseFreemanTukey(let n): return x >= 0 && x <= 1 ? ProportionEffects.freemanTukey(x * n, n) : nil
        }
    }

    /// The same scale for one study of size n (only the double arcsine depends on it).
    public func forStudy(size: Double?) -> NaturalScale {
        if case .inverseFreemanTukey = self, let size { return .inverseFreemanTukey(n: size) }
        return self
    }

    /// n / Σ(1/nᵢ); 0 for no sizes.
    static func harmonicMean(_ sizes: [Double]) -> Double {
        sizes.isEmpty ? 0 : Double(sizes.count) / sizes.reduce(0) { $0 + 1 / $1 }
    }
}
