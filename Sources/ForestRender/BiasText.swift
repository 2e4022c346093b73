import ForestEval
import ForestStats
import Foundation

/// Tests for small-study effects, in words and numbers.
struct BiasText {
    var style: TextStyle

    func render(_ b: BiasAnalysis) -> String {
        let effect = RevManLabels.effectName(b.outcome, b.options, logScale: b.logScale)
        let model = RevManLabels.methodAndModel(b.options)
        let level = NumberFormat.data(b.options.level)
        var lines: [String]
        switch b.test {
        case .egger(let e):
            lines =
                ["\(b.outcome.title) — Egger's regression test (\(effect), \(model); \(b.k) studies)", ""]
                + regression(e, coefficient: "Bias coefficient", test: "funnel-plot asymmetry", level: level)
                + ["Limit estimate (standard error → 0): " + natural(e.limitEstimate, e.limitInterval, b.scale)]
        case .peters(let e):
            lines =
                ["\(b.outcome.title) — Peters' regression test on 1/N (\(effect), \(model); \(b.k) studies)", ""]
                + regression(e, coefficient: "Coefficient of 1/N", test: "small-study effects", level: level)
                + ["Limit estimate (1/N → 0): " + natural(e.limitEstimate, e.limitInterval, b.scale)]
        case .harbord(let e):
            lines =
                ["\(b.outcome.title) — Harbord's score test (\(effect); \(b.k) studies)", ""]
                + regression(e, coefficient: "Bias coefficient", test: "small-study effects", level: level)
                + [
                    "Regression of Z/√V on √V (Peto's score O − E and its variance V)",
                    "Slope (a study of infinite precision): " + natural(e.limitEstimate, e.limitInterval, b.scale),
                ]
        case .begg(let g):
            lines = [
                "\(b.outcome.title) — Begg's rank correlation test (\(effect), \(model); \(b.k) studies)",
                "",
                "Kendall's tau = \(NumberFormat.fixed(g.tau, 3)) (\(NumberFormat.pValue(g.pValue)), "
                    + (g.exact ? "exact" : "normal approximation with ties") + ")",
            ]
        case .trimAndFill(let t):
            let r = t.result
            let estimate = r.estimate.flatMap { e in r.interval.map { natural(e, $0, b.scale) } } ?? "Not estimable"
            lines = [
                "\(b.outcome.title) — trim-and-fill (\(t.estimator.rawValue) estimator; \(effect), \(model); \(b.k) studies)",
                "",
                "Estimated missing studies: \(t.k0)" + (t.k0 > 0 ? " on the \(t.side.rawValue)" : "")
                    + " (side \(t.sideGiven ? "given" : "chosen"): \(t.side.rawValue))",
                "Adjusted estimate (\(r.k) studies): \(estimate)"
                    + (r.pValue.map { ", \(NumberFormat.pValue($0))" } ?? ""),
            ]
            if r.options.model == .random { lines.append("\(style.tau2) = \(NumberFormat.tau2(r.tau2))") }
        case .failSafeN(let f):
            lines = ["\(b.outcome.title) — \(f.method.rawValue)'s fail-safe N (\(effect); \(b.k) studies)", ""]
            lines += failSafeLines(f, scale: b.scale)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A regression test's coefficient with its SE and interval, and its t test.
    private func regression(_ e: EggerTest, coefficient: String, test: String, level: String) -> [String] {
        [
            "\(coefficient): \(NumberFormat.fixed(e.bias)) (SE \(NumberFormat.fixed(e.biasSE))), "
                + "\(level)% CI [\(NumberFormat.fixed(e.biasInterval.lower)), \(NumberFormat.fixed(e.biasInterval.upper))]",
            "Test for \(test): t = \(NumberFormat.fixed(e.t)), df = \(e.df) (\(NumberFormat.pValue(e.pValue)))",
        ]
    }

    /// The N and what it means: for a significance level (Rosenthal's, Rosenberg's) or for a
    /// target effect (Orwin's).
    private func failSafeLines(_ f: FailSafeN, scale: NaturalScale) -> [String] {
        if let alpha = f.alpha.map(NumberFormat.data), let p = f.pValue {
            let how =
                f.method == .rosenthal
                ? "Stouffer's combined z, one-sided α = \(alpha)" : "weighted, two-sided α = \(alpha)"
            return [
                "Fail-safe N = \(NumberFormat.data(f.n)) (\(how); combined \(NumberFormat.pValue(p)))",
                "Null studies that would bring the combined test to P ≥ \(alpha)",
            ]
        }
        let shown = { (y: Double) in NumberFormat.fixed(RevManLabels.natural(y, scale)) }
        return [
            "Fail-safe N = \(NumberFormat.data(f.n)) (unweighted mean effect \(shown(f.meanEffect ?? 0)), "
                + "target \(shown(f.target ?? 0)))",
            "Studies of no effect that would bring the mean effect to the target",
        ]
    }

    private func natural(_ estimate: Double, _ interval: Interval, _ scale: NaturalScale) -> String {
        let f: (Double) -> Double = { RevManLabels.natural($0, scale) }
        return NumberFormat.estimate(f(estimate), f(interval.lower), f(interval.upper))
    }
}
