import ForestEval
import ForestStats

/// Influence diagnostics as text: one row per study — externally standardised residual,
/// DFFITS, Cook's distance, covariance ratio, leave-one-out τ² and QE, hat value, weight, and
/// `*` for an influential study (metafor's rules) — then the rule itself.
struct InfluenceText {
    var style: TextStyle

    func render(_ a: InfluenceAnalysis) -> String {
        let model = a.options.model == .random ? "Random" : "Fixed"
        var lines = [
            "\(a.outcome.title) — influence diagnostics: "
                + "\(RevManLabels.effectName(a.outcome, a.options, logScale: a.logScale)) (IV, \(model))"
        ]
        if a.options.model == .random && a.options.tauMethod != .DL || a.options.hksj {
            var parts: [String] = []
            if a.options.tauMethod != .DL { parts.append("\(style.tau2) estimator \(a.options.tauMethod.rawValue)") }
            if a.options.hksj { parts.append("Knapp-Hartung adjustment") }
            lines.append("(" + parts.joined(separator: "; ") + ")")
        }
        lines.append("")
        lines += table(a).render()
        lines.append("")
        lines += below(a)
        return lines.joined(separator: "\n") + "\n"
    }

    func table(_ a: InfluenceAnalysis) -> TextTable {
        var table = TextTable([.left, .right, .right, .right, .right, .right, .right, .right, .right, .left])
        table.add([
            "Study", "rstudent", "dffits", "cook.d", "cov.r", "\(style.tau2).del", "QE.del", "hat", "weight", "",
        ])
        for (label, row) in zip(a.studies, a.result.rows) {
            guard let row else {
                table.add([label, "", "", "", "", "", "", "", "", "not refitted (\(style.tau2) did not converge)"])
                continue
            }
            table.add([
                label, NumberFormat.fixed(row.rstudent, 4), NumberFormat.fixed(row.dffits, 4),
                NumberFormat.fixed(row.cooksDistance, 4), NumberFormat.fixed(row.covarianceRatio, 4),
                NumberFormat.fixed(row.tau2Deleted, 4), NumberFormat.fixed(row.qeDeleted, 4),
                NumberFormat.fixed(row.hat, 4), NumberFormat.fixed(row.weightPercent, 2), row.influential ? "*" : "",
            ])
        }
        return table
    }

    func below(_ a: InfluenceAnalysis) -> [String] {
        let k = a.studies.count
        let flagged = zip(a.studies, a.result.rows).filter { $0.1?.influential == true }.map(\.0)
        var lines = [
            "* influential: |dffits| > \(NumberFormat.fixed(3 * (1 / Double(k - 1)).squareRoot(), 4)), "
                + "P(χ²₁ ≤ cook.d) > 0.5, hat > \(NumberFormat.fixed(3 / Double(k), 4)) or |dfbetas| > 1 (metafor's rules)"
        ]
        lines.append(
            flagged.isEmpty ? "No study is influential." : "Influential: " + flagged.joined(separator: ", "))
        if let file = a.file { lines.append("Baujat plot of \(a.outcome.title) written to \(file)") }
        return lines
    }
}
