import CMath

/// Duval & Tweedie's (2000, Biometrics 56:455–463) trim-and-fill method with the L₀ estimator,
/// as metafor's `trimfill` runs it:
///
/// 1. The side with missing studies is opposite to the sign of the slope of the meta-regression
///    yᵢ ~ √vᵢ fitted with the analysis's own model (negative slope: missing on the right).
/// 2. With the effects flipped so that the missing side is on the left and sorted, repeat until
///    k₀ is stable: pool the k − k₀ smallest, rank |yᵢ − θ̂| (ties by order), S_r = the sum of
///    the ranks of the positive deviations, k₀ = max(0, round((4S_r − k(k + 1))/(2k − 1))).
/// 3. Mirror the k₀ most extreme studies around θ̂ (2θ̂ − yᵢ, same variance) and pool all k + k₀.
public struct TrimAndFillResult: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable {
        case left
        case right
    }

    /// Duval & Tweedie's estimators of the number of missing studies.
    public enum Estimator: String, Sendable, Hashable {
        /// L₀ = (4·S_r − k(k + 1))/(2k − 1), S_r the sum of the positive signed ranks.
        case L0
        /// R₀ = γ* − 1, γ* the length of the rightmost run of positive ranks: k minus the largest
        /// rank of a negative centred value, minus 1.
        case R0
    }

    /// Estimated number of missing studies.
    public var k0: Int
    public var side: Side
    /// The analysis of the observed and the filled studies together (its `k` includes the fills).
    public var result: PoolResult
    /// The filled studies' effects.
    public var filled: [StudyEffect]
    public var estimator: Estimator = .L0
    /// Whether the side was given (`side`) rather than chosen from the data.
    public var sideGiven = false
}

/// Why trim-and-fill cannot be run.
public enum TrimAndFillProblem: Sendable, Hashable {
    case tooFewStudies(needed: Int)
    /// Every study has the same standard error: the funnel has no asymmetry to measure.
    case precisionsDoNotVary
}

public enum TrimAndFill {
    /// `side` nil: chosen from the sign of the slope of yᵢ ~ √vᵢ (metafor's default).
    public static func analyze(
        _ effects: [StudyEffect], options: PoolOptions, estimator: TrimAndFillResult.Estimator = .L0,
        side chosen: TrimAndFillResult.Side? = nil, control: TauSquaredControl = TauSquaredControl()
    ) throws(PoolError) -> TrimAndFillResult {
        guard effects.count >= 3 else { throw .trimAndFill(.tooFewStudies(needed: 3)) }
        guard precisionsVary(effects) else { throw .trimAndFill(.precisionsDoNotVary) }
        let side: TrimAndFillResult.Side
        if let chosen { side = chosen } else { side = try missingSide(effects, options: options, control: control) }
        let sign: Double = side == .right ? -1 : 1
        // Stable sort of the flipped effects.
        let order = effects.indices.sorted { (sign * effects[$0].y, $0) < (sign * effects[$1].y, $1) }
        let y = order.map { sign * effects[$0].y }
        let sorted = order.map { StudyEffect(y: sign * effects[$0].y, v: effects[$0].v) }
        let k = effects.count
        var k0 = 0, previous = -1, iterations = 0
        var center = 0.0
        while k0 != previous {
            previous = k0
            iterations += 1
            guard iterations <= control.maxIterations else {
                throw .notConverged(method: options.tauMethod, iterations: iterations)
            }
            center = try estimate(Array(sorted[0..<(k - k0)]), options: options, control: control)
            let deviations = y.map { $0 - center }
            let ranks = ranksOfAbsoluteValues(deviations)
            let estimate: Double
            switch estimator {
            case .L0:
                let sr = zip(deviations, ranks).reduce(0.0) { $0 + ($1.0 > 0 ? Double($1.1) : 0) }
                estimate = (4 * sr - Double(k * (k + 1))) / Double(2 * k - 1)
            case .R0:
                let largestNegative = zip(deviations, ranks).filter { $0.0 < 0 }.map(\.1).max() ?? 0
                estimate = Double(k - largestNegative - 1)
            }
            k0 = max(0, Int(estimate.rounded(.toNearestOrEven)))
        }
        let filled = sorted[(k - k0)...].map { StudyEffect(y: sign * (2 * center - $0.y), v: $0.v) }
        let all = effects + filled
        let result = try MetaAnalysis.pool(
            .generic(all.map { GenericEffect(estimate: $0.y, standardError: $0.v.squareRoot()) }),
            options: generic(options), control: control)
        return TrimAndFillResult(
            k0: k0, side: side, result: result, filled: Array(filled), estimator: estimator, sideGiven: chosen != nil)
    }

    /// Inverse-variance analysis of effects given on their analysis scale.
    private static func generic(_ options: PoolOptions) -> PoolOptions {
        var o = options
        o.measure = .GEN
        o.method = .IV
        return o
    }

    private static func estimate(
        _ effects: [StudyEffect], options: PoolOptions, control: TauSquaredControl
    ) throws(PoolError) -> Double {
        let data = OutcomeData.generic(effects.map { GenericEffect(estimate: $0.y, standardError: $0.v.squareRoot()) })
        guard let estimate = try MetaAnalysis.pool(data, options: generic(options), control: control).estimate else {
            throw .noEstimableStudy(total: effects.count)
        }
        return estimate
    }

    /// The standard errors are not all the same (to 10⁻⁹ relative): a regression on them, or a
    /// funnel, has something to show.
    public static func precisionsVary(_ effects: [StudyEffect]) -> Bool {
        let se = effects.map { $0.v.squareRoot() }
        guard let lo = se.min(), let hi = se.max() else { return false }
        return hi - lo > 1e-9 * hi
    }

    /// The side opposite to the slope of yᵢ ~ √vᵢ under the analysis's model.
    static func missingSide(
        _ effects: [StudyEffect], options: PoolOptions, control: TauSquaredControl
    ) throws(PoolError) -> TrimAndFillResult.Side {
        let design = Design(rows: effects.map { [1.0, $0.v.squareRoot()] })
        var tau2 = 0.0
        if options.model == .random {
            let fit = TauSquared.estimate(options.tauMethod, effects, design: design, control: control)
            guard fit.converged else { throw .notConverged(method: options.tauMethod, iterations: fit.iterations) }
            tau2 = fit.tau2
        }
        guard
            let fit = WeightedLeastSquares(
                y: effects.map(\.y), weights: effects.map { 1 / ($0.v + tau2) }, design: design)
        else {
            throw .trimAndFill(.precisionsDoNotVary)
        }
        return fit.coefficients[1] < 0 ? .right : .left
    }

    /// Ranks 1…k of |xᵢ|, ties broken by position (R's `rank(ties.method = "first")`).
    static func ranksOfAbsoluteValues(_ x: [Double]) -> [Int] {
        let order = x.indices.sorted { (abs(x[$0]), $0) < (abs(x[$1]), $1) }
        var ranks = Array(repeating: 0, count: x.count)
        for (rank, index) in order.enumerated() { ranks[index] = rank + 1 }
        return ranks
    }
}
