import ForestEval
import ForestStats
import Testing

@testable import ForestRender

/// The renderers tested on result values made by hand — no parser, no evaluator, no
/// statistics: every number shown is one written here, so a wrong column, rounding or label is
/// the renderer's.
@Suite("Rendering hand-made results")
struct HandMadeResultTests {
    /// Two generic studies of a log hazard ratio and a fixed-effect result with round numbers.
    static let analysis: PoolAnalysis = {
        var outcome = OutcomeDescription(name: "OS", kind: .generic)
        outcome.logScale = true
        outcome.effectName = "Hazard Ratio"
        let options = PoolOptions(measure: .GEN, method: .IV)
        let rows = [
            StudyRow(
                effect: StudyEffect(y: 0.25, v: 0.01), interval: Interval(lower: 0.05, upper: 0.45),
                weightPercent: 75),
            StudyRow(effect: nil, interval: nil, weightPercent: 0),
        ]
        let result = PoolResult(
            options: options, k: 1, kAll: 2, estimate: 0.25, standardError: 0.1,
            interval: Interval(lower: 0.05, upper: 0.45), statistic: .z(2.5), pValue: 0.0124,
            heterogeneity: Heterogeneity(q: 0, df: 0, pValue: nil, i2: nil, h2: nil), tau2: 0, tauFit: nil,
            prediction: nil, studies: rows, notes: [.notEstimable(count: 1)])
        return PoolAnalysis(
            outcome: outcome,
            studies: [
                AnalysisStudy(label: "A", data: .generic(GenericEffect(estimate: 0.25, standardError: 0.1))),
                AnalysisStudy(label: "B", data: .generic(GenericEffect(estimate: 0, standardError: 0))),
            ], result: result)
    }()

    @Test func textShowsTheValuesAsRevManDoes() {
        let text = PoolText(style: TextStyle(plot: false)).render(Self.analysis)
        #expect(text.hasPrefix("OS — Hazard Ratio (IV, Fixed, 95% CI)\n"))
        // exp(0.25) = 1.284, exp(0.05) = 1.051, exp(0.45) = 1.568.
        #expect(text.contains("75.0%  1.28 [1.05, 1.57]"))
        #expect(text.contains("Test for overall effect: Z = 2.50 (P = 0.01)"))
        #expect(text.contains("Note: 1 study not estimable"))
    }

    @Test func jsonCarriesFullPrecisionAndNulls() throws {
        let json = JSONReport.value(.pool(Self.analysis)).serialized()
        #expect(json.contains(#""estimate":1.2840254166877414"#))
        #expect(json.contains(#""log_estimate":0.25"#))
        #expect(json.contains(#""z":2.5"#))
        #expect(json.contains(#""p_Q":null"#))
        #expect(json.contains(#""k_all":2"#))
    }
}
