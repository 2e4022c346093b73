/// A test statistic: z (normal reference) or t with its degrees of freedom.
public enum TestStatistic: Sendable, Hashable {
    case z(Double)
    case t(Double, df: Double)

    public var value: Double {
        switch self {
        case .z(let v), .t(let v, _): v
        }
    }
}

/// Heterogeneity of the study effects around the fixed-effect estimate.
public struct Heterogeneity: Sendable, Hashable {
    /// Cochran's Q (nil when the pooled estimate it is measured around is undefined).
    public var q: Double?
    /// k − 1.
    public var df: Int
    /// P(χ²_df > Q); nil where the convention reports "not applicable" (RevMan with df = 0).
    public var pValue: Double?
    /// I² in percent.
    public var i2: Double?
    /// H² = Q/df (fixed effect) or 1 + τ²/s² (random effects).
    public var h2: Double?

    /// I² = max(0, (Q − df)/Q)·100 (Higgins & Thompson 2002); 0 when Q is 0.
    public static func i2(q: Double, df: Int) -> Double {
        q > 0 ? max(0, (q - Double(df)) / q) * 100 : 0
    }

    public init(q: Double?, df: Int, pValue: Double?, i2: Double?, h2: Double?) {
        self.q = q
        self.df = df
        self.pValue = pValue
        self.i2 = i2
        self.h2 = h2
    }
}

/// A closed interval on the analysis scale.
public struct Interval: Sendable, Hashable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// One study's row in a pooled analysis, aligned with the input order.
public struct StudyRow: Sendable, Hashable {
    /// The study's effect on the analysis scale, nil when not estimable.
    public var effect: StudyEffect?
    /// The study's own confidence interval on the analysis scale.
    public var interval: Interval?
    /// Its share of the total weight, in percent (0 when it does not contribute).
    public var weightPercent: Double

    public init(effect: StudyEffect?, interval: Interval?, weightPercent: Double) {
        self.effect = effect
        self.interval = interval
        self.weightPercent = weightPercent
    }
}

/// Something the reader of a result must be told about how it was obtained.
public enum PoolNote: Sendable, Hashable {
    /// Studies without an estimate (e.g. no events in either arm) that were left out.
    case notEstimable(count: Int)
    /// Studies whose cells were continuity-corrected by adding 0.5.
    case continuityCorrected(count: Int)
    /// The Paule–Mandel root lay above metafor's search limit τ² = 100.
    case searchIntervalWidened
    /// The pooled estimate is undefined (e.g. M-H odds ratio with no events in one arm overall).
    case estimateUndefined
    /// The Q-profile root finder did not converge: the intervals for τ², I² and H² are left out.
    case heterogeneityIntervalsNotConverged
    /// The Knapp–Hartung standard error is 0 (the studies' estimates are all equal), so its t
    /// statistic is not defined.
    case knappHartungZeroVariance
}

/// The result of pooling one outcome under one set of options.
public struct PoolResult: Sendable, Hashable {
    public var options: PoolOptions
    /// Studies that contribute an estimate.
    public var k: Int
    /// Studies in the data, estimable or not.
    public var kAll: Int
    /// The pooled effect on the analysis scale (log scale for OR and RR), nil if undefined.
    public var estimate: Double?
    public var standardError: Double?
    public var interval: Interval?
    public var statistic: TestStatistic?
    public var pValue: Double?
    public var heterogeneity: Heterogeneity
    public var tau2: Double
    /// How τ² was found (random effects only).
    public var tauFit: TauSquaredFit?
    /// Q-profile confidence intervals for τ², I² and H² (random effects with k ≥ 2).
    public var heterogeneityIntervals: HeterogeneityIntervals?
    /// Prediction interval for a new study's effect (random effects only; nil if unavailable).
    public var prediction: Interval?
    public var studies: [StudyRow]
    public var notes: [PoolNote]

    public init(
        options: PoolOptions, k: Int, kAll: Int, estimate: Double?, standardError: Double?,
        interval: Interval?, statistic: TestStatistic?, pValue: Double?, heterogeneity: Heterogeneity,
        tau2: Double, tauFit: TauSquaredFit?, prediction: Interval?, studies: [StudyRow], notes: [PoolNote]
    ) {
        self.options = options
        self.k = k
        self.kAll = kAll
        self.estimate = estimate
        self.standardError = standardError
        self.interval = interval
        self.statistic = statistic
        self.pValue = pValue
        self.heterogeneity = heterogeneity
        self.tau2 = tau2
        self.tauFit = tauFit
        self.heterogeneityIntervals = nil
        self.prediction = prediction
        self.studies = studies
        self.notes = notes
    }
}

/// Why an analysis cannot be computed.
public enum PoolError: Error, Sendable, Hashable {
    /// No study of the outcome has an estimate under these options.
    case noEstimableStudy(total: Int)
    /// The options do not fit together or do not apply to this kind of data.
    case invalidOptions([OptionProblem])
    /// Trim-and-fill cannot be run on these studies.
    case trimAndFill(TrimAndFillProblem)
    /// An iterative estimator stopped without converging.
    case notConverged(method: TauSquaredMethod, iterations: Int)
    /// A study's own effect or variance is not a finite number (its variance underflows to 0,
    /// say): the study at `index` cannot be weighted.
    case degenerateStudy(index: Int)
    /// The data give no finite pooled estimate.
    case numericalFailure
    /// The user asked to stop (Ctrl-C in the REPL) before the analysis was done.
    case interrupted
}
