/// A fitted meta-analysis, modelled on metafor's `rma` object: the data, the options, each
/// study's effect as this analysis computes it, and the pooled result — with the analyses
/// derived from the same fit (leave-one-out, cumulative, subgroups, the small-study tests) as
/// its methods, so that none of them derives the effects and weights again.
public struct MetaAnalysisFit: Sendable, Hashable {
    public let data: OutcomeData
    public let options: PoolOptions
    public let control: TauSquaredControl
    /// Each study's effect as the analysis pools and shows it, aligned with `data` (nil: not
    /// estimable, left out).
    public let effects: [StudyEffect?]
    public let result: PoolResult

    /// Checks that the options fit the data, computes the study effects and pools them.
    public init(
        _ data: OutcomeData, options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    )
        throws(PoolError)
    {
        try MetaAnalysis.validate(data, options)
        let effects = StudyEffects.pooled(data, options: options)
        try StudyEffects.check(effects)
        self.data = data
        self.options = options
        self.control = control
        self.effects = effects
        self.result = try MetaAnalysis.result(data, effects: effects, options: options, control: control)
    }

    /// The same analysis on each study's omission (row i omits study i), or on the omission
    /// of each group of consecutive rows (the rows of one study).
    public func leaveOneOut(groups: [Range<Int>]? = nil) throws(PoolError) -> [Sequences.Row] {
        try Sequences.leaveOneOut(self, groups: groups)
    }

    /// The same analysis on the first 1, 2, …, k studies of `order` (indices into `data`).
    public func cumulative(order: [Int]) throws(PoolError) -> [Sequences.Row] {
        try Sequences.cumulative(self, order: order)
    }

    /// Each group of studies (indices into `data`) pooled on its own, and the test for
    /// subgroup differences; this fit is the overall analysis.
    public func subgroups(_ groups: [[Int]]) throws(PoolError) -> SubgroupResult {
        try Subgroups.analyze(data, groups: groups, options: options, control: control, overall: result)
    }

    /// The effects the small-study tests use (estimable studies only; see `BiasTests`).
    public func smallStudyEffects() throws(PoolError) -> [StudyEffect] {
        try BiasTests.effects(data, options: options)
    }

    /// The small-study effects with each study's total size (nil for generic data).
    public func smallStudyEffectsAndSizes() throws(PoolError) -> (effects: [StudyEffect], sizes: [Double])? {
        try BiasTests.effectsAndSizes(data, options: options)
    }

    /// Trim-and-fill on the inverse-variance effects with this fit's model (L₀ and the side
    /// from the data unless given).
    public func trimAndFill(
        estimator: TrimAndFillResult.Estimator = .L0, side: TrimAndFillResult.Side? = nil
    ) throws(PoolError) -> TrimAndFillResult {
        var inverseVariance = options
        inverseVariance.method = .IV
        return try TrimAndFill.analyze(
            BiasTests.effects(data, options: inverseVariance), options: inverseVariance, estimator: estimator,
            side: side, control: control)
    }
}
