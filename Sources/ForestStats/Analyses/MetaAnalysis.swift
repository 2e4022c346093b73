/// Pooling of one outcome: the entry point of the statistics core.
///
/// `pool` checks that the options fit the data, then hands over to the Mantel–Haenszel, Peto or
/// inverse-variance analysis. Which conventions apply where is documented in docs/methods.md.
public enum MetaAnalysis {
    public static func pool(
        _ data: OutcomeData, options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    ) throws(PoolError) -> PoolResult {
        try MetaAnalysisFit(data, options: options, control: control).result
    }

    /// Pools checked effects: M-H or Peto on the tables, else inverse variance.
    static func result(
        _ data: OutcomeData, effects: [StudyEffect?], options: PoolOptions, control: TauSquaredControl
    ) throws(PoolError) -> PoolResult {
        let result: PoolResult
        switch (data, options.weighting) {
        case (.binary(let rows), .mantelHaenszel), (.binary(let rows), .peto):
            result = try FixedEffectAnalysis.pool(effects: effects, counts: rows, options: options, control: control)
        default:
            if options.model == .fixed {
                result = try FixedEffectAnalysis.pool(effects: effects, counts: nil, options: options, control: control)
            } else {
                result = try InverseVarianceAnalysis.random(effects, options: options, control: control)
            }
        }
        let finite = [
            result.estimate, result.standardError, result.interval?.lower, result.interval?.upper,
            result.heterogeneity.q, result.tau2,
        ].allSatisfy { $0?.isFinite ?? true }
        guard finite else { throw .numericalFailure }
        return result
    }

    /// Throws the problems of options that do not fit the data (`PoolOptions.problems(for:)`).
    public static func validate(_ data: OutcomeData, _ options: PoolOptions) throws(PoolError) {
        let problems = options.problems(for: data.kind)
        guard problems.isEmpty else { throw .invalidOptions(problems) }
    }
}
