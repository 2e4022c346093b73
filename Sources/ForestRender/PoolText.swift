import ForestEval
import ForestStats
import Foundation

/// The RevMan-style text block of a pooled analysis: per-study rows with data, weight and
/// estimate [CI]; the total; total events; the heterogeneity and overall-effect lines.
struct PoolText {
    var style: TextStyle
    /// The analysis's RevMan number (`Analysis 1.2`), in the RevMan style.
    var number: Int? = nil
    /// Decimals of estimates and their intervals (a forest plot's `decimals`).
    var decimals = 2

    /// RevMan's words, with this style's symbols.
    var labels: RevManLabels { RevManLabels(style: style) }

    func render(_ pool: PoolAnalysis) -> String {
        if let wanted = Self.rateDifferenceDecimals(pool), wanted > decimals {
            var finer = self
            finer.decimals = wanted
            return finer.render(pool)
        }
        var lines = [heading(pool, suffix: "")]
        if let settings = settingsLine(pool) { lines.append(settings) }
        lines.append("")
        lines += render(table(pool), pool)
        lines += below(pool)
        if style.plot, let plot = TerminalForestPlot(style: style).render(pool) {
            lines += [""] + plot
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rate differences are events per unit of person-time, often thousandths: enough decimals
    /// for two significant digits of the pooled interval's wider end (at most 8); nil for the
    /// other measures, whose two decimals are RevMan's.
    static func rateDifferenceDecimals(_ pool: PoolAnalysis) -> Int? {
        guard pool.result.options.measure == .IRD, let interval = pool.result.interval else { return nil }
        let reach = max(abs(interval.lower), abs(interval.upper))
        guard reach > 0, reach.isFinite else { return nil }
        return min(8, max(2, Int((-log10(reach)).rounded(.up)) + 1))
    }

    /// The table of studies and the total.
    func table(_ pool: PoolAnalysis) -> TextTable {
        var table = makeTable(pool)
        addStudies(pool.studies, rows: pool.result.studies, pool: pool, to: &table)
        table.addBlank()
        addTotal(
            RevManLabels.total(pool.result.options), studies: pool.studies, result: pool.result,
            weight: 100, pool: pool, to: &table)
        return table
    }

    /// The lines under the table: heterogeneity, overall effect, prediction interval, notes.
    func below(_ pool: PoolAnalysis) -> [String] {
        footer(pool.result, pool: pool) + absolute(pool) + notes(pool)
    }

    /// `nnt RISK`: the risks per 1,000, their difference and the number needed to treat, with
    /// intervals (through no difference when the interval holds it, as Altman 1998). Not a RevMan line.
    func absolute(_ pool: PoolAnalysis) -> [String] {
        guard let a = pool.absoluteEffect, !style.revman else { return [] }
        let perThousand = { (x: Double) in NumberFormat.fixed(1000 * x, 0) }
        let level = NumberFormat.data(pool.result.options.level)
        let difference = { (d: Double) in d < 0 ? "\(perThousand(-d)) fewer" : "\(perThousand(d)) more" }
        let ci = a.riskDifferenceInterval
        var lines = [
            "Absolute effect at a control risk of \(perThousand(a.controlRisk)) per 1,000: "
                + "\(perThousand(a.experimentalRisk)) per 1,000, \(difference(a.riskDifference)) per 1,000 "
                + "(\(level)% CI \(difference(ci.lower)) to \(difference(ci.upper)))"
        ]
        guard a.riskDifference != 0 else { return lines + ["Number needed to treat: not applicable (no difference)"] }
        let what = { (d: Double) in d < 0 ? "to avoid one event" : "for one more event" }
        let count = { (d: Double) in NumberFormat.fixed((1 / abs(d)).rounded(.up), 0) }
        var line = "Number needed to treat \(what(a.riskDifference)): \(count(a.riskDifference)) (\(level)% CI "
        // Altman (1998) writes an interval through no difference with ∞; Forest says it in words,
        // so that no infinity is ever printed as a number.
        if ci.lower < 0 && ci.upper > 0 {
            line +=
                "\(count(ci.lower)) \(what(ci.lower)), through no difference, to \(count(ci.upper)) \(what(ci.upper)))"
        } else {
            let (near, far) = abs(ci.lower) > abs(ci.upper) ? (ci.lower, ci.upper) : (ci.upper, ci.lower)
            line += "\(count(near)) to \(far == 0 ? "no difference" : count(far)))"
        }
        lines.append(line)
        return lines
    }

    /// The analysis's heading: `Partial response — Odds Ratio (M-H, Fixed, 95% CI)`, or in the
    /// RevMan style RevMan's caption, `Analysis 1.2. Comparison 1 A versus B, Outcome 2 Partial
    /// response.` (a script is one comparison; its analyses are numbered in order).
    func heading(_ pool: PoolAnalysis, suffix: String) -> String {
        guard style.revman, let number else { return RevManLabels.header(pool, suffix: suffix) }
        let outcome = pool.outcome
        return "Analysis 1.\(number). Comparison 1 \(outcome.experimentalArm) versus \(outcome.controlArm), "
            + "Outcome \(number) \(outcome.title)."
    }

    /// What is not RevMan's default: a selection of studies, the τ² estimator, HKSJ, the metafor
    /// convention.
    func settingsLine(_ pool: PoolAnalysis) -> String? {
        let options = pool.result.options
        var parts: [String] = []
        if let selection = pool.outcome.selection { parts.append("only \(selection)") }
        if options.model == .random && options.tauMethod != .DL {
            parts.append("\(style.tau2) estimator \(options.tauMethod.rawValue)")
        }
        if options.hksj { parts.append("Hartung-Knapp-Sidik-Jonkman adjustment") }
        if options.convention == .metafor { parts.append("metafor conventions") }
        return parts.isEmpty ? nil : "(" + parts.joined(separator: "; ") + ")"
    }

    func estimateText(_ effect: Double?, _ interval: Interval?, scale: NaturalScale) -> String {
        guard let effect, let interval else { return "Not estimable" }
        return NumberFormat.estimate(
            scale.natural(effect), scale.natural(interval.lower), scale.natural(interval.upper), decimals: decimals)
    }

    // MARK: - The table

    /// An empty table with the column headings for the outcome's kind of data.
    func makeTable(_ pool: PoolAnalysis) -> TextTable {
        let headings = dataHeadings(pool)
        var table = TextTable([.left] + headings.map { _ in .right } + [.right, .left])
        table.add(
            [RevManLabels.studyColumn] + headings + [
                RevManLabels.weightColumn, RevManLabels.columnTitle(pool.result.options),
            ])
        return table
    }

    func dataHeadings(_ pool: PoolAnalysis) -> [String] {
        switch pool.outcome.kind {
        case .binary: ["Events", "Total", "Events", "Total"]
        case .continuous: ["Mean", "SD", "Total", "Mean", "SD", "Total"]
        case .generic: [pool.logScale ? "log[\(RevManLabels.effectName(pool))]" : RevManLabels.effectName(pool), "SE"]
        case .observedMinusExpected: ["O-E", "Variance"]
        case .proportion: ["Events", "Total"]
        case .rate: ["Events", "Person-time", "Events", "Person-time"]
        case .correlation: ["r", "Total"]
        }
    }

    func addStudies(
        _ studies: [AnalysisStudy], rows: [StudyRow], pool: PoolAnalysis, indent: String = "", to table: inout TextTable
    ) {
        let cells = dataCells(studies.map(\.data))
        for ((study, row), data) in zip(zip(studies, rows), cells) {
            table.links[table.rows.count] = study.studyLabel
            table.add(
                [indent + study.label] + data + [
                    weightText(row), estimateText(row.effect?.y, row.interval, scale: pool.scale(of: study)),
                ])
        }
    }

    /// The total row (and for binary data the total-events row) of `studies`.
    func addTotal(
        _ label: String, studies: [AnalysisStudy], result: PoolResult?, weight: Double, pool: PoolAnalysis,
        indent: String = "", to table: inout TextTable
    ) {
        for row in totalRows(label, studies: studies, result: result, weight: weight, pool: pool) {
            table.add([indent + row[0]] + row.dropFirst())
        }
    }

    /// The cells of a total row — label, each arm's total, weight, estimate [CI] — and, for
    /// binary data, of its total-events row. The SVG forest plot shows the same cells.
    func totalRows(
        _ label: String, studies: [AnalysisStudy], result: PoolResult?, weight: Double, pool: PoolAnalysis
    ) -> [[String]] {
        let estimate = estimateText(result?.estimate, result?.interval, scale: pool.scale)
        let weightText = NumberFormat.fixed(weight, 1) + "%"
        switch pool.outcome.kind {
        case .binary:
            let counts = studies.compactMap { if case .binary(let c) = $0.data { c } else { nil } }
            return [
                [
                    label, "", NumberFormat.data(counts.reduce(0) { $0 + $1.totalE }), "",
                    NumberFormat.data(counts.reduce(0) { $0 + $1.totalC }), weightText, estimate,
                ],
                [
                    RevManLabels.totalEvents, NumberFormat.data(counts.reduce(0) { $0 + $1.eventsE }), "",
                    NumberFormat.data(counts.reduce(0) { $0 + $1.eventsC }), "", "", "",
                ],
            ]
        case .continuous:
            let arms = studies.compactMap { if case .continuous(let a) = $0.data { a } else { nil } }
            return [
                [
                    label, "", "", NumberFormat.data(arms.reduce(0) { $0 + $1.nE }), "", "",
                    NumberFormat.data(arms.reduce(0) { $0 + $1.nC }), weightText, estimate,
                ]
            ]
        case .generic, .observedMinusExpected:
            return [[label, "", "", weightText, estimate]]
        case .correlation:
            let total = studies.reduce(0) { $0 + ($1.data.size ?? 0) }
            return [[label, "", NumberFormat.data(total), weightText, estimate]]
        case .proportion:
            let groups = studies.compactMap { if case .proportion(let p) = $0.data { p } else { nil } }
            return [
                [label, "", NumberFormat.data(groups.reduce(0) { $0 + $1.total }), weightText, estimate],
                [RevManLabels.totalEvents, NumberFormat.data(groups.reduce(0) { $0 + $1.events }), "", "", ""],
            ]
        case .rate:
            return rateTotalRows(label, studies: studies, weightText: weightText, estimate: estimate)
        }
    }

    /// A total row of rates (each arm's person-time) and its total-events row.
    private func rateTotalRows(
        _ label: String, studies: [AnalysisStudy], weightText: String, estimate: String
    ) -> [[String]] {
        let rates = studies.compactMap { if case .rate(let r) = $0.data { r } else { nil } }
        let sum = { (value: (IncidenceRates) -> Double) in NumberFormat.data(rates.reduce(0) { $0 + value($1) }) }
        return [
            [label, "", sum(\.timeE), "", sum(\.timeC), weightText, estimate],
            [RevManLabels.totalEvents, sum(\.eventsE), "", sum(\.eventsC), "", "", ""],
        ]
    }

    /// The table's lines under the arm heading.
    func render(_ table: TextTable, _ pool: PoolAnalysis) -> [String] {
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
        let perArm = dataColumnsPerArm(pool)
        var line = String(repeating: " ", count: widths[0] + gap)
        if perArm > 0 {
            line += centered(pool.outcome.experimentalArm, span(1..<(1 + perArm))) + String(repeating: " ", count: gap)
            line +=
                centered(pool.outcome.controlArm, span((1 + perArm)..<(1 + 2 * perArm)))
                + String(repeating: " ", count: gap)
        } else {
            line += String(repeating: " ", count: span(1..<3) + gap)
        }
        line += String(repeating: " ", count: widths[widths.count - 2] + gap) + RevManLabels.effectName(pool)
        return line.trimmingTrailing()
    }

    /// The data columns under each arm's name: events and total (or person-time), or mean, SD
    /// and total; none for data of one column set (generic, O − E, single groups).
    func dataColumnsPerArm(_ pool: PoolAnalysis) -> Int {
        switch pool.outcome.kind {
        case .binary, .rate: 2
        case .continuous: 3
        case .generic, .observedMinusExpected, .proportion, .correlation: 0
        }
    }

    /// Each study's data cells; a column of decimals shows them all with as many decimals as
    /// its most precise value (up to 4), so that the column lines up.
    func dataCells(_ rows: [StudyData]) -> [[String]] {
        let values: [[Double]] = rows.map { data in
            switch data {
            case .binary(let c): [c.eventsE, c.totalE, c.eventsC, c.totalC]
            case .continuous(let a): [a.meanE, a.sdE, a.nE, a.meanC, a.sdC, a.nC]
            case .generic(let g): [g.estimate, g.standardError]
            case .observedMinusExpected(let z): [z.oMinusE, z.variance]
            case .proportion(let p): [p.events, p.total]
            case .rate(let r): [r.eventsE, r.timeE, r.eventsC, r.timeC]
            case .correlation(let c): [c.r, c.n]
            }
        }
        let columns = values.first?.count ?? 0
        let decimals = (0..<columns).map { column in
            values.map { NumberFormat.decimalsNeeded($0[column], max: 4) }.max() ?? 0
        }
        // A column holding a value that four decimals would show as 0 (an SE of 1e-100), or one
        // of 1e9 or more, is written with three significant digits instead.
        let scientific = (0..<columns).map { column in
            values.contains {
                let x = abs($0[column]); return (x > 0 && x < 0.00005) || x >= 1e9
            }
        }
        return values.map { row in
            row.enumerated().map {
                scientific[$0.offset]
                    ? NumberFormat.printf("%.*g", $0.element, 3) : NumberFormat.fixed($0.element, decimals[$0.offset])
            }
        }
    }

    func weightText(_ row: StudyRow) -> String {
        row.effect == nil && row.weightPercent == 0 ? "" : NumberFormat.fixed(row.weightPercent, 1) + "%"
    }

    // MARK: - Lines under the table

    /// Heterogeneity, overall effect and prediction interval.
    func footer(_ r: PoolResult, pool: PoolAnalysis, indent: String = "", prediction: Bool = true) -> [String] {
        var lines = [indent + labels.heterogeneityLine(r)]
        // RevMan 5 has neither the Q-profile intervals nor the prediction interval.
        let prediction = prediction && !style.revman
        if prediction, let ci = r.heterogeneityIntervals {
            // An upper bound beyond the search is "above" the largest τ² searched.
            let above = ci.upperBeyond != nil ? "> " : ""
            let tau2Upper = above + NumberFormat.tau2(ci.upperBeyond ?? ci.tau2.upper)
            var line =
                indent + "  \(NumberFormat.data(r.options.level))% CI (Q-profile): \(style.tau2) "
                + "[\(NumberFormat.tau2(ci.tau2.lower)), \(tau2Upper)]"
            if let i2 = ci.i2 {
                line += "; \(style.i2) [\(NumberFormat.percent(i2.lower)), \(above)\(NumberFormat.percent(i2.upper))]"
            }
            lines.append(line)
        }
        lines.append(indent + labels.overallEffectLine(r))
        if prediction && r.options.model == .random {
            if let pi = r.prediction {
                lines.append(
                    indent
                        + "Prediction interval: [\(NumberFormat.fixed(RevManLabels.natural(pi.lower, pool.scale))), \(NumberFormat.fixed(RevManLabels.natural(pi.upper, pool.scale)))]"
                )
            } else if r.options.convention == .revman {
                lines.append(indent + "Prediction interval: Not applicable (fewer than 3 studies)")
            }
        }
        return lines
    }

    /// The notes under an analysis. Counts are of rows — "studies" unless a study has several
    /// qualified rows in the analysis, as RevMan counts them.
    func notes(_ pool: PoolAnalysis) -> [String] {
        notes(pool.result, byRow: pool.studies.contains { $0.qualifier != nil })
    }

    /// The notes of a result whose studies are counted as rows (`byRow`) or as studies.
    func notes(_ r: PoolResult, byRow: Bool) -> [String] {
        // RevMan prints no notes: a study it cannot estimate says so in its row.
        guard !style.revman else { return [] }
        func rows(_ count: Int) -> String {
            byRow ? "\(count) \(count == 1 ? "row" : "rows")" : "\(count) \(count == 1 ? "study" : "studies")"
        }
        var lines: [String] = []
        for note in r.notes {
            switch note {
            case .notEstimable(let count):
                lines.append("Note: \(rows(count)) not estimable (no events, or only events, in both arms)")
            case .continuityCorrected(let count):
                lines.append("Note: 0.5 added to each cell of \(rows(count)) with a zero cell")
            case .estimateUndefined:
                lines.append("Note: the pooled estimate is undefined (no events in one arm across all studies)")
            case .knappHartungZeroVariance:
                lines.append(
                    "Note: the studies' estimates are identical, so the Knapp-Hartung SE is 0 and its t test is not defined"
                )
            case .searchIntervalWidened:
                lines.append("Note: the Paule-Mandel \(style.tau2) lies above 100; the search interval was widened")
            case .heterogeneityIntervalsNotConverged:
                lines.append(
                    "Note: the Q-profile intervals for \(style.tau2), \(style.i2) and \(style.h2) did not converge and are left out"
                )
            }
        }
        return lines
    }
}
