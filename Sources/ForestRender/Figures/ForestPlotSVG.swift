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
    /// The smallest square: a study of tiny weight stays visible (RevMan and metafor keep a
    /// minimum too).
    static let minSquare = 4.0

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
        var text = PoolText(style: TextStyle())
        text.decimals = figure.style.decimals ?? 2
        // The "Total events" rows belong to the data columns.
        let counts = pool.outcome.kind == .binary && figure.style.shows(.data)
        var rows: [Row] = []
        var footnotes: [String] = []
        let weights = Dictionary(zip(pool.studies.map(\.label), pool.result.studies), uniquingKeysWith: { a, _ in a })
        switch figure.content {
        case .pool(let p):
            rows += zip(p.studies, p.result.studies).map { Row.study($0, $1) }
        case .subgroup(let s):
            for group in s.groups {
                rows.append(.heading(group.heading(attribute: s.attribute)))
                let studyRows = group.studies.map { weights[$0.label]! }
                rows += zip(group.studies, studyRows).map { Row.study($0, $1) }
                rows.append(
                    .total(
                        label: RevManLabels.total(pool.result.options, subtotal: true), studies: group.studies,
                        result: group.result,
                        weight: studyRows.reduce(0) { $0 + $1.weightPercent }, bold: true))
                if counts {
                    rows.append(.events(label: RevManLabels.totalEvents, studies: group.studies))
                }
                if let result = group.result {
                    rows.append(.note(text.labels.heterogeneityLine(result)))
                    rows.append(.note(text.labels.overallEffectLine(result)))
                } else {
                    // As RevMan words a subgroup with no estimable study.
                    rows.append(.note("Heterogeneity: Not applicable"))
                    rows.append(.note("Test for overall effect: Not applicable"))
                }
                rows.append(.blank)
            }
        }
        if case .pool = figure.content { rows.append(.blank) }
        rows.append(
            .total(
                label: RevManLabels.total(pool.result.options), studies: pool.studies, result: pool.result, weight: 100,
                bold: true))
        if counts { rows.append(.events(label: RevManLabels.totalEvents, studies: pool.studies)) }
        if figure.showPrediction, let pi = pool.result.prediction { rows.append(.prediction(pi)) }
        footnotes.append(text.labels.heterogeneityLine(pool.result))
        footnotes.append(text.labels.overallEffectLine(pool.result))
        if case .subgroup(let s) = figure.content { footnotes.append(text.labels.subgroupTestLine(s.test)) }
        return draw(figure, rows: rows, footnotes: footnotes)
    }

    // MARK: - Layout

    private func cells(_ row: Row, pool: PoolAnalysis, dataCells: [String: [String]], decimals: Int) -> [String]? {
        var text = PoolText(style: TextStyle())
        text.decimals = decimals
        switch row {
        case .study(let study, let r):
            return [study.label] + dataCells[study.label]! + [
                text.weightText(r), text.estimateText(r.effect?.y, r.interval, scale: pool.scale(of: study)),
            ]
        case .total(let label, let studies, let result, let weight, _):
            return text.totalRows(label, studies: studies, result: result, weight: weight, pool: pool)[0]
        case .events(let label, let studies):
            var row = text.totalRows(label, studies: studies, result: nil, weight: 0, pool: pool)[1]
            row[0] = label
            return row
        case .heading(let title):
            return [title]
        case .prediction(let pi):
            // RevMan Web's layout: the interval in the estimate column.
            let lower = RevManLabels.natural(pi.lower, pool.scale)
            let upper = RevManLabels.natural(pi.upper, pool.scale)
            let cells =
                [RevManLabels.predictionInterval] + Array(repeating: "", count: text.dataHeadings(pool).count + 1)
            return cells + ["[\(NumberFormat.fixed(lower, decimals)), \(NumberFormat.fixed(upper, decimals))]"]
        case .note, .blank:
            return nil
        }
    }

    /// Text sizes and vertical spacing, scaled together by `fontsize` (11 points: scale 1).
    struct Metrics {
        var scale: Double

        init(_ style: FigureStyle) { scale = (style.fontSize ?? ForestPlotSVG.fontSize) / ForestPlotSVG.fontSize }

        var font: Double { ForestPlotSVG.fontSize * scale }
        var small: Double { ForestPlotSVG.smallSize * scale }
        var row: Double { ForestPlotSVG.rowHeight * scale }
        /// A vertical distance at 11 points, at this size.
        func y(_ distance: Double) -> Double { distance * scale }
    }

    /// Where everything of one plot goes: the table's cells and columns, the plot's axis, and
    /// the heights of the title, headings, body and footnotes.
    struct Layout {
        var pool: PoolAnalysis
        var rows: [Row]
        var footnotes: [String]
        var headings: [String]
        var table: [[String]?]
        /// Left edge of each column, then the right end of the last one.
        var x: [Double]
        /// Data columns per arm (binary 2, continuous 3, generic 0).
        var perArm: Int
        var plotX0: Double, plotX1: Double
        var axis: EffectAxis
        /// The largest study weight, whose square is the largest.
        var maxWeight: Double
        /// The title and the favours labels, wrapped to the room they have.
        var title: WrappedText, favoursLeft: WrappedText, favoursRight: WrappedText
        var titleY: Double, header1: Double, header2: Double, bodyTop: Double, footY0: Double
        var axisLabelsY: Double, favoursY: Double, footStart: Double, width: Double, height: Double
        var style: FigureStyle
        /// The text's sizes and the spacing that follows them (`fontsize`).
        var metrics: Metrics

        func xOf(_ v: Double) -> Double {
            plotX0 + (v - axis.minimum) / (axis.maximum - axis.minimum) * (plotX1 - plotX0)
        }

        /// Cells between the first and the last two are numbers, right-aligned in their column.
        func cellX(_ i: Int) -> (x: Double, anchor: SVG.Anchor) {
            let rightAligned = i > 0 && i < headings.count - 1
            return rightAligned ? (x[i + 1] - ForestPlotSVG.gap, .end) : (x[i], .start)
        }
    }

    private func draw(_ figure: FigureAnalysis, rows: [Row], footnotes: [String]) -> String {
        let layout = self.layout(figure.pool, rows: rows, footnotes: footnotes, style: figure.style)
        let robColumns = figure.rob?.domains.count ?? 0
        let robKeyHeight = robColumns > 0 ? Double(robColumns) * layout.metrics.y(12) + 20 : 0
        var svg = SVG(
            width: layout.width + (robColumns > 0 ? Double(robColumns) * Self.robCell + 10 : 0),
            height: layout.height + robKeyHeight)
        drawHeadings(&svg, layout)
        // The line of no effect, behind everything else.
        svg.line(
            layout.xOf(layout.axis.null), layout.bodyTop, layout.xOf(layout.axis.null), layout.footY0, stroke: "#000",
            width: 0.75, extra: [("class", "null-line")])
        for index in rows.indices { drawRow(&svg, layout, index) }
        drawAxis(&svg, layout)
        if let rob = figure.rob { drawRob(&svg, layout, rob) }
        let pool = figure.pool
        return svg.render(
            title:
                "\(pool.outcome.title): \(RevManLabels.effectName(pool)) (\(RevManLabels.columnTitle(pool.result.options)))"
        )
    }

    private func layout(_ pool: PoolAnalysis, rows: [Row], footnotes: [String], style: FigureStyle) -> Layout {
        let m = Metrics(style)
        let (headings, table, perArm) = self.table(pool, rows: rows, style: style)
        let widths = columnWidths(pool, headings: headings, rows: rows, table: table, perArm: perArm, metrics: m)
        var x = [Self.margin]
        for w in widths { x.append(x.last! + w + Self.gap) }
        let plotWidth = style.width ?? Self.plotWidth
        let plotX0 = x.last! + 4, plotX1 = plotX0 + plotWidth
        let width = plotX1 + Self.margin + 30
        let selection = pool.outcome.selection.map { " (only \($0))" } ?? ""
        let title = WrappedText.fit(
            style.title ?? pool.outcome.title + selection, width: width - 2 * Self.margin, size: m.y(13), bold: true)
        // Each favours label between the line of no effect and its end of the axis (the left
        // one clear of footnotes beside the axis, the right one up to the canvas's margin).
        var axis = self.axis(rows, logScale: pool.logScale, style: style)
        axis.natural = pool.scale
        let null = plotX0 + (axis.null - axis.minimum) / (axis.maximum - axis.minimum) * plotWidth
        let favoursLeft = WrappedText.fit(pool.outcome.favoursLeft, width: null - plotX0 - 8, size: m.small)
        let favoursRight = WrappedText.fit(pool.outcome.favoursRight, width: plotX1 - null + 22, size: m.small)
        let favoursLines = Double(max(favoursLeft.lines.count, favoursRight.lines.count))
        let titleY = Self.margin + m.y(12)
        let header1 = titleY + m.y(22) + m.y(16) * Double(title.lines.count - 1), header2 = header1 + m.y(15)
        let bodyTop = header2 + m.y(8)
        let footY0 = bodyTop + Double(rows.count) * m.row + m.y(8)
        // Footnotes go left of the axis unless they would reach into the plot.
        let footWidth = footnotes.map { TextMetrics.width($0, size: m.small) }.max() ?? 0
        let footBeside = Self.margin + footWidth < plotX0 - 8
        let axisLabelsY = footY0 + m.y(14), favoursY = axisLabelsY + m.y(15)
        let favoursBottom = favoursY + m.y(12) * (favoursLines - 1)
        let footStart = footBeside ? footY0 + m.y(12) : favoursBottom + m.y(20)
        return Layout(
            pool: pool, rows: rows, footnotes: footnotes, headings: headings, table: table, x: x, perArm: perArm,
            plotX0: plotX0, plotX1: plotX1, axis: axis,
            maxWeight: pool.result.studies.map(\.weightPercent).max() ?? 100, title: title,
            favoursLeft: favoursLeft, favoursRight: favoursRight, titleY: titleY,
            header1: header1, header2: header2, bodyTop: bodyTop, footY0: footY0, axisLabelsY: axisLabelsY,
            favoursY: favoursY, footStart: footStart, width: width,
            height: max(footStart + Double(footnotes.count) * m.y(14), favoursBottom + m.y(10)) + Self.margin,
            style: style, metrics: m)
    }

    /// The table's headings and cells with the columns `style` shows (study, data, weight,
    /// estimate), and how many data columns each arm has there.
    private func table(
        _ pool: PoolAnalysis, rows: [Row], style: FigureStyle
    ) -> (headings: [String], table: [[String]?], perArm: Int) {
        let text = PoolText(style: TextStyle())
        let headings =
            [RevManLabels.studyColumn] + text.dataHeadings(pool) + [
                RevManLabels.weightColumn, RevManLabels.columnTitle(pool.result.options),
            ]
        let dataCells = Dictionary(
            zip(pool.studies.map(\.label), text.dataCells(pool.studies.map(\.data))), uniquingKeysWith: { a, _ in a })
        let table = rows.map { cells($0, pool: pool, dataCells: dataCells, decimals: style.decimals ?? 2) }
        var perArm = pool.outcome.kind == .binary ? 2 : pool.outcome.kind == .continuous ? 3 : 0
        let data = 1..<(headings.count - 2), weight = headings.count - 2
        let hidden = Set((style.shows(.data) ? [] : Array(data)) + (style.shows(.weight) ? [] : [weight]))
        guard !hidden.isEmpty else { return (headings, table, perArm) }
        if !style.shows(.data) { perArm = 0 }
        func kept(_ cells: [String]) -> [String] {
            cells.count == headings.count
                ? cells.enumerated().filter { !hidden.contains($0.offset) }.map(\.element) : cells
        }
        return (kept(headings), table.map { $0.map(kept) }, perArm)
    }

    /// Column widths from the widest text in each, headings included; each arm's name must fit
    /// over its columns.
    private func columnWidths(
        _ pool: PoolAnalysis, headings: [String], rows: [Row], table: [[String]?], perArm: Int, metrics m: Metrics
    ) -> [Double] {
        var widths = headings.map { TextMetrics.width($0, size: m.font, bold: true) }
        for (row, cells) in zip(rows, table) {
            guard let cells, cells.count == headings.count else {
                if case .heading(let title) = row {
                    widths[0] = max(widths[0], TextMetrics.width(title, size: m.font, bold: true))
                }
                continue
            }
            var bold = false
            if case .total(_, _, _, _, let b) = row { bold = b }
            for (i, cell) in cells.enumerated() {
                widths[i] = max(widths[i], TextMetrics.width(cell, size: m.font, bold: bold || i == 0 && bold))
            }
        }
        widths[0] = max(widths[0], TextMetrics.width(RevManLabels.predictionInterval, size: m.font))
        for (arm, first) in [(pool.outcome.experimentalArm, 1), (pool.outcome.controlArm, 1 + perArm)] where perArm > 0
        {
            let span = widths[first..<(first + perArm)].reduce(0, +) + Self.gap * Double(perArm - 1)
            let needed = TextMetrics.width(arm, size: m.font, bold: true)
            if needed > span { widths[first + perArm - 1] += needed - span }
        }
        return widths
    }

    /// Axis range: from the studies' estimates and intervals and the totals' estimates
    /// (`EffectAxis.fitting`); a total's interval or a prediction interval wider than that runs
    /// off the axis with an arrow. Without any study interval, the totals' intervals.
    private func axis(_ rows: [Row], logScale: Bool, style: FigureStyle) -> EffectAxis {
        if let (lower, upper) = style.xlim {
            let scale: (Double) -> Double = { logScale ? log($0) : $0 }
            return EffectAxis(
                minimum: scale(lower), maximum: scale(upper), logScale: logScale, ticks: style.ticks?.map(scale))
        }
        var estimates: [Double] = [], limits: [(Double, Double)] = [], totalLimits: [(Double, Double)] = []
        for row in rows {
            switch row {
            case .study(_, let r):
                if let e = r.effect { estimates.append(e.y) }
                if let i = r.interval { limits.append((i.lower, i.upper)) }
            case .total(_, _, let r, _, _):
                if let e = r?.estimate { estimates.append(e) }
                if let i = r?.interval { totalLimits.append((i.lower, i.upper)) }
            default: break
            }
        }
        return EffectAxis.fitting(
            estimates: estimates, studyIntervals: limits.isEmpty ? totalLimits : limits, logScale: logScale)
    }

    /// The title, the arms over their columns, the column headings and the rule under them.
    private func drawHeadings(_ svg: inout SVG, _ l: Layout) {
        for (i, line) in l.title.lines.enumerated() {
            svg.text(line, x: Self.margin, y: l.titleY + l.metrics.y(16) * Double(i), size: l.title.size, bold: true)
        }
        if l.perArm > 0 {
            let e0 = l.x[1], e1 = l.x[1 + l.perArm] - Self.gap
            let c0 = l.x[1 + l.perArm], c1 = l.x[1 + 2 * l.perArm] - Self.gap
            svg.text(
                l.pool.outcome.experimentalArm, x: (e0 + e1) / 2, y: l.header1, anchor: .middle, size: l.metrics.font,
                bold: true)
            svg.text(
                l.pool.outcome.controlArm, x: (c0 + c1) / 2, y: l.header1, anchor: .middle, size: l.metrics.font,
                bold: true)
            svg.line(e0, l.header1 + l.metrics.y(3), e1, l.header1 + l.metrics.y(3), stroke: "#888", width: 0.5)
            svg.line(c0, l.header1 + l.metrics.y(3), c1, l.header1 + l.metrics.y(3), stroke: "#888", width: 0.5)
        }
        let effect = RevManLabels.effectName(l.pool)
        svg.text(effect, x: l.x[l.x.count - 2], y: l.header1, size: l.metrics.font, bold: true)
        svg.text(effect, x: (l.plotX0 + l.plotX1) / 2, y: l.header1, anchor: .middle, size: l.metrics.font, bold: true)
        for (i, heading) in l.headings.enumerated() {
            let (x, anchor) = l.cellX(i)
            svg.text(heading, x: x, y: l.header2, anchor: anchor, size: l.metrics.font, bold: true)
        }
        let title = RevManLabels.columnTitle(l.pool.result.options)
        svg.text(title, x: (l.plotX0 + l.plotX1) / 2, y: l.header2, anchor: .middle, size: l.metrics.font, bold: true)
        svg.line(
            Self.margin, l.header2 + l.metrics.y(4), l.plotX1, l.header2 + l.metrics.y(4), stroke: "#000", width: 0.75)
    }

    /// One row: its cells, then its mark in the plot (square and CI, diamond, prediction bar).
    private func drawRow(_ svg: inout SVG, _ l: Layout, _ index: Int) {
        let row = l.rows[index]
        let top = l.bodyTop + Double(index) * l.metrics.row
        let baseline = top + l.metrics.y(13), middle = top + l.metrics.row / 2
        if let cells = l.table[index] {
            var bold = false
            if case .total(_, _, _, _, let b) = row { bold = b }
            if case .heading = row { bold = true }
            for (i, cell) in cells.enumerated() where !cell.isEmpty {
                let (x, anchor) = l.cellX(i)
                svg.text(
                    cell, x: x, y: baseline, anchor: anchor, size: l.metrics.font,
                    bold: bold && (i == 0 || i >= l.headings.count - 2))
            }
        }
        switch row {
        case .study(let study, let r):
            drawStudy(&svg, l, study, r, y: middle)
        case .total(let label, _, let result, _, _):
            guard let result, let estimate = result.estimate, let interval = result.interval else { return }
            let lo = l.xOf(max(interval.lower, l.axis.minimum)), hi = l.xOf(min(interval.upper, l.axis.maximum))
            let mid = l.xOf(min(max(estimate, l.axis.minimum), l.axis.maximum))
            svg.polygon(
                [(lo, middle), (mid, middle - 5), (hi, middle), (mid, middle + 5)], fill: l.style.diamonds ?? "#000",
                extra: [
                    ("class", "diamond"), ("data-label", label), ("data-estimate", String(estimate)),
                    ("data-lower", String(interval.lower)), ("data-upper", String(interval.upper)),
                ])
            drawArrows(&svg, l, interval, y: middle)
        case .prediction(let pi):
            let lo = l.xOf(max(pi.lower, l.axis.minimum)), hi = l.xOf(min(pi.upper, l.axis.maximum))
            svg.rect(
                lo, middle - 2, hi - lo, 4, fill: l.style.prediction ?? "#c00000",
                extra: [("class", "prediction"), ("data-lower", String(pi.lower)), ("data-upper", String(pi.upper))])
            drawArrows(&svg, l, pi, y: middle)
        case .note(let line):
            svg.text(line, x: l.x[0], y: baseline, size: l.metrics.small)
        case .heading, .events, .blank:
            break
        }
    }

    /// A study's CI and its square, whose area is proportional to its weight.
    private func drawStudy(_ svg: inout SVG, _ l: Layout, _ study: AnalysisStudy, _ r: StudyRow, y middle: Double) {
        guard let effect = r.effect, let interval = r.interval else { return }
        drawInterval(&svg, interval, y: middle, xOf: l.xOf, axis: l.axis, label: study.label)
        guard effect.y >= l.axis.minimum && effect.y <= l.axis.maximum else { return }
        let side = max(Self.minSquare, Self.maxSquare * (r.weightPercent / l.maxWeight).squareRoot())
        svg.rect(
            l.xOf(effect.y) - side / 2, middle - side / 2, side, side, fill: l.style.squares ?? "#1f4e79",
            extra: [
                ("class", "square"), ("data-study", study.label), ("data-weight", String(r.weightPercent)),
                ("data-estimate", String(effect.y)),
            ])
    }

    /// The axis with its ticks, the favours labels and the footnotes.
    private func drawAxis(_ svg: inout SVG, _ l: Layout) {
        let axis = l.axis
        svg.line(
            l.plotX0, l.footY0, l.plotX1, l.footY0, stroke: "#000", width: 0.75,
            extra: [
                ("class", "axis"), ("data-min", String(axis.minimum)), ("data-max", String(axis.maximum)),
                ("data-log", axis.logScale ? "true" : "false"),
            ])
        for tick in axis.ticks {
            svg.line(l.xOf(tick.value), l.footY0, l.xOf(tick.value), l.footY0 + 4, stroke: "#000", width: 0.75)
            svg.text(tick.label, x: l.xOf(tick.value), y: l.axisLabelsY, anchor: .middle, size: l.metrics.small)
        }
        let null = l.xOf(axis.null)
        for (i, line) in l.favoursLeft.lines.enumerated() {
            svg.text(
                line, x: null - 6, y: l.favoursY + l.metrics.y(12) * Double(i), anchor: .end, size: l.favoursLeft.size)
        }
        for (i, line) in l.favoursRight.lines.enumerated() {
            svg.text(line, x: null + 6, y: l.favoursY + l.metrics.y(12) * Double(i), size: l.favoursRight.size)
        }
        for (i, line) in l.footnotes.enumerated() {
            svg.text(line, x: Self.margin, y: l.footStart + Double(i) * l.metrics.y(14), size: l.metrics.small)
        }
    }

    /// Arrows at the axis's ends where a total's or the prediction interval runs past them.
    private func drawArrows(_ svg: inout SVG, _ l: Layout, _ interval: Interval, y: Double) {
        if interval.lower < l.axis.minimum {
            let x = l.plotX0
            svg.polygon([(x - 1, y), (x + 6, y - 3.5), (x + 6, y + 3.5)], fill: "#000", extra: [("class", "arrow")])
        }
        if interval.upper > l.axis.maximum {
            let x = l.plotX1
            svg.polygon([(x + 1, y), (x - 6, y - 3.5), (x - 6, y + 3.5)], fill: "#000", extra: [("class", "arrow")])
        }
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

    static let robCell = 16.0

    /// The risk-of-bias columns (A, B, …) right of the plot, a judgement per study row, as
    /// RevMan 5.3 draws them, and the key of the domains under the plot.
    private func drawRob(_ svg: inout SVG, _ l: Layout, _ rob: (domains: [String], judgements: [String: [String]])) {
        let x0 = l.width - Self.margin - 20
        let letters = rob.domains.indices.map { String(UnicodeScalar(UInt8(ascii: "A") + UInt8($0))) }
        for (i, letter) in letters.enumerated() {
            svg.text(
                letter, x: x0 + (Double(i) + 0.5) * Self.robCell, y: l.header2, anchor: .middle, size: l.metrics.font,
                bold: true)
        }
        svg.text(
            "Risk of bias", x: x0 + Double(letters.count) * Self.robCell / 2, y: l.header1, anchor: .middle, bold: true)
        for (index, row) in l.rows.enumerated() {
            guard case .study(let study, _) = row, let levels = rob.judgements[study.studyLabel] else { continue }
            let middle = l.bodyTop + Double(index) * l.metrics.row + l.metrics.row / 2
            for (i, level) in levels.enumerated() where !level.isEmpty {
                let cx = x0 + (Double(i) + 0.5) * Self.robCell
                svg.circle(
                    cx, middle, 6.5, fill: RobSVG.colours[level] ?? "#fff", stroke: "#000",
                    extra: [("class", "rob-\(level)")])
                svg.text(RobSVG.symbols[level] ?? "", x: cx, y: middle + 4, anchor: .middle, size: 10, bold: true)
            }
        }
        var y = l.height + 4
        for (letter, domain) in zip(letters, rob.domains) {
            svg.text("(\(letter)) \(domain)", x: Self.margin, y: y, size: l.metrics.small)
            y += l.metrics.y(12)
        }
    }
}
