import ForestEval
import ForestStats
import ForestSyntax
import Foundation

/// A compact forest plot drawn with text, under a pooled analysis's table.
///
///     Ke 2011                       │    ───■──────────►
///     Total (95% CI)                │  ◆◆◆◆◆
///                      ┴───────────┴───────────┴
///                     0.1          1          10
///                 Favours experimental   Favours control
///
/// The axis is the SVG plot's (`EffectAxis`): symmetric around the line of no effect, on the
/// log scale for ratios; intervals running off it end in an arrow. Markers grow with weight.
struct TerminalForestPlot {
    var style: TextStyle

    private var glyph:
        (
            point: Character, line: Character, axis: Character, diamond: Character, left: Character, right: Character,
            tick: Character
        )
    {
        style.unicode ? ("■", "─", "│", "◆", "◄", "►", "┴") : ("o", "-", "|", "#", "<", ">", "+")
    }

    enum Row {
        case study(String, Interval?, Double?, weight: Double)
        case total(String, Interval?, Double?)
        case prediction(Interval)
        case heading(String)
    }

    /// `prediction` adds the prediction interval under the total, when there is one.
    func render(_ pool: PoolAnalysis, prediction: Bool = false) -> [String]? {
        let rows: [Row] = zip(pool.studies, pool.result.studies).map { study, row in
            .study(study.label, row.interval, row.effect?.y, weight: row.weightPercent)
        }
        return render(
            Self.backTransformed(rows, studies: pool.studies, pool.scale) + closingRows(pool, prediction: prediction),
            pool: pool)
    }

    /// Proportions and correlations pooled on a transformed scale (logit, double arcsine,
    /// Fisher's z) are drawn as proportions and correlations, on a linear axis (metafor's
    /// `transf`): each study with its own back-transformation. Other scales are drawn as they
    /// are (ratios on the log axis).
    static func drawnBackTransformed(_ scale: NaturalScale) -> Bool {
        switch scale {
        case .inverseLogit, .inverseFisherZ, .inverseFreemanTukey: true
        case .identity, .exponential: false
        }
    }

    private static func backTransformed(_ rows: [Row], studies: [AnalysisStudy], _ scale: NaturalScale) -> [Row] {
        guard drawnBackTransformed(scale) else { return rows }
        return zip(rows, studies).map { row, study in
            guard case .study(let label, let interval, let effect, let weight) = row else { return row }
            let own = scale.forStudy(size: study.data.size)
            return .study(label, interval.map { own.interval($0) }, effect.map(own.natural), weight: weight)
        }
    }

    /// Subgroups: each subgroup's studies and subtotal, then the total.
    func render(_ s: SubgroupAnalysis, prediction: Bool = false) -> [String]? {
        let pool = s.overall
        let weights = Dictionary(zip(pool.studies.map(\.label), pool.result.studies), uniquingKeysWith: { a, _ in a })
        var rows: [Row] = []
        for group in s.groups {
            rows.append(.heading(group.heading(attribute: s.attribute)))
            let shown = Self.drawnBackTransformed(pool.scale) ? pool.scale : .identity
            for study in group.studies {
                let row = weights[study.label]!
                let own = shown.forStudy(size: study.data.size)
                rows.append(
                    .study(
                        "  " + study.label, row.interval.map { own.interval($0) }, row.effect.map { own.natural($0.y) },
                        weight: row.weightPercent))
            }
            rows.append(
                .total(
                    "  Subtotal", group.result?.interval.map { shown.interval($0) },
                    group.result?.estimate.map(shown.natural)))
        }
        return render(rows + closingRows(pool, prediction: prediction), pool: pool)
    }

    /// The total and, when asked for and available, the prediction interval under it.
    private func closingRows(_ pool: PoolAnalysis, prediction: Bool) -> [Row] {
        let shown = Self.drawnBackTransformed(pool.scale) ? pool.scale : .identity
        var rows: [Row] = [
            .total(
                RevManLabels.total(pool.result.options), pool.result.interval.map { shown.interval($0) },
                pool.result.estimate.map(shown.natural))
        ]
        if prediction, let pi = pool.result.prediction { rows.append(.prediction(shown.interval(pi))) }
        return rows
    }

    /// A study's marker by its weight: small, medium, large.
    private func marker(_ weight: Double) -> Character {
        switch weight {
        case ..<5: style.unicode ? "▪" : "o"
        case ..<20: glyph.point
        default: style.unicode ? "█" : "#"
        }
    }

    private func render(_ rows: [Row], pool: PoolAnalysis) -> [String]? {
        // Only finite numbers are drawn (the statistics core does not produce others).
        var ends: [Double] = []
        for row in rows {
            switch row {
            case .study(_, let i?, _, _), .total(_, let i?, _), .prediction(let i): ends += [i.lower, i.upper]
            default: break
            }
        }
        ends = ends.filter(\.isFinite)
        guard !ends.isEmpty else { return nil }
        let labels: [String] = rows.map {
            switch $0 {
            case .study(let l, _, _, _), .total(let l, _, _), .heading(let l): l
            case .prediction: RevManLabels.predictionInterval
            }
        }
        let labelWidth = min(28, labels.map { VisibleText.displayWidth(VisibleText.escaped($0)) }.max() ?? 10)
        let width = max(21, min(49, style.width - labelWidth - 4)) | 1
        let half = EffectAxis(covering: ends.map(abs).max() ?? 1, logScale: pool.logScale).halfRange
        guard half.isFinite && half > 0 else { return nil }
        let grid = Grid(width: width, half: half)
        var lines: [String] = []
        for (row, label) in zip(rows, labels) {
            let shown = pad(truncate(label, labelWidth), labelWidth)
            if case .heading = row { lines.append(shown.trimmingTrailing()); continue }
            lines.append(shown + "  " + String(cells(row, grid)))
        }
        return lines + axisLines(pool, grid, indent: String(repeating: " ", count: labelWidth + 2))
    }

    /// The plot's columns: `width` characters for −half … half, the middle at no effect.
    private struct Grid {
        var width: Int
        var half: Double
        var center: Int { width / 2 }

        func column(_ x: Double) -> Int {
            guard x.isFinite else { return x > 0 ? width - 1 : 0 }
            return Int((((min(max(x, -half), half) + half) / (2 * half)) * Double(width - 1)).rounded())
        }

        /// The columns an interval covers, clamped to the plot.
        func span(_ interval: Interval) -> ClosedRange<Int>? {
            let lo = max(0, min(width - 1, column(max(interval.lower, -half))))
            let hi = max(0, min(width - 1, column(min(interval.upper, half))))
            return lo <= hi ? lo...hi : nil
        }
    }

    /// One row's plot: the axis, and a study's CI and marker, a total's diamond or the
    /// prediction interval.
    private func cells(_ row: Row, _ grid: Grid) -> [Character] {
        var cells = Array(repeating: Character(" "), count: grid.width)
        cells[grid.center] = glyph.axis
        switch row {
        case .study(_, let interval?, let point?, let weight):
            if let span = grid.span(interval) { for c in span { cells[c] = glyph.line } }
            if interval.lower < -grid.half { cells[0] = glyph.left }
            if interval.upper > grid.half { cells[grid.width - 1] = glyph.right }
            if point.isFinite && abs(point) <= grid.half {
                cells[max(0, min(grid.width - 1, grid.column(point)))] = marker(weight)
            }
        case .total(_, let interval?, _?):
            if let span = grid.span(interval) { for c in span { cells[c] = glyph.diamond } }
        case .prediction(let interval):
            let leftCol = grid.column(interval.lower), rightCol = grid.column(interval.upper)
            if leftCol <= rightCol { for c in leftCol...rightCol { cells[c] = style.unicode ? "═" : "=" } }
        default:
            break
        }
        return cells
    }

    /// The axis with ticks at both ends and at no effect, its labels, and the favours line.
    private func axisLines(_ pool: PoolAnalysis, _ grid: Grid, indent: String) -> [String] {
        let width = grid.width, center = grid.center
        var axis = Array(repeating: glyph.line, count: width)
        for c in [0, center, width - 1] { axis[c] = glyph.tick }
        let labels = Self.drawnBackTransformed(pool.scale) ? .identity : pool.scale
        let left = tickLabel(-grid.half, labels), mid = tickLabel(0, labels)
        let right = tickLabel(grid.half, labels)
        var tickRow = Array(repeating: Character(" "), count: width + 12)
        place(left, at: 0, in: &tickRow, centered: false)
        place(mid, at: center, in: &tickRow, centered: true)
        place(right, at: width - right.count, in: &tickRow, centered: false)
        let favours = pool.outcome.favoursLeft, against = pool.outcome.favoursRight
        let leftPad = max(0, center - 1 - favours.count)
        let lines = [indent + String(axis), (indent + String(tickRow)).trimmingTrailing()]
        guard !(favours.isEmpty && against.isEmpty) else { return lines }
        return lines + [
            (indent + String(repeating: " ", count: leftPad) + favours + "   " + against).trimmingTrailing()
        ]
    }

    func tickLabel(_ x: Double, _ scale: NaturalScale) -> String {
        EffectAxis.label(scale.natural(x))
    }

    private func place(_ text: String, at column: Int, in cells: inout [Character], centered: Bool) {
        let start = max(0, centered ? column - text.count / 2 : column)
        for (i, ch) in text.enumerated() where start + i < cells.count { cells[start + i] = ch }
    }

    /// Pads to `width` terminal columns.
    private func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - VisibleText.displayWidth(s)))
    }

    /// A label cut to `width` terminal columns, control characters shown escaped.
    private func truncate(_ label: String, _ width: Int) -> String {
        let s = VisibleText.escaped(label)
        guard VisibleText.displayWidth(s) > width else { return s }
        var out = "", used = 0
        for ch in s {
            let w = VisibleText.displayWidth(String(ch))
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + (style.unicode ? "…" : ".")
    }
}

extension String {
    func trimmingTrailing() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
