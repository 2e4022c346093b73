import Foundation
import ForestEval
import ForestStats

/// The RevMan-style text block of a pooled analysis: per-study rows with data, weight and
/// estimate [CI]; the total; total events; the heterogeneity and overall-effect lines.
struct PoolText {
    var style: TextStyle

    func render(_ pool: PoolAnalysis) -> String {
        let r = pool.result
        var lines = [header(pool), ""]
        if let settings = settingsLine(r.options) { lines.insert(settings, at: 1) }
        lines += table(pool)
        lines.append(contentsOf: footer(pool))
        if style.plot, let plot = TerminalForestPlot(style: style).render(pool) {
            lines += [""] + plot
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `PR — Odds Ratio (M-H, Fixed, 95% CI)`
    func header(_ pool: PoolAnalysis) -> String {
        "\(pool.outcome.title) — \(effectName(pool)) (\(columnTitle(pool.result.options)))"
    }

    static func methodLabel(_ method: PoolingMethod) -> String {
        switch method {
        case .MH: "M-H"
        case .IV: "IV"
        case .Peto: "Peto"
        }
    }

    /// `M-H, Fixed, 95% CI`, the heading of RevMan's estimate column.
    func columnTitle(_ options: PoolOptions) -> String {
        "\(PoolText.methodLabel(options.method)), \(options.model == .fixed ? "Fixed" : "Random"), \(NumberFormat.data(options.level))% CI"
    }

    func effectName(_ pool: PoolAnalysis) -> String {
        if pool.result.options.measure == .GEN {
            return pool.outcome.effectName ?? (pool.logScale ? "Ratio" : "Effect")
        }
        return pool.result.options.measure.displayName
    }

    /// What is not RevMan's default: the τ² estimator, HKSJ, the metafor convention.
    func settingsLine(_ options: PoolOptions) -> String? {
        var parts: [String] = []
        if options.model == .random && options.tauMethod != .DL { parts.append("\(style.tau2) estimator \(options.tauMethod.rawValue)") }
        if options.hksj { parts.append("Hartung-Knapp-Sidik-Jonkman adjustment") }
        if options.convention == .metafor { parts.append("metafor conventions") }
        return parts.isEmpty ? nil : "(" + parts.joined(separator: "; ") + ")"
    }

    /// Natural-scale text of an analysis-scale value.
    func natural(_ value: Double, _ pool: PoolAnalysis) -> Double { pool.logScale ? exp(value) : value }

    func estimateText(_ effect: Double?, _ interval: Interval?, _ pool: PoolAnalysis) -> String {
        guard let effect, let interval else { return "Not estimable" }
        return NumberFormat.estimate(natural(effect, pool), natural(interval.lower, pool), natural(interval.upper, pool))
    }

    func table(_ pool: PoolAnalysis) -> [String] {
        let r = pool.result
        let kind = pool.outcome.kind
        let dataHeadings: [String]
        switch kind {
        case .binary: dataHeadings = ["Events", "Total", "Events", "Total"]
        case .continuous: dataHeadings = ["Mean", "SD", "Total", "Mean", "SD", "Total"]
        case .generic: dataHeadings = [pool.logScale ? "log[\(effectName(pool))]" : effectName(pool), "SE"]
        }
        var table = TextTable([.left] + dataHeadings.map { _ in .right } + [.right, .left])
        table.add(["Study or Subgroup"] + dataHeadings + ["Weight", columnTitle(r.options)])
        let cells = dataCells(pool.studies.map(\.data))
        for ((study, row), data) in zip(zip(pool.studies, r.studies), cells) {
            table.add([study.label] + data + [weightText(row), estimateText(row.effect?.y, row.interval, pool)])
        }
        table.addBlank()
        let totalLabel = "Total (\(NumberFormat.data(r.options.level))% CI)"
        let totalEstimate = estimateText(r.estimate, r.interval, pool)
        switch kind {
        case .binary:
            let counts = pool.studies.compactMap { if case .binary(let c) = $0.data { c } else { nil } }
            table.add([totalLabel, "", NumberFormat.data(counts.reduce(0) { $0 + $1.totalE }), "",
                       NumberFormat.data(counts.reduce(0) { $0 + $1.totalC }), "100.0%", totalEstimate])
            table.add(["Total events", NumberFormat.data(counts.reduce(0) { $0 + $1.eventsE }), "",
                       NumberFormat.data(counts.reduce(0) { $0 + $1.eventsC }), "", "", ""])
        case .continuous:
            let arms = pool.studies.compactMap { if case .continuous(let a) = $0.data { a } else { nil } }
            table.add([totalLabel, "", "", NumberFormat.data(arms.reduce(0) { $0 + $1.nE }), "", "",
                       NumberFormat.data(arms.reduce(0) { $0 + $1.nC }), "100.0%", totalEstimate])
        case .generic:
            table.add([totalLabel, "", "", "100.0%", totalEstimate])
        }
        var lines = table.render()
        lines.insert(armHeading(pool, widths: table.widths(), gap: table.gap), at: 0)
        return lines
    }

    /// The first heading line: arm names over their data columns, the effect over its column.
    func armHeading(_ pool: PoolAnalysis, widths: [Int], gap: Int) -> String {
        func span(_ columns: Range<Int>) -> Int {
            columns.map { widths[$0] }.reduce(0, +) + gap * (columns.count - 1)
        }
        func centered(_ text: String, _ width: Int) -> String {
            let total = max(0, width - text.count)
            return String(repeating: " ", count: total / 2) + text + String(repeating: " ", count: total - total / 2)
        }
        let perArm = pool.outcome.kind == .binary ? 2 : pool.outcome.kind == .continuous ? 3 : 0
        var line = String(repeating: " ", count: widths[0] + gap)
        if perArm > 0 {
            line += centered(pool.outcome.experimentalArm, span(1..<(1 + perArm))) + String(repeating: " ", count: gap)
            line += centered(pool.outcome.controlArm, span((1 + perArm)..<(1 + 2 * perArm))) + String(repeating: " ", count: gap)
        } else {
            line += String(repeating: " ", count: span(1..<3) + gap)
        }
        line += String(repeating: " ", count: widths[widths.count - 2] + gap) + effectName(pool)
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// Each study's data cells; a column of decimals shows them all with as many decimals as
    /// its most precise value (up to 4), so that the column lines up.
    func dataCells(_ rows: [StudyData]) -> [[String]] {
        let values: [[Double]] = rows.map { data in
            switch data {
            case .binary(let c): [c.eventsE, c.totalE, c.eventsC, c.totalC]
            case .continuous(let a): [a.meanE, a.sdE, a.nE, a.meanC, a.sdC, a.nC]
            case .generic(let g): [g.estimate, g.standardError]
            }
        }
        let columns = values.first?.count ?? 0
        let decimals = (0..<columns).map { column in
            values.map { NumberFormat.decimalsNeeded($0[column], max: 4) }.max() ?? 0
        }
        return values.map { row in row.enumerated().map { NumberFormat.fixed($0.element, decimals[$0.offset]) } }
    }

    func weightText(_ row: StudyRow) -> String {
        row.effect == nil && row.weightPercent == 0 ? "" : NumberFormat.fixed(row.weightPercent, 1) + "%"
    }

    /// Heterogeneity, overall effect, prediction interval and notes.
    func footer(_ pool: PoolAnalysis) -> [String] {
        let r = pool.result
        let h = r.heterogeneity
        var lines: [String] = []
        if h.df == 0 {
            lines.append("Heterogeneity: Not applicable")
        } else if let q = h.q {
            var text = "Heterogeneity: "
            if r.options.model == .random { text += "\(style.tau2) = \(NumberFormat.tau2(r.tau2)); " }
            text += "\(style.chi2) = \(NumberFormat.fixed(q)), df = \(h.df)"
            if let p = h.pValue { text += " (\(NumberFormat.pValue(p)))" }
            if let i2 = h.i2 { text += "; \(style.i2) = \(NumberFormat.percent(i2))" }
            lines.append(text)
        } else {
            lines.append("Heterogeneity: Not estimable")
        }
        switch (r.statistic, r.pValue) {
        case (.z(let z)?, let p?):
            lines.append("Test for overall effect: Z = \(NumberFormat.fixed(abs(z))) (\(NumberFormat.pValue(p)))")
        case (.t(let t, let df)?, let p?):
            lines.append("Test for overall effect: t = \(NumberFormat.fixed(abs(t))), df = \(NumberFormat.data(df)) (\(NumberFormat.pValue(p)))")
        default:
            lines.append("Test for overall effect: Not applicable")
        }
        if r.options.model == .random {
            if let pi = r.prediction {
                lines.append("Prediction interval: [\(NumberFormat.fixed(natural(pi.lower, pool))), \(NumberFormat.fixed(natural(pi.upper, pool)))]")
            } else if r.options.convention == .revman {
                lines.append("Prediction interval: Not applicable (fewer than 3 studies)")
            }
        }
        for note in r.notes {
            switch note {
            case .notEstimable(let count):
                lines.append("Note: \(count) \(count == 1 ? "study" : "studies") not estimable (no events, or only events, in both arms)")
            case .continuityCorrected(let count):
                lines.append("Note: 0.5 added to each cell of \(count) \(count == 1 ? "study" : "studies") with a zero cell")
            case .singleStudy, .estimateUndefined, .searchIntervalWidened:
                break
            }
        }
        if r.notes.contains(.estimateUndefined) {
            lines.append("Note: the pooled estimate is undefined (no events in one arm across all studies)")
        }
        return lines
    }
}
