import ForestStats
import ForestSyntax
import Foundation

extension Session {
    /// Warnings about a result that exists but cannot be shown in full: a test statistic that
    /// is not defined, a ratio too large for double precision. Each says what is shown instead,
    /// at the statement that asked for it (the output shows words, JSON `null`, never NaN or ∞).
    func resultWarnings(_ analysis: PoolAnalysis, at span: Span) -> [Diagnostic] {
        let result = analysis.result
        var warnings: [Diagnostic] = []
        if result.notes.contains(.knappHartungZeroVariance) {
            warnings.append(
                .warning(
                    .notEstimable, "the Knapp-Hartung t test of `\(analysis.outcome.name)` is not defined", at: span,
                    notes: ["the studies' estimates are identical, so the Knapp-Hartung SE is 0 and t = θ/0"],
                    help: "drop `hksj` to test with the z statistic"))
        }
        if result.notes.contains(.heterogeneityIntervalsNotConverged) {
            warnings.append(
                .warning(
                    .notConverged,
                    "the Q-profile confidence intervals for τ², I² and H² of `\(analysis.outcome.name)` did not converge and are left out",
                    at: span,
                    notes: [
                        "the root finder stopped after \(control.intervalMaxIterations) iterations without bracketing the bound"
                    ]))
        }
        if result.tauFit?.leftLocalMaximum == true {
            warnings.append(
                .warning(
                    .localMaximum,
                    "the \(result.options.tauMethod.rawValue) estimate of τ² for `\(analysis.outcome.name)` may have stopped at a local maximum; τ² = 0 was taken",
                    at: span,
                    notes: [
                        "the likelihood at τ² = 0 is higher than where Fisher scoring ended (metafor warns the same)"
                    ],
                    help: "compare with another estimator, e.g. `tau PM` or `tau DL`"))
        }
        if analysis.logScale, let estimate = result.estimate, let interval = result.interval {
            let values = [estimate, interval.lower, interval.upper]
            if values.contains(where: { !exp($0).isFinite }) {
                warnings.append(
                    .warning(
                        .notEstimable,
                        "the pooled \(analysis.outcome.name) ratio is too large to show: exp(\(String(format: "%.2f", estimate))) exceeds double precision",
                        at: span,
                        notes: [
                            "the ratio (or a bound of its CI) is shown as `> 1.8e308` and written as null in JSON; "
                                + "the log ratio is \(String(format: "%.4g", estimate))"
                        ],
                        help: "check the data: is the estimate already on the natural scale (drop `scale log`)?"))
            }
        }
        return warnings
    }
}
