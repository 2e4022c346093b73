import ForestEval
import ForestStats
import Foundation

/// The forest plot of a leave-one-out or cumulative analysis (metafor's
/// `forest(leave1out(…))`, meta's `forest(metainf(…))` and `forest(metacum(…))`): one row per
/// pooled result — the omitted or last added study, k, the estimate [CI] and its mark — and
/// the analysis of all studies as a diamond under them, its estimate a dashed line through the
/// rows.
public struct SequencePlotSVG: Sendable {
    public init() {}

    static let rowHeight = 18.0, margin = 16.0, plotWidth = 280.0, gap = 14.0, square = 7.0

    /// The table beside the plot: headings, one row of cells per pooled result, the total's.
    private struct Table {
        var title: String
        var headings: [String]
        var cells: [[String]]
        var total: [String]
        var results: [(label: String, row: Sequences.Row)]

        init(_ s: SequenceAnalysis) {
            let pool = s.full
            let text = PoolText(style: TextStyle())
            let first: String
            if case .cumulative(let by) = s.kind {
                (first, title) = ("Added study", "cumulative meta-analysis" + (by.map { " (by \($0))" } ?? ""))
            } else {
                (first, title) = ("Omitted study", "leave-one-out analysis")
            }
            results = s.rows.map { ($0.label, $0.row) }
            cells = results.map { label, row in
                switch row.result {
                case .success(let r):
                    [label, String(r.k), text.estimateText(r.estimate, r.interval, scale: pool.scale)]
                case .failure(.notConverged): [label, "", "τ² did not converge"]
                case .failure: [label, "0", "Not estimable"]
                }
            }
            total = [
                "All studies", String(pool.result.k),
                text.estimateText(pool.result.estimate, pool.result.interval, scale: pool.scale),
            ]
            headings = [first, "k", RevManLabels.columnTitle(pool.result.options)]
        }

        /// The left edge of each column, and of the plot after the last.
        var columns: [Double] {
            var widths = headings.map { TextMetrics.width($0, size: 11, bold: true) }
            for row in cells + [total] {
                for (i, cell) in row.enumerated() { widths[i] = max(widths[i], TextMetrics.width(cell, size: 11)) }
            }
            var x = [SequencePlotSVG.margin]
            for w in widths { x.append(x.last! + w + SequencePlotSVG.gap) }
            return x
        }
    }

    public func render(_ s: SequenceAnalysis) -> String {
        let pool = s.full
        let table = Table(s)
        let x = table.columns
        let plotX0 = x.last! + 4, plotX1 = plotX0 + Self.plotWidth
        let width = plotX1 + Self.margin + 30
        let heading = WrappedText.fit(
            "\(pool.outcome.title) — \(table.title)", width: width - 2 * Self.margin, size: 13, bold: true)
        let header = Self.margin + 12 + 16 * Double(heading.lines.count) + 20
        let bodyTop = header + 8
        let totalTop = bodyTop + Double(table.cells.count + 1) * Self.rowHeight
        let axisY = totalTop + Self.rowHeight + 8
        let successes = table.results.compactMap { try? $0.row.result.get() }
        let axis = EffectAxis.fitting(
            estimates: successes.compactMap(\.estimate) + [pool.result.estimate].compactMap { $0 },
            studyIntervals: successes.compactMap(\.interval).map { ($0.lower, $0.upper) }, logScale: pool.logScale)
        let panel = Panel(axis: axis, x0: plotX0, x1: plotX1)
        let half = Self.plotWidth / 2 - 8
        let favours = (
            WrappedText.fit(pool.outcome.favoursLeft, width: half, size: 10),
            WrappedText.fit(pool.outcome.favoursRight, width: half + 30, size: 10)
        )
        let lines = Double(max(favours.0.lines.count, favours.1.lines.count))
        var svg = SVG(width: width, height: axisY + 34 + 12 * lines + Self.margin)
        for (i, line) in heading.lines.enumerated() {
            svg.text(line, x: Self.margin, y: Self.margin + 12 + 16 * Double(i), size: heading.size, bold: true)
        }
        drawHeader(&svg, table, pool: pool, x: x, y: header, panel: panel)
        svg.line(panel.x(0), bodyTop, panel.x(0), axisY, stroke: "#000", width: 0.75, extra: [("class", "null-line")])
        if let estimate = pool.result.estimate, estimate >= axis.minimum && estimate <= axis.maximum {
            svg.line(
                panel.x(estimate), bodyTop, panel.x(estimate), totalTop, stroke: "#888", width: 0.75, dash: "3 3",
                extra: [("class", "full-estimate")])
        }
        drawRows(&svg, table, x: x, top: bodyTop, panel: panel)
        drawCells(&svg, table.total, x: x, y: totalTop + 13, bold: true)
        drawDiamond(&svg, pool.result, middle: totalTop + Self.rowHeight / 2, panel: panel)
        drawAxis(&svg, y: axisY, panel: panel, favours: favours)
        return svg.render(title: "\(pool.outcome.title): \(table.title)")
    }

    /// The plot's horizontal scale: the axis and where it lies on the canvas.
    private struct Panel {
        var axis: EffectAxis
        var x0: Double
        var x1: Double

        func x(_ value: Double) -> Double {
            x0 + (value - axis.minimum) / (axis.maximum - axis.minimum) * (x1 - x0)
        }
    }

    private func drawHeader(
        _ svg: inout SVG, _ table: Table, pool: PoolAnalysis, x: [Double], y: Double, panel: Panel
    ) {
        let middle = (panel.x0 + panel.x1) / 2
        svg.text(RevManLabels.effectName(pool), x: middle, y: y - 15, anchor: .middle, bold: true)
        for (i, title) in table.headings.enumerated() {
            svg.text(title, x: i == 1 ? x[2] - Self.gap : x[i], y: y, anchor: i == 1 ? .end : .start, bold: true)
        }
        svg.text(RevManLabels.columnTitle(pool.result.options), x: middle, y: y, anchor: .middle, bold: true)
        svg.line(Self.margin, y + 4, panel.x1, y + 4, stroke: "#000", width: 0.75)
    }

    /// One row per pooled result: its cells, its CI and its square.
    private func drawRows(_ svg: inout SVG, _ table: Table, x: [Double], top: Double, panel: Panel) {
        let axis = panel.axis
        for (index, row) in table.cells.enumerated() {
            let rowTop = top + Double(index) * Self.rowHeight
            drawCells(&svg, row, x: x, y: rowTop + 13, bold: false)
            let label = table.results[index].label
            guard case .success(let r) = table.results[index].row.result, let e = r.estimate, let ci = r.interval
            else { continue }
            let middle = rowTop + Self.rowHeight / 2
            drawInterval(&svg, ci, y: middle, panel: panel, label: label)
            if e >= axis.minimum && e <= axis.maximum {
                svg.rect(
                    panel.x(e) - Self.square / 2, middle - Self.square / 2, Self.square, Self.square, fill: "#1f4e79",
                    extra: [("class", "square"), ("data-row", label), ("data-estimate", String(e))])
            }
        }
    }

    /// The analysis of all studies, as a diamond clipped to the axis.
    private func drawDiamond(_ svg: inout SVG, _ result: PoolResult, middle: Double, panel: Panel) {
        guard let e = result.estimate, let ci = result.interval else { return }
        let axis = panel.axis
        let lo = panel.x(max(ci.lower, axis.minimum)), hi = panel.x(min(ci.upper, axis.maximum))
        let mid = panel.x(min(max(e, axis.minimum), axis.maximum))
        svg.polygon(
            [(lo, middle), (mid, middle - 5), (hi, middle), (mid, middle + 5)], fill: "#000",
            extra: [("class", "diamond"), ("data-estimate", String(e))])
    }

    private func drawCells(_ svg: inout SVG, _ row: [String], x: [Double], y: Double, bold: Bool) {
        for (i, cell) in row.enumerated() where !cell.isEmpty {
            svg.text(cell, x: i == 1 ? x[2] - Self.gap : x[i], y: y, anchor: i == 1 ? .end : .start, bold: bold)
        }
    }

    /// A row's CI, ending in an arrow where it leaves the axis.
    private func drawInterval(_ svg: inout SVG, _ ci: Interval, y: Double, panel: Panel, label: String) {
        let axis = panel.axis, x0 = panel.x0, x1 = panel.x1, xOf = panel.x
        let lo = max(ci.lower, axis.minimum), hi = min(ci.upper, axis.maximum)
        guard lo <= hi else { return }
        svg.line(
            xOf(lo), y, xOf(hi), y, stroke: "#000", width: 1,
            extra: [
                ("class", "ci"), ("data-row", label), ("data-lower", String(ci.lower)),
                ("data-upper", String(ci.upper)),
            ])
        if ci.lower < axis.minimum {
            svg.polygon([(x0 - 1, y), (x0 + 6, y - 3.5), (x0 + 6, y + 3.5)], fill: "#000", extra: [("class", "arrow")])
        }
        if ci.upper > axis.maximum {
            svg.polygon([(x1 + 1, y), (x1 - 6, y - 3.5), (x1 - 6, y + 3.5)], fill: "#000", extra: [("class", "arrow")])
        }
    }

    private func drawAxis(_ svg: inout SVG, y: Double, panel: Panel, favours: (WrappedText, WrappedText)) {
        let axis = panel.axis, x0 = panel.x0, x1 = panel.x1, xOf = panel.x
        svg.line(
            x0, y, x1, y, stroke: "#000", width: 0.75,
            extra: [("class", "axis"), ("data-min", String(axis.minimum)), ("data-max", String(axis.maximum))])
        for tick in axis.ticks {
            svg.line(xOf(tick.value), y, xOf(tick.value), y + 4, stroke: "#000", width: 0.75)
            svg.text(tick.label, x: xOf(tick.value), y: y + 14, anchor: .middle, size: 10)
        }
        for (i, line) in favours.0.lines.enumerated() {
            svg.text(line, x: xOf(0) - 6, y: y + 29 + 12 * Double(i), anchor: .end, size: favours.0.size)
        }
        for (i, line) in favours.1.lines.enumerated() {
            svg.text(line, x: xOf(0) + 6, y: y + 29 + 12 * Double(i), size: favours.1.size)
        }
    }
}
