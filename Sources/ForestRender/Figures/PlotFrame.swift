import Foundation

/// A rectangular plot area with linear scales, for the scatter-type figures (L'Abbé, Galbraith):
/// values to canvas coordinates, round ticks, and the axes drawn with their titles.
struct PlotFrame {
    var left: Double, right: Double, top: Double, bottom: Double
    var xMin: Double, xMax: Double, yMin: Double, yMax: Double

    func x(_ v: Double) -> Double { left + (v - xMin) / (xMax - xMin) * (right - left) }
    func y(_ v: Double) -> Double { bottom - (v - yMin) / (yMax - yMin) * (bottom - top) }

    /// 1, 2, 2.5 or 5 times a power of ten: the smallest step at least `x`.
    static func niceStep(_ x: Double) -> Double {
        guard x > 0 && x.isFinite else { return 1 }
        let power = pow(10, floor(log10(x)))
        return [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= x * (1 - 1e-12) } ?? 10 * power
    }

    /// About five round values from `low` to `high`.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let step = niceStep((high - low) / 5)
        var values: [Double] = []
        var value = (low / step).rounded(.up) * step
        while value <= high + step * 1e-9 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// The frame, the ticks with their labels and the two axis titles.
    func drawAxes(_ svg: inout SVG, xTitle: String, yTitle: String) {
        svg.rect(
            left, top, right - left, bottom - top, fill: "#fff",
            extra: [("class", "frame"), ("stroke", "#000"), ("stroke-width", "0.75")])
        for tick in PlotFrame.ticks(xMin, xMax) {
            svg.line(x(tick), bottom, x(tick), bottom + 4, stroke: "#000", width: 0.75)
            svg.text(EffectAxis.label(tick), x: x(tick), y: bottom + 16, anchor: .middle, size: 10)
        }
        for tick in PlotFrame.ticks(yMin, yMax) {
            svg.line(left - 4, y(tick), left, y(tick), stroke: "#000", width: 0.75)
            svg.text(EffectAxis.label(tick), x: left - 7, y: y(tick) + 3.5, anchor: .end, size: 10)
        }
        svg.text(xTitle, x: (left + right) / 2, y: bottom + 34, anchor: .middle, size: 11)
        let middle = SVG.number((top + bottom) / 2)
        svg.raw(
            "<text x=\"18\" y=\"\(middle)\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 18 \(middle))\">\(SVG.escape(yTitle))</text>"
        )
    }

    /// A line through points, as one polyline.
    static func polyline(
        _ points: [(Double, Double)], stroke: String, width: Double, dash: String?, cls: String
    )
        -> String
    {
        let list = points.map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")
        return
            "<polyline class=\"\(cls)\" points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVG.number(width))\""
            + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
    }
}
