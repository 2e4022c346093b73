import ForestEval
import ForestStats
import Foundation

/// A forest plot as SVG, in RevMan's layout: columns for the study, each arm's data, the weight
/// and the estimate [CI], then the plot — a square per study with area proportional to its
/// weight and its CI as a line (an arrow where it leaves the axis), a diamond for each total
/// spanning its CI, the line of no effect, a log axis for ratios, "favours" labels, and the
/// heterogeneity, overall-effect and subgroup-difference lines. Drawn from result values only.
///
/// Elements carry their numbers (`data-*` attributes on squares, CI lines, diamonds and the
/// axis) so that tests can check every position against the analysis.
public struct ForestPlotSVG: Sendable {
    public init() {}

    static let rowHeight = 18.0
    static let fontSize = 11.0
    static let smallSize = 10.0
    static let margin = 16.0
    static let plotWidth = 280.0
    static let gap = 14.0
    static let maxSquare = 14.0

    enum Row {
        case heading(String)
        case study(AnalysisStudy, StudyRow)
        case total(label: String, studies: [AnalysisStudy], result: PoolResult?, weight: Double, bold: Bool)
        case events(label: String, studies: [AnalysisStudy])
        case note(String)
        case prediction(Interval)
        case blank
    }

    public func render(_ figure: FigureAnalysis) -> String {
        let pool = figure.pool
        let text = PoolText(style: TextStyle())
        var rows: [Row] = []
        var footnotes: [String] = []
        let level = NumberFormat.data(pool.result.options.level)
        let weights = Dictionary(zip(pool.studies.map(\.label), pool.result.studies), uniquingKeysWith: { a, _ in a })
        switch figure.content {
        case .pool(let p):
            rows += zip(p.studies, p.result.studies).map { Row.study($0, $1) }
        case .subgroup(let s):
            for group in s.groups {
                rows.append(.heading("\(s.attribute) = \(group.value)"))
                let studyRows = group.studies.map { weights[$0.label]! }
                rows += zip(group.studies, studyRows).map { Row.study($0, $1) }
                rows.append(
                    .total(
                        label: "Subtotal (\(level)% CI)", studies: group.studies, result: group.result,
                        weight: studyRows.reduce(0) { $0 + $1.weightPercent }, bold: true))
                if pool.outcome.kind == .binary { rows.append(.events(label: "Total events", studies: group.studies)) }
                if let result = group.result {
                    rows.append(.note(text.heterogeneityLine(result)))
                    rows.append(.note(text.overallEffectLine(result)))
                }
                rows.append(.blank)
            }
        }
        if case .pool = figure.content { rows.append(.blank) }
        rows.append(
            .total(label: "Total (\(level)% CI)", studies: pool.studies, result: pool.result, weight: 100, bold: true))
        if pool.outcome.kind == .binary { rows.append(.events(label: "Total events", studies: pool.studies)) }
        if figure.showPrediction, let pi = pool.result.prediction { rows.append(.prediction(pi)) }
        footnotes.append(text.heterogeneityLine(pool.result))
        footnotes.append(text.overallEffectLine(pool.result))
        if case .subgroup(let s) = figure.content { footnotes.append(text.subgroupTestLine(s.test)) }
        return draw(figure, rows: rows, footnotes: footnotes)
    }

    // MARK: - Layout

    private func cells(_ row: Row, pool: PoolAnalysis, dataCells: [String: [String]]) -> [String]? {
        let text = PoolText(style: TextStyle())
        switch row {
        case .study(let study, let r):
            return [study.label] + dataCells[study.label]! + [
                text.weightText(r), text.estimateText(r.effect?.y, r.interval, logScale: pool.logScale),
            ]
        case .total(let label, let studies, let result, let weight, _):
            return text.totalRows(label, studies: studies, result: result, weight: weight, pool: pool)[0]
        case .events(let label, let studies):
            var row = text.totalRows(label, studies: studies, result: nil, weight: 0, pool: pool)[1]
            row[0] = label
            return row
        case .heading(let title):
            return [title]
        case .prediction:
            return ["Prediction interval"]
        case .note, .blank:
            return nil
        }
    }

    private func draw(_ figure: FigureAnalysis, rows: [Row], footnotes: [String]) -> String {
        let pool = figure.pool
        let text = PoolText(style: TextStyle())
        let options = pool.result.options
        let headings = ["Study or Subgroup"] + text.dataHeadings(pool) + ["Weight", text.columnTitle(options)]
        let dataCells = Dictionary(
            zip(pool.studies.map(\.label), text.dataCells(pool.studies.map(\.data))), uniquingKeysWith: { a, _ in a })
        let table = rows.map { cells($0, pool: pool, dataCells: dataCells) }

        // Column widths from the widest text in each, headings included.
        var widths = headings.map { TextMetrics.width($0, size: Self.fontSize, bold: true) }
        for (row, cells) in zip(rows, table) {
            guard let cells, cells.count == headings.count else {
                if case .heading(let title) = row {
                    widths[0] = max(widths[0], TextMetrics.width(title, size: Self.fontSize, bold: true))
                }
                continue
            }
            var bold = false
            if case .total(_, _, _, _, let b) = row { bold = b }
            for (i, cell) in cells.enumerated() {
                widths[i] = max(widths[i], TextMetrics.width(cell, size: Self.fontSize, bold: bold || i == 0 && bold))
            }
        }
        widths[0] = max(widths[0], TextMetrics.width("Prediction interval", size: Self.fontSize))
        // Each arm's name must fit over its columns.
        let perArmColumns = pool.outcome.kind == .binary ? 2 : pool.outcome.kind == .continuous ? 3 : 0
        for (arm, first) in [(pool.outcome.experimentalArm, 1), (pool.outcome.controlArm, 1 + perArmColumns)]
        where perArmColumns > 0 {
            let span = widths[first..<(first + perArmColumns)].reduce(0, +) + Self.gap * Double(perArmColumns - 1)
            let needed = TextMetrics.width(arm, size: Self.fontSize, bold: true)
            if needed > span { widths[first + perArmColumns - 1] += needed - span }
        }
        var x = [Self.margin]
        for w in widths { x.append(x.last! + w + Self.gap) }
        let plotX0 = x.last! + 4, plotX1 = plotX0 + Self.plotWidth

        // Axis range: every study's and total's interval, up to RevMan's widest range.
        var ends: [Double] = []
        for row in rows {
            switch row {
            case .study(_, let r): if let i = r.interval { ends += [i.lower, i.upper] }
            case .total(_, _, let r, _, _): if let i = r?.interval { ends += [i.lower, i.upper] }
            default: break
            }
        }
        let axis = EffectAxis(covering: ends.filter(\.isFinite).map(abs).max() ?? 1, logScale: pool.logScale)
        let xOf: (Double) -> Double = { v in
            plotX0 + (v - axis.minimum) / (axis.maximum - axis.minimum) * Self.plotWidth
        }

        let titleY = Self.margin + 12
        let header1 = titleY + 22, header2 = header1 + 15
        let bodyTop = header2 + 8
        let footY0 = bodyTop + Double(rows.count) * Self.rowHeight + 8
        // Footnotes go left of the axis unless they would reach into the plot.
        let footWidth = footnotes.map { TextMetrics.width($0, size: Self.smallSize) }.max() ?? 0
        let footBeside = Self.margin + footWidth < plotX0 - 8
        let axisLabelsY = footY0 + 14, favoursY = axisLabelsY + 15
        let footStart = footBeside ? footY0 + 12 : favoursY + 20
        let height = max(footStart + Double(footnotes.count) * 14, favoursY + 10) + Self.margin
        let width = plotX1 + Self.margin + 30
        var svg = SVG(width: width, height: height)

        // Title and headings.
        svg.text(pool.outcome.title, x: Self.margin, y: titleY, size: 13, bold: true)
        let perArm = perArmColumns
        if perArm > 0 {
            let e0 = x[1], e1 = x[1 + perArm] - Self.gap
            let c0 = x[1 + perArm], c1 = x[1 + 2 * perArm] - Self.gap
            svg.text(pool.outcome.experimentalArm, x: (e0 + e1) / 2, y: header1, anchor: .middle, bold: true)
            svg.text(pool.outcome.controlArm, x: (c0 + c1) / 2, y: header1, anchor: .middle, bold: true)
            svg.line(e0, header1 + 3, e1, header1 + 3, stroke: "#888", width: 0.5)
            svg.line(c0, header1 + 3, c1, header1 + 3, stroke: "#888", width: 0.5)
        }
        let effect = text.effectName(pool)
        svg.text(effect, x: x[x.count - 2], y: header1, bold: true)
        svg.text(effect, x: (plotX0 + plotX1) / 2, y: header1, anchor: .middle, bold: true)
        for (i, heading) in headings.enumerated() {
            let rightAligned = i > 0 && i < headings.count - 1
            svg.text(
                heading, x: rightAligned ? x[i + 1] - Self.gap : x[i], y: header2, anchor: rightAligned ? .end : .start,
                bold: true)
        }
        svg.text(text.columnTitle(options), x: (plotX0 + plotX1) / 2, y: header2, anchor: .middle, bold: true)
        svg.line(Self.margin, header2 + 4, plotX1, header2 + 4, stroke: "#000", width: 0.75)

        // The line of no effect, behind everything else.
        svg.line(
            xOf(axis.null), bodyTop, xOf(axis.null), footY0, stroke: "#000", width: 0.75,
            extra: [("class", "null-line")])

        let maxWeight = pool.result.studies.map(\.weightPercent).max() ?? 100
        for (index, (row, cells)) in zip(rows, table).enumerated() {
            let top = bodyTop + Double(index) * Self.rowHeight
            let baseline = top + 13, middle = top + Self.rowHeight / 2
            if let cells {
                var bold = false
                if case .total(_, _, _, _, let b) = row { bold = b }
                if case .heading = row { bold = true }
                for (i, cell) in cells.enumerated() where !cell.isEmpty {
                    let rightAligned = i > 0 && i < headings.count - 1
                    svg.text(
                        cell, x: rightAligned ? x[i + 1] - Self.gap : x[i], y: baseline,
                        anchor: rightAligned ? .end : .start,
                        bold: bold && (i == 0 || i >= headings.count - 2))
                }
            }
            switch row {
            case .study(let study, let r):
                guard let effect = r.effect, let interval = r.interval else { continue }
                drawInterval(&svg, interval, y: middle, xOf: xOf, axis: axis, label: study.label)
                if effect.y >= axis.minimum && effect.y <= axis.maximum {
                    let side = Self.maxSquare * (r.weightPercent / maxWeight).squareRoot()
                    svg.rect(
                        xOf(effect.y) - side / 2, middle - side / 2, side, side, fill: "#1f4e79",
                        extra: [
                            ("class", "square"), ("data-study", study.label), ("data-weight", String(r.weightPercent)),
                            ("data-estimate", String(effect.y)),
                        ])
                }
            case .total(let label, _, let result, _, _):
                guard let result, let estimate = result.estimate, let interval = result.interval else { continue }
                let lo = xOf(max(interval.lower, axis.minimum)), hi = xOf(min(interval.upper, axis.maximum))
                let mid = xOf(min(max(estimate, axis.minimum), axis.maximum))
                svg.polygon(
                    [(lo, middle), (mid, middle - 5), (hi, middle), (mid, middle + 5)], fill: "#000",
                    extra: [
                        ("class", "diamond"), ("data-label", label), ("data-estimate", String(estimate)),
                        ("data-lower", String(interval.lower)), ("data-upper", String(interval.upper)),
                    ])
            case .prediction(let pi):
                let lo = xOf(max(pi.lower, axis.minimum)), hi = xOf(min(pi.upper, axis.maximum))
                svg.rect(
                    lo, middle - 2, hi - lo, 4, fill: "#c00000",
                    extra: [
                        ("class", "prediction"), ("data-lower", String(pi.lower)), ("data-upper", String(pi.upper)),
                    ])
            case .note(let line):
                svg.text(line, x: x[0], y: baseline, size: Self.smallSize)
            default:
                break
            }
        }

        // Axis, ticks, favours labels.
        svg.line(
            plotX0, footY0, plotX1, footY0, stroke: "#000", width: 0.75,
            extra: [
                ("class", "axis"), ("data-min", String(axis.minimum)), ("data-max", String(axis.maximum)),
                ("data-log", axis.logScale ? "true" : "false"),
            ])
        for tick in axis.ticks {
            svg.line(xOf(tick.value), footY0, xOf(tick.value), footY0 + 4, stroke: "#000", width: 0.75)
            svg.text(tick.label, x: xOf(tick.value), y: axisLabelsY, anchor: .middle, size: Self.smallSize)
        }
        svg.text(pool.outcome.favoursLeft, x: xOf(axis.null) - 6, y: favoursY, anchor: .end, size: Self.smallSize)
        svg.text(pool.outcome.favoursRight, x: xOf(axis.null) + 6, y: favoursY, size: Self.smallSize)
        for (i, line) in footnotes.enumerated() {
            svg.text(line, x: Self.margin, y: footStart + Double(i) * 14, size: Self.smallSize)
        }
        return svg.render(title: "\(pool.outcome.title): \(effect) (\(text.columnTitle(options)))")
    }

    /// A study's CI as a line, ending in an arrow where it runs off the axis.
    private func drawInterval(
        _ svg: inout SVG, _ interval: Interval, y: Double, xOf: (Double) -> Double, axis: EffectAxis, label: String
    ) {
        let lo = max(interval.lower, axis.minimum), hi = min(interval.upper, axis.maximum)
        guard lo <= hi else {
            // Entirely off the axis: an arrow at the side it lies on.
            let x = interval.upper < axis.minimum ? xOf(axis.minimum) : xOf(axis.maximum)
            let direction: Double = interval.upper < axis.minimum ? -1 : 1
            svg.polygon(
                [(x + direction * 6, y), (x, y - 3.5), (x, y + 3.5)], fill: "#000", extra: [("class", "arrow")])
            return
        }
        svg.line(
            xOf(lo), y, xOf(hi), y, stroke: "#000", width: 1,
            extra: [
                ("class", "ci"), ("data-study", label), ("data-lower", String(interval.lower)),
                ("data-upper", String(interval.upper)),
            ])
        if interval.lower < axis.minimum {
            svg.polygon(
                [(xOf(lo) - 1, y), (xOf(lo) + 6, y - 3.5), (xOf(lo) + 6, y + 3.5)], fill: "#000",
                extra: [("class", "arrow")])
        }
        if interval.upper > axis.maximum {
            svg.polygon(
                [(xOf(hi) + 1, y), (xOf(hi) - 6, y - 3.5), (xOf(hi) - 6, y + 3.5)], fill: "#000",
                extra: [("class", "arrow")])
        }
    }
}
