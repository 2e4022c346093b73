import ForestEval
import ForestStats

/// A meta-regression as text: the settings, a table of coefficients (analysis scale, as
/// metafor prints them), residual heterogeneity, the tests QE and QM, and the studies left out.
struct MetaRegressionText {
    var style: TextStyle

    func render(_ m: MetaRegressionAnalysis) -> String {
        let pool = PoolText(style: style)
        let model = m.options.model == .random ? "Random" : "Fixed"
        var lines = [
            "\(m.outcome.title) — meta-regression on \(m.moderators.map(\.name).joined(separator: ", ")): "
                + "\(RevManLabels.effectName(m.outcome, m.options, logScale: m.logScale)) (IV, \(model), "
                + "\(NumberFormat.data(m.options.level))% CI)"
        ]
        if let settings = settingsLine(m, pool: pool) { lines.append(settings) }
        lines.append("")
        lines += coefficientTable(m).render()
        lines.append("")
        lines += below(m)
        return lines.joined(separator: "\n") + "\n"
    }

    private func settingsLine(_ m: MetaRegressionAnalysis, pool: PoolText) -> String? {
        var parts: [String] = []
        if let selection = m.outcome.selection { parts.append("only \(selection)") }
        if m.options.model == .random && m.options.tauMethod != .DL {
            parts.append("\(style.tau2) estimator \(m.options.tauMethod.rawValue)")
        }
        if m.options.hksj { parts.append("Knapp-Hartung adjustment") }
        if m.logScale { parts.append("coefficients on the log scale") }
        return parts.isEmpty ? nil : "(" + parts.joined(separator: "; ") + ")"
    }

    /// Coefficient, estimate, SE, z (or t), P and the interval; categorical levels as
    /// `alloc=random`, against the reference level.
    func coefficientTable(_ m: MetaRegressionAnalysis) -> TextTable {
        let r = m.result
        var table = TextTable([.left, .right, .right, .right, .right, .left])
        table.add([
            "Coefficient", "Estimate", "SE", r.tDF == nil ? "z" : "t", "P",
            "\(NumberFormat.data(m.options.level))% CI",
        ])
        for c in r.coefficients {
            table.add([
                c.name, NumberFormat.fixed(c.estimate, 4), NumberFormat.fixed(c.standardError, 4),
                NumberFormat.fixed(c.statistic, 2), Self.p(c.pValue),
                "[\(NumberFormat.fixed(c.interval.lower, 4)), \(NumberFormat.fixed(c.interval.upper, 4))]",
            ])
        }
        return table
    }

    /// A P value without its "P = ": `0.008`, `< 0.00001`.
    static func p(_ p: Double) -> String {
        let text = NumberFormat.pValue(p)
        return text.hasPrefix("P = ") ? String(text.dropFirst(4)) : String(text.dropFirst(2))
    }

    /// Residual heterogeneity, the tests, the reference levels and what was left out.
    func below(_ m: MetaRegressionAnalysis) -> [String] {
        let r = m.result
        var heterogeneity = "k = \(r.k); residual heterogeneity: "
        if m.options.model == .random { heterogeneity += "\(style.tau2) = \(NumberFormat.tau2(r.tau2)); " }
        heterogeneity += "\(style.i2) = \(NumberFormat.percent(r.i2)); \(style.h2) = \(NumberFormat.fixed(r.h2))"
        if m.options.model == .random {
            heterogeneity += "; R² = " + (r.r2.map(NumberFormat.percent) ?? "not applicable (no τ² without moderators)")
        }
        var lines = [
            heterogeneity,
            "Test for residual heterogeneity: QE = \(NumberFormat.fixed(r.qe)), df = \(r.qeDF) (\(NumberFormat.pValue(r.qeP)))",
        ]
        if let df2 = r.qmDF2 {
            lines.append(
                "Test of moderators: F = \(NumberFormat.fixed(r.qm)), df = \(r.qmDF) and \(df2) (\(NumberFormat.pValue(r.qmP)))"
            )
        } else {
            lines.append(
                "Test of moderators: QM = \(NumberFormat.fixed(r.qm)), df = \(r.qmDF) (\(NumberFormat.pValue(r.qmP)))")
        }
        for moderator in m.moderators {
            guard let levels = moderator.levels, let reference = levels.first else { continue }
            lines.append("\(moderator.name): levels \(levels.joined(separator: ", ")); reference \(reference)")
        }
        if !m.leftOut.isEmpty {
            lines.append(
                "Left out: "
                    + m.leftOut.map { "\($0.study) (no \($0.missing.joined(separator: ", ")))" }
                    .joined(separator: "; "))
        }
        return lines
    }
}
