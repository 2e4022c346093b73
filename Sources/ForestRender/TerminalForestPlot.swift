import Foundation
import ForestEval
import ForestStats

/// A compact forest plot drawn with text, under a pooled analysis's table.
///
///     Ke 2011                       │    ───■──────────►
///     Total (95% CI)                │  ◆◆◆◆◆
///                      ┴───────────┴───────────┴
///                     0.1          1          10
///                 Favours experimental   Favours control
///
/// The axis is symmetric around the line of no effect — on the log scale for ratios, with
/// RevMan's ranges 0.5–2, 0.2–5, 0.1–10, 0.01–100, 0.001–1000 — and intervals running off it
/// end in an arrow.
struct TerminalForestPlot {
    var style: TextStyle

    private var glyph: (point: Character, line: Character, axis: Character, diamond: Character, left: Character, right: Character, tick: Character) {
        style.unicode ? ("■", "─", "│", "◆", "◄", "►", "┴") : ("o", "-", "|", "#", "<", ">", "+")
    }

    func render(_ pool: PoolAnalysis) -> [String]? {
        let r = pool.result
        var rows: [(String, Interval?, Double?, isTotal: Bool)] = zip(pool.studies, r.studies).map { study, row in
            (study.label, row.interval, row.effect?.y, false)
        }
        rows.append(("Total (\(NumberFormat.data(r.options.level))% CI)", r.interval, r.estimate, true))
        let ends = rows.compactMap(\.1).flatMap { [$0.lower, $0.upper] }.filter(\.isFinite)
        guard !ends.isEmpty else { return nil }
        let labelWidth = min(28, rows.map(\.0.count).max() ?? 10)
        let width = max(21, min(49, style.width - labelWidth - 4)) | 1
        let half = axisHalfRange(maxMagnitude: ends.map(abs).max() ?? 1, logScale: pool.logScale)
        let column: (Double) -> Int = { x in
            Int((((x + half) / (2 * half)) * Double(width - 1)).rounded())
        }
        let center = width / 2
        var lines: [String] = []
        for (label, interval, point, isTotal) in rows {
            var cells = Array(repeating: Character(" "), count: width)
            cells[center] = glyph.axis
            if let interval, let point {
                let lo = column(max(interval.lower, -half)), hi = column(min(interval.upper, half))
                let leftCol = max(0, min(width - 1, lo)), rightCol = max(0, min(width - 1, hi))
                if leftCol <= rightCol {
                    for c in leftCol...rightCol { cells[c] = isTotal ? glyph.diamond : glyph.line }
                }
                if !isTotal {
                    if interval.lower < -half { cells[0] = glyph.left }
                    if interval.upper > half { cells[width - 1] = glyph.right }
                    if abs(point) <= half { cells[max(0, min(width - 1, column(point)))] = glyph.point }
                }
            }
            lines.append(pad(truncate(label, labelWidth), labelWidth) + "  " + String(cells))
        }
        // Axis with ticks at both ends and at no effect.
        var axis = Array(repeating: glyph.line, count: width)
        for c in [0, center, width - 1] { axis[c] = glyph.tick }
        let indent = String(repeating: " ", count: labelWidth + 2)
        lines.append(indent + String(axis))
        let left = tickLabel(-half, pool.logScale), mid = pool.logScale ? "1" : "0", right = tickLabel(half, pool.logScale)
        var labels = Array(repeating: Character(" "), count: width + 12)
        place(left, at: 0, in: &labels, centered: false)
        place(mid, at: center, in: &labels, centered: true)
        place(right, at: width - right.count, in: &labels, centered: false)
        lines.append(indent + String(labels).trimmingTrailing())
        let favours = pool.outcome.favoursLeft, against = pool.outcome.favoursRight
        let leftPad = max(0, center - 1 - favours.count)
        lines.append((indent + String(repeating: " ", count: leftPad) + favours + "   " + against).trimmingTrailing())
        return lines
    }

    /// Half the axis range on the analysis scale.
    func axisHalfRange(maxMagnitude m: Double, logScale: Bool) -> Double {
        if logScale {
            for ratio in [2.0, 5, 10, 100, 1000] where log(ratio) >= m { return log(ratio) }
            return log(1000)
        }
        guard m > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(m)))
        for step in [1.0, 2, 5, 10] where step * magnitude >= m { return step * magnitude }
        return 10 * magnitude
    }

    func tickLabel(_ x: Double, _ logScale: Bool) -> String {
        let value = logScale ? exp(x) : x
        let rounded = (value * 1000).rounded() / 1000
        return NumberFormat.data(rounded)
    }

    private func place(_ text: String, at column: Int, in cells: inout [Character], centered: Bool) {
        let start = max(0, centered ? column - text.count / 2 : column)
        for (i, ch) in text.enumerated() where start + i < cells.count { cells[start + i] = ch }
    }

    private func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }

    private func truncate(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(width - 1)) + (style.unicode ? "…" : ".")
    }
}

extension String {
    func trimmingTrailing() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
