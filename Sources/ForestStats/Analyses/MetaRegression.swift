import CMath

/// A meta-regression: the mixed-effects model yᵢ = xᵢᵀβ + uᵢ + εᵢ, uᵢ ~ N(0, τ²),
/// εᵢ ~ N(0, vᵢ) (τ² = 0 for the fixed-effect model), as metafor's `rma.uni(yi, vi, mods = …)`
/// fits it (Viechtbauer 2010, J. Stat. Softw. 36(3); Thompson & Higgins 2002, Stat. Med.
/// 21:1559–1573).
///
/// With wᵢ = 1/(vᵢ + τ²̂) and W = diag(wᵢ):
///   β̂ = (XᵀWX)⁻¹XᵀWy, Var(β̂) = (XᵀWX)⁻¹, tested with z = β̂ⱼ/SEⱼ against N(0, 1);
///   Knapp–Hartung (`hksj`; Knapp & Hartung 2003, Stat. Med. 22:2693–2710): Var(β̂) scaled by
///   s² = yᵀP(τ²̂)y/(k − p), t on k − p df (no truncation of s², as metafor);
///   QE = yᵀP₀y with P₀ = W₀ − W₀X(XᵀW₀X)⁻¹XᵀW₀, W₀ = diag(1/vᵢ): χ²(k − p), the test for
///   residual heterogeneity;
///   QM = β̂₂ᵀVar(β̂₂)⁻¹β̂₂ over the m coefficients after the intercept: χ²(m), or with
///   Knapp–Hartung F = QM/m on (m, k − p) df — the omnibus test of the moderators;
///   random effects: I² = 100·τ²/(τ² + s²), H² = (τ² + s²)/s², s² = (k − p)/tr P₀ (the
///   "typical" within-study variance); fixed effect: I² = 100·max(0, (QE − (k − p))/QE),
///   H² = QE/(k − p);
///   R² = 100·max(0, (τ²₀ − τ²)/τ²₀), τ²₀ from the model without moderators with the same
///   estimator (Raudenbush 2009; metafor's pseudo-R²), random effects only.
public enum MetaRegression {
    /// One coefficient of the fitted model, on the analysis scale.
    public struct Coefficient: Sendable, Hashable {
        public var name: String
        public var estimate: Double
        public var standardError: Double
        /// z, or t on k − p df under Knapp–Hartung.
        public var statistic: Double
        public var pValue: Double
        public var interval: Interval
    }

    public struct Result: Sendable, Hashable {
        public var options: PoolOptions
        public var k: Int
        public var coefficients: [Coefficient]
        /// Var(β̂), p×p (scaled by s² under Knapp–Hartung): for the fitted line's band.
        public var covariance: [[Double]]
        /// k − p when the tests are t and F (Knapp–Hartung), else nil.
        public var tDF: Int?
        public var tauFit: TauSquaredFit
        public var tau2: Double { tauFit.tau2 }
        public var i2: Double
        public var h2: Double
        /// Random effects only; nil when τ² of the model without moderators is 0.
        public var r2: Double?
        public var qe: Double
        public var qeDF: Int
        public var qeP: Double
        public var qm: Double
        public var qmDF: Int
        /// The F test's second df (Knapp–Hartung), else nil.
        public var qmDF2: Int?
        public var qmP: Double
    }

    public enum Failure: Error, Sendable, Hashable {
        /// k ≤ p: no residual degrees of freedom.
        case tooFewStudies(k: Int, coefficients: Int)
        /// XᵀWX is singular: a moderator that does not vary, or moderators that are collinear.
        case singularDesign
        case notConverged(method: TauSquaredMethod, iterations: Int)
    }

    /// Each study's effect as the model takes it (inverse-variance effects, with the
    /// convention's zero-cell rules), nil for a study without one; in the studies' order.
    public static func studyEffects(_ data: OutcomeData, options: PoolOptions) throws(PoolError) -> [StudyEffect?] {
        var inverseVariance = options
        inverseVariance.method = .IV
        try MetaAnalysis.validate(data, inverseVariance)
        return StudyEffects.forInverseVariance(data, options: inverseVariance)
    }

    /// Fits `effects` on `design` (its first column the intercept, named by `names`).
    public static func fit(
        _ effects: [StudyEffect], design: Design, names: [String], options: PoolOptions,
        control: TauSquaredControl = TauSquaredControl()
    ) throws(Failure) -> Result {
        let k = effects.count, p = design.columns
        guard k > p else { throw .tooFewStudies(k: k, coefficients: p) }
        let y = effects.map(\.y)
        guard let fixed = WeightedLeastSquares(y: y, weights: effects.map { 1 / $0.v }, design: design) else {
            throw .singularDesign
        }
        let random = options.model == .random
        let tauFit =
            random
            ? TauSquared.estimate(options.tauMethod, effects, design: design, control: control)
            : TauSquaredFit(tau2: 0)
        guard tauFit.converged, tauFit.tau2.isFinite else {
            throw .notConverged(method: options.tauMethod, iterations: tauFit.iterations)
        }
        let tau2 = tauFit.tau2
        guard let model = WeightedLeastSquares(y: y, weights: effects.map { 1 / ($0.v + tau2) }, design: design)
        else { throw .singularDesign }
        let df = k - p
        let knappHartung = random && options.hksj
        let scale = knappHartung ? model.weightedRSS / Double(df) : 1
        let covariance = model.inverse.map { $0.map { $0 * scale } }
        let coefficients = (0..<p).map { j in
            coefficient(
                names[j], model.coefficients[j], (covariance[j][j]).squareRoot(), tDF: knappHartung ? df : nil,
                options: options)
        }
        let qe = fixed.weightedRSS
        var result = Result(
            options: options, k: k, coefficients: coefficients, covariance: covariance, tDF: knappHartung ? df : nil,
            tauFit: tauFit,
            i2: 0, h2: 0, r2: nil, qe: qe, qeDF: df, qeP: ChiSquared.survival(qe, df: Double(df)),
            qm: 0, qmDF: p - 1, qmDF2: knappHartung ? df : nil, qmP: .nan)
        (result.i2, result.h2) = heterogeneity(qe: qe, df: df, tau2: tau2, traceP: fixed.traceP, random: random)
        (result.qm, result.qmP) = omnibus(model.coefficients, covariance, df: df, f: knappHartung)
        if random {
            let withoutModerators = TauSquared.estimate(options.tauMethod, effects, control: control).tau2
            result.r2 = withoutModerators > 0 ? max(0, 100 * (withoutModerators - tau2) / withoutModerators) : nil
        }
        return result
    }

    /// The fitted value at a design row x and its confidence interval, x̂ᵀβ̂ ± c·√(xᵀVar(β̂)x),
    /// c the normal or (Knapp–Hartung) t quantile of the analysis's level.
    public static func prediction(_ result: Result, at row: [Double]) -> (estimate: Double, interval: Interval) {
        let fitted = combination(result, at: row, name: "")
        return (fitted.estimate, fitted.interval)
    }

    /// The linear combination xᵀβ̂ tested as a coefficient is: SE √(xᵀVar(β̂)x), z or t, p and CI
    /// (a subgroup's mean under a common τ², a point of the fitted line).
    public static func combination(_ result: Result, at row: [Double], name: String) -> Coefficient {
        var estimate = 0.0, variance = 0.0
        for a in row.indices {
            estimate += row[a] * result.coefficients[a].estimate
            for b in row.indices { variance += row[a] * result.covariance[a][b] * row[b] }
        }
        return coefficient(name, estimate, variance.squareRoot(), tDF: result.tDF, options: result.options)
    }

    private static func coefficient(
        _ name: String, _ estimate: Double, _ se: Double, tDF: Int?, options: PoolOptions
    ) -> Coefficient {
        let statistic = estimate / se
        let (p, critical): (Double, Double)
        if let tDF {
            p = StudentT.twoSidedP(statistic, df: Double(tDF))
            critical = StudentT.quantile(1 - (100 - options.level) / 200, df: Double(tDF))
        } else {
            p = Normal.twoSidedP(statistic)
            critical = options.normalCritical
        }
        return Coefficient(
            name: name, estimate: estimate, standardError: se, statistic: statistic, pValue: p,
            interval: Interval(lower: estimate - critical * se, upper: estimate + critical * se))
    }

    /// I² and H² of the residual heterogeneity.
    private static func heterogeneity(
        qe: Double, df: Int, tau2: Double, traceP: Double, random: Bool
    ) -> (Double, Double) {
        guard random else {
            return (qe > 0 ? 100 * max(0, (qe - Double(df)) / qe) : 0, qe / Double(df))
        }
        let s2 = Double(df) / traceP
        return (100 * tau2 / (tau2 + s2), (tau2 + s2) / s2)
    }

    /// QM = β̂₂ᵀV₂⁻¹β̂₂ over the coefficients after the intercept, and its p-value (χ² on m df,
    /// or F = QM/m on (m, k − p) df).
    private static func omnibus(
        _ beta: [Double], _ covariance: [[Double]], df: Int, f: Bool
    ) -> (Double, Double) {
        let m = beta.count - 1
        guard m > 0 else { return (0, 1) }
        let block = (1...m).map { a in (1...m).map { b in covariance[a][b] } }
        guard let inverse = WeightedLeastSquares.invert(block) else { return (.nan, .nan) }
        var qm = 0.0
        for a in 0..<m { for b in 0..<m { qm += beta[a + 1] * inverse[a][b] * beta[b + 1] } }
        if f { return (qm / Double(m), FisherF.survival(qm / Double(m), d1: Double(m), d2: Double(df))) }
        return (qm, ChiSquared.survival(qm, df: Double(m)))
    }
}
