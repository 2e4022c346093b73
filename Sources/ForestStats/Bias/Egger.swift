/// Egger's regression test for funnel-plot asymmetry (Egger, Davey Smith, Schneider & Minder
/// 1997, BMJ 315:629–634), in its classical form: the weighted linear regression
/// yᵢ = β₀ + β₁·seᵢ + εᵢ with weights 1/vᵢ and a residual variance estimated from the fit —
/// metafor's `regtest(model = "lm", predictor = "sei")`. β₁, the coefficient of the standard
/// error, is Egger's bias coefficient (the intercept of the regression of yᵢ/seᵢ on 1/seᵢ);
/// β₀ is the effect expected in a study of infinite precision ("limit estimate").
public struct EggerTest: Sendable, Hashable {
    /// t = β₁/SE(β₁) on k − 2 degrees of freedom, and its two-sided p-value.
    public var t: Double
    public var df: Int
    public var pValue: Double
    /// β₁ with its standard error and t-based confidence interval.
    public var bias: Double
    public var biasSE: Double
    public var biasInterval: Interval
    /// β₀ with its t-based confidence interval.
    public var limitEstimate: Double
    public var limitInterval: Interval

    /// nil with fewer than three studies or when all standard errors are equal.
    public init?(_ effects: [StudyEffect], level: Double = 95) {
        guard TrimAndFill.precisionsVary(effects) else { return nil }
        self.init(effects, predictor: effects.map { $0.v.squareRoot() }, level: level)
    }

    /// Peters' test (Peters, Sutton, Jones, Abrams & Rushton 2006, JAMA 295:676–680) as
    /// metafor's `regtest(model = "lm", predictor = "ninv")`: the same weighted regression on
    /// 1/Nᵢ, the inverse of each study's total sample size; `bias` is the coefficient of 1/N.
    /// nil with fewer than three studies or when every study has the same size.
    public init?(peters effects: [StudyEffect], sizes: [Double], level: Double = 95) {
        guard effects.count == sizes.count, Set(sizes).count > 1 else { return nil }
        self.init(effects, predictor: sizes.map { 1 / $0 }, level: level)
    }

    /// Harbord's score test (Harbord, Egger & Sterne 2006, Stat Med 25:3443–3457) for binary
    /// data: with Peto's score Zᵢ = Oᵢ − Eᵢ and its variance Vᵢ from each 2×2 table (raw
    /// counts, no continuity correction; tables with Vᵢ = 0 left out), the ordinary
    /// least-squares regression Zᵢ/√Vᵢ = α + β·√Vᵢ, whose intercept α is the bias coefficient
    /// (t test on k − 2 df) and β the log odds ratio of a study of infinite precision. This is
    /// the weighted regression above with yᵢ = Zᵢ/Vᵢ, vᵢ = 1/Vᵢ and predictor √vᵢ (multiply it
    /// by √Vᵢ), so it is computed as that one. nil with fewer than three usable tables or when
    /// every Vᵢ is the same.
    public init?(harbord tables: [Table2x2], level: Double = 95) {
        let scores = tables.map { Peto.observedMinusExpected($0) }.filter { $0.variance > 0 }
        let effects = scores.map { StudyEffect(y: $0.oMinusE / $0.variance, v: 1 / $0.variance) }
        self.init(effects, level: level)
    }

    private init?(_ effects: [StudyEffect], predictor: [Double], level: Double) {
        let k = effects.count
        guard k >= 3 else { return nil }
        let design = Design(rows: predictor.map { [1.0, $0] })
        guard let fit = WeightedLeastSquares(y: effects.map(\.y), weights: effects.map { 1 / $0.v }, design: design)
        else {
            return nil
        }
        df = k - 2
        let sigma2 = fit.weightedRSS / Double(df)
        let se0 = (sigma2 * fit.inverse[0][0]).squareRoot(), se1 = (sigma2 * fit.inverse[1][1]).squareRoot()
        let critical = StudentT.quantile(1 - (100 - level) / 200, df: Double(df))
        bias = fit.coefficients[1]
        biasSE = se1
        t = bias / se1
        pValue = StudentT.twoSidedP(t, df: Double(df))
        biasInterval = Interval(lower: bias - critical * se1, upper: bias + critical * se1)
        limitEstimate = fit.coefficients[0]
        limitInterval = Interval(lower: limitEstimate - critical * se0, upper: limitEstimate + critical * se0)
    }
}
