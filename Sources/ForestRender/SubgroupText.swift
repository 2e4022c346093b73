import ForestEval
import ForestStats

/// A subgroup analysis laid out like RevMan's subgroup forest table: each subgroup's studies,
/// subtotal, events, heterogeneity and test; then the total and the test for subgroup differences.
struct SubgroupText {
    var style: TextStyle
    /// The analysis's RevMan number, in the RevMan style (its subgroups are 1.number.1, …).
    var number: Int? = nil

    func render(_ s: SubgroupAnalysis) -> String {
        let text = PoolText(style: style, number: number)
        let overall = s.overall
        var lines = [text.heading(overall, suffix: ", subgroups by \(s.attribute)")]
        if let settings = text.settingsLine(overall) { lines.append(settings) }
        lines.append("")
        lines += text.render(table(s), overall)
        lines += below(s)
        if style.plot, let plot = TerminalForestPlot(style: style).render(s) {
            lines += [""] + plot
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each subgroup's studies, subtotal and tests; then the total.
    func table(_ s: SubgroupAnalysis) -> TextTable {
        let text = PoolText(style: style)
        let overall = s.overall
        var table = text.makeTable(overall)
        let weights = Dictionary(
            zip(overall.studies.map(\.label), overall.result.studies), uniquingKeysWith: { a, _ in a })
        for (index, group) in s.groups.enumerated() {
            table.addText(heading(group, index: index, attribute: s.attribute))
            let rows = group.studies.map { weights[$0.label]! }
            text.addStudies(group.studies, rows: rows, pool: overall, indent: "  ", to: &table)
            let weight = rows.reduce(0) { $0 + $1.weightPercent }
            text.addTotal(
                RevManLabels.total(overall.result.options, subtotal: true), studies: group.studies,
                result: group.result, weight: weight,
                pool: overall, indent: "  ", to: &table)
            if let result = group.result {
                for line in text.footer(result, pool: overall, indent: "  ", prediction: false) { table.addText(line) }
            } else {
                table.addText("  No study of this subgroup is estimable")
            }
            table.addBlank()
        }
        text.addTotal(
            RevManLabels.total(overall.result.options), studies: overall.studies, result: overall.result, weight: 100,
            pool: overall,
            to: &table)
        return table
    }

    /// A subgroup's heading: `stage = I` or its label; in the RevMan style, RevMan's numbered
    /// subgroup name, `1.3.1 Stage I` (its label, else its value).
    func heading(_ group: SubgroupAnalysis.Group, index: Int, attribute: String) -> String {
        guard style.revman, let number else { return group.heading(attribute: attribute) }
        return "1.\(number).\(index + 1) \(group.label ?? group.value)"
    }

    /// The lines under the table: the overall tests, the test for subgroup differences, notes.
    func below(_ s: SubgroupAnalysis) -> [String] {
        let text = PoolText(style: style)
        let overall = s.overall
        var lines = text.footer(overall.result, pool: overall)
        lines.append(text.labels.subgroupTestLine(s.test))
        // (In the RevMan style the run's warning says which studies were left out.)
        if !s.unassigned.isEmpty && !style.revman {
            lines.append("Not in any subgroup (no \(s.attribute)): " + s.unassigned.joined(separator: ", "))
        }
        return lines + commonTau(s) + text.notes(overall)
    }

    /// `common-tau`: the mixed-effects model's τ², each subgroup's mean and its test for
    /// subgroup differences. Not a RevMan line.
    func commonTau(_ s: SubgroupAnalysis) -> [String] {
        guard let common = s.commonTau, !style.revman else { return [] }
        let r = common.result
        let options = r.model.options
        let estimator = options.tauMethod.rawValue + (options.hksj ? ", Knapp-Hartung" : "")
        var lines = [
            "Subgroups with a common \(style.tau2) (mixed-effects model, IV, \(estimator)): "
                + "\(style.tau2) = \(NumberFormat.tau2(r.tau2))"
        ]
        let natural = { (x: Double) in RevManLabels.natural(x, s.scale) }
        for (value, group) in zip(common.values, r.groups) {
            let label = s.groups.first { $0.value == value }?.heading(attribute: s.attribute) ?? value
            lines.append(
                "  \(label): "
                    + NumberFormat.estimate(
                        natural(group.estimate), natural(group.interval.lower), natural(group.interval.upper))
                    + " (\(NumberFormat.pValue(group.pValue)))")
        }
        let m = r.model
        lines.append(
            m.qmDF2.map {
                "  Test for subgroup differences: F = \(NumberFormat.fixed(m.qm)), df = \(m.qmDF) and \($0) (\(NumberFormat.pValue(m.qmP)))"
            }
                ?? "  Test for subgroup differences: \(style.chi2) = \(NumberFormat.fixed(m.qm)), df = \(m.qmDF) (\(NumberFormat.pValue(m.qmP)))"
        )
        return lines
    }
}
