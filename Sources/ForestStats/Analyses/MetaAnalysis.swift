/// Pooling of one outcome: the entry point of the statistics core.
///
/// `pool` checks that the options fit the data, then hands over to the Mantel–Haenszel, Peto or
/// inverse-variance analysis. Which conventions apply where is documented in docs/methods.md.
public enum MetaAnalysis {
    public static func pool(
        _ data: OutcomeData, options: PoolOptions, control: TauSquaredControl = TauSquaredControl()
    ) throws(PoolError) -> PoolResult {
        try validate(data, options)
        let effects = StudyEffects.pooled(data, options: options)
        try StudyEffects.check(effects)
        let result: PoolResult
        switch data {
        case .binary(let rows)
        where options.method == .Peto || (options.method == .MH && usesMantelHaenszelPooling(options)):
            result = try FixedEffectAnalysis.pool(effects: effects, counts: rows, options: options)
        default:
            if options.model == .fixed {
                result = try FixedEffectAnalysis.pool(effects: effects, counts: nil, options: options)
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

    /// M-H weights pool the fixed-effect model, and RevMan's "M-H, Random" derives its
    /// DerSimonian–Laird τ² from the M-H heterogeneity statistic. Every other random-effects
    /// model is an inverse-variance one.
    static func usesMantelHaenszelPooling(_ options: PoolOptions) -> Bool {
        options.model == .fixed || (options.convention == .revman && options.tauMethod == .DL)
    }

    /// The measures each data type allows and the methods each measure allows.
    public static func validate(_ data: OutcomeData, _ options: PoolOptions) throws(PoolError) {
        let measure = options.measure
        switch data {
        case .binary:
            guard [.OR, .RR, .RD].contains(measure) else {
                throw .unsupported("measure \(measure.rawValue) needs continuous data; binary data take OR, RR or RD")
            }
        case .continuous:
            guard [.MD, .SMD].contains(measure) else {
                throw .unsupported("measure \(measure.rawValue) needs binary data; continuous data take MD or SMD")
            }
            guard options.method == .IV else {
                throw .unsupported(
                    "method \(options.method.rawValue) applies to binary data; continuous data are pooled by inverse variance (method IV)"
                )
            }
        case .generic:
            guard measure == .GEN else {
                throw .unsupported(
                    "generic (estimate and SE) data are pooled as given; measure \(measure.rawValue) does not apply")
            }
            guard options.method == .IV else {
                throw .unsupported(
                    "method \(options.method.rawValue) applies to binary data; generic data are pooled by inverse variance (method IV)"
                )
            }
        }
        if options.method == .Peto {
            guard measure == .OR else {
                throw .unsupported(
                    "Peto's method estimates odds ratios only; use measure OR, or method MH or IV for \(measure.rawValue)"
                )
            }
            guard options.model == .fixed else {
                throw .unsupported(
                    "Peto's method is a fixed-effect method; use method MH or IV for a random-effects model")
            }
        }
        guard options.level > 0 && options.level < 100 else {
            throw .unsupported("level must lie strictly between 0 and 100")
        }
    }
}
