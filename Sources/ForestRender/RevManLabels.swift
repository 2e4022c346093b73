import ForestEval
import ForestStats
import Foundation

/// RevMan's words for an analysis — method and model labels, column titles, the totals, the
/// heterogeneity, overall-effect and subgroup-difference lines, the natural scale — in one
/// place, for the text tables, the terminal plots and the SVG figures alike.
struct RevManLabels {
    /// The symbols (Tau², Chi², I², or their ASCII forms).
    var style: TextStyle

    static let studyColumn = "Study or Subgroup"
    static let weightColumn = "Weight"
    static let totalEvents = "Total events"
    static let predictionInterval = "Prediction interval"

    /// `M-H`, `IV` or `Peto`.
    static func method(_ method: PoolingMethod) -> String {
        switch method {
        case .MH: "M-H"
        case .IV: "IV"
        case .Peto: "Peto"
        }
    }

    /// `Fixed` or `Random`.
    static func model(_ model: EffectModel) -> String { model == .fixed ? "Fixed" : "Random" }

    /// `M-H, Fixed`; O − E data are RevMan's `Exp[(O-E) / V], Fixed`.
    static func methodAndModel(_ options: PoolOptions) -> String {
        let method = options.measure.dataKind == .observedMinusExpected ? "Exp[(O-E) / V]" : method(options.method)
        return "\(method), \(model(options.model))"
    }

    /// `M-H, Fixed, 95% CI`, the heading of RevMan's estimate column.
    static func columnTitle(_ options: PoolOptions) -> String {
        "\(methodAndModel(options)), \(NumberFormat.data(options.level))% CI"
    }

    /// `Total (95% CI)` and `Subtotal (95% CI)`.
    static func total(_ options: PoolOptions, subtotal: Bool = false) -> String {
        "\(subtotal ? "Subtotal" : "Total") (\(NumberFormat.data(options.level))% CI)"
    }

    /// The measure's name (`Odds Ratio`), or a generic outcome's declared effect.
    static func effectName(_ outcome: OutcomeDescription, _ options: PoolOptions, logScale: Bool) -> String {
        if options.measure == .GEN { return outcome.effectName ?? (logScale ? "Ratio" : "Effect") }
        return options.measure.displayName
    }

    static func effectName(_ pool: PoolAnalysis) -> String {
        effectName(pool.outcome, pool.result.options, logScale: pool.logScale)
    }

    /// `PR — Odds Ratio (M-H, Fixed, 95% CI)`
    static func header(_ pool: PoolAnalysis, suffix: String) -> String {
        "\(pool.outcome.title) — \(effectName(pool)) (\(columnTitle(pool.result.options)))\(suffix)"
    }

    /// A value on the analysis scale shown on its natural scale (exponentiated for ratios).
    static func natural(_ value: Double, _ scale: NaturalScale) -> Double { scale.natural(value) }

    /// `Heterogeneity: Tau² = 0.05; Chi² = 4.31, df = 2 (P = 0.12); I² = 54%`
    func heterogeneityLine(_ r: PoolResult) -> String {
        let h = r.heterogeneity
        if h.df == 0 { return "Heterogeneity: Not applicable" + (r.k == 1 && !style.revman ? " (one study)" : "") }
        guard let q = h.q else { return "Heterogeneity: Not estimable" }
        var text = "Heterogeneity: "
        if r.options.model == .random {
            // RevMan prints τ² with two decimals, however small.
            let tau2 = style.revman ? NumberFormat.fixed(r.tau2, 2) : NumberFormat.tau2(r.tau2)
            text += "\(style.tau2) = \(tau2); "
        }
        text += "\(style.chi2) = \(NumberFormat.fixed(q)), df = \(h.df)"
        if let p = h.pValue { text += " (\(NumberFormat.pValue(p)))" }
        if let i2 = h.i2 { text += "; \(style.i2) = \(NumberFormat.percent(i2))" }
        return text
    }

    /// `Test for overall effect: Z = 3.06 (P = 0.002)`; for a single group's proportion, what
    /// the test is of (0 on the analysis scale: a proportion of 0.5 as a logit).
    func overallEffectLine(_ r: PoolResult) -> String {
        let name = Self.overallTestName(r.options.measure)
        switch (r.statistic, r.pValue) {
        case (.z(let z)?, let p?):
            return "\(name): Z = \(NumberFormat.fixed(abs(z))) (\(NumberFormat.pValue(p)))"
        case (.t(let t, let df)?, let p?):
            return
                "\(name): t = \(NumberFormat.fixed(abs(t))), df = \(NumberFormat.data(df)) (\(NumberFormat.pValue(p)))"
        default:
            return r.notes.contains(.knappHartungZeroVariance)
                ? "\(name): Not estimable (the Knapp-Hartung SE is 0)" : "\(name): Not applicable"
        }
    }

    /// RevMan's `Test for overall effect`; a proportion has no effect to test, so the line says
    /// which proportion its z test is against (metafor's test of 0 on the analysis scale).
    static func overallTestName(_ measure: EffectMeasure) -> String {
        switch measure {
        case .PLO: "Test of proportion = 0.5 (logit 0)"
        case .PFT: "Test of proportion = 0 (double arcsine 0)"
        case .PR: "Test of proportion = 0"
        default: "Test for overall effect"
        }
    }

    /// `Test for subgroup differences: Chi² = 1.53, df = 2 (P = 0.47); I² = 0%`; in the RevMan
    /// style RevMan 5's own line, `…, df = 2 (P = 0.03), I² = 70.9%` (I² with one decimal, 0%
    /// as `0%`).
    func subgroupTestLine(_ test: SubgroupTest?) -> String {
        guard let test else { return "Test for subgroup differences: Not applicable" }
        let line =
            "Test for subgroup differences: \(style.chi2) = \(NumberFormat.fixed(test.q)), df = \(test.df) "
            + "(\(NumberFormat.pValue(test.pValue)))"
        guard style.revman else { return line + "; \(style.i2) = \(NumberFormat.percent(test.i2))" }
        let i2 = NumberFormat.fixed(test.i2, 1)
        return line + ", \(style.i2) = \(i2 == "0.0" ? "0" : i2)%"
    }
}
