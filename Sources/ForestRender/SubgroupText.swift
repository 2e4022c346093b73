import ForestEval
import ForestStats

/// A subgroup analysis laid out like RevMan's subgroup forest table: each subgroup's studies,
/// subtotal, events, heterogeneity and test; then the total and the test for subgroup differences.
struct SubgroupText {
    var style: TextStyle

    func render(_ s: SubgroupAnalysis) -> String {
        let text = PoolText(style: style)
        let overall = s.overall
        var lines = [RevManLabels.header(overall, suffix: ", subgroups by \(s.attribute)")]
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
        for group in s.groups {
            table.addText(group.heading(attribute: s.attribute))
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

    /// The lines under the table: the overall tests, the test for subgroup differences, notes.
    func below(_ s: SubgroupAnalysis) -> [String] {
        let text = PoolText(style: style)
        let overall = s.overall
        var lines = text.footer(overall.result, pool: overall)
        lines.append(text.labels.subgroupTestLine(s.test))
        if !s.unassigned.isEmpty {
            lines.append("Not in any subgroup (no \(s.attribute)): " + s.unassigned.joined(separator: ", "))
        }
        return lines + text.notes(overall)
    }
}
