import ForestEval
import ForestStats
import Foundation

/// A bubble plot of a meta-regression on one continuous moderator (metafor's `regplot`): each
/// study's effect (analysis scale; a ratio's axis labelled as ratios) against its moderator, a
/// circle whose area is proportional to its weight 1/(vᵢ + τ²) in the model, the fitted line
/// β̂₀ + β̂₁x and its confidence band x̂ᵀβ̂ ± c·√(xᵀVar(β̂)x) over the moderator's range.
public struct BubblePlotSVG: Sendable {
    public init() {}

    public func render(_ m: MetaRegressionAnalysis) -> String {
        let moderator = m.moderators.first?.name ?? "moderator"
        let title = WrappedText.fit(
            "\(m.outcome.title) — bubble plot on \(moderator)", width: 420, size: 13, bold: true)
        let shift = 16 * Double(title.lines.count - 1)
        let xs = m.points.map { $0.row[1] }, ys = m.points.map(\.effect.y)
        let (x0, x1) = padded(xs.min() ?? 0, xs.max() ?? 1)
        let line = (0...100).map { i -> (x: Double, fit: (estimate: Double, interval: Interval)) in
            let x = x0 + (x1 - x0) * Double(i) / 100
            return (x, MetaRegression.prediction(m.result, at: [1, x]))
        }
        let lows = line.map(\.fit.interval.lower), highs = line.map(\.fit.interval.upper)
        let (y0, y1) = padded(min(ys.min() ?? 0, lows.min() ?? 0), max(ys.max() ?? 1, highs.max() ?? 1))
        let f = PlotFrame(
            left: 70, right: 470, top: 40 + shift, bottom: 330 + shift, xMin: x0, xMax: x1, yMin: y0, yMax: y1)
        var svg = SVG(width: 500, height: 400 + shift)
        for (i, text) in title.lines.enumerated() {
            svg.text(text, x: f.left, y: 22 + 16 * Double(i), size: title.size, bold: true)
        }
        let effect = RevManLabels.effectName(m.outcome, m.options, logScale: m.logScale)
        f.drawAxes(&svg, xTitle: moderator, yTitle: m.logScale ? "log \(effect)" : effect)
        if y0 < 0 && y1 > 0 {
            svg.line(
                f.left, f.y(0), f.right, f.y(0), stroke: "#888", width: 0.75, dash: "4 3",
                extra: [("class", "no-effect")])
        }
        let band =
            line.map { (f.x($0.x), f.y($0.fit.interval.upper)) }
            + line.reversed().map { (f.x($0.x), f.y($0.fit.interval.lower)) }
        svg.polygon(band, fill: "#d9d9d9", extra: [("class", "band"), ("fill-opacity", "0.7")])
        svg.raw(
            PlotFrame.polyline(
                line.map { (f.x($0.x), f.y($0.fit.estimate)) }, stroke: "#c00000", width: 1.5, dash: nil, cls: "fitted")
        )
        let weights = m.points.map { 1 / ($0.effect.v + m.result.tau2) }
        let maxWeight = weights.max() ?? 1
        for (index, point) in m.points.enumerated() {
            let radius = 2.5 + 12 * (weights[index] / maxWeight).squareRoot()
            svg.circle(
                f.x(point.row[1]), f.y(point.effect.y), radius, fill: "#1f4e79", stroke: "#fff",
                extra: [
                    ("class", "study"), ("fill-opacity", "0.6"), ("data-study", m.studies[index]),
                    ("data-x", String(point.row[1])), ("data-y", String(point.effect.y)),
                    ("data-weight", String(weights[index])),
                ])
        }
        let slope = m.result.coefficients[1]
        let caption =
            "Line: fitted \(NumberFormat.fixed(m.result.coefficients[0].estimate, 4)) "
            + "\(slope.estimate < 0 ? "−" : "+") \(NumberFormat.fixed(abs(slope.estimate), 4))·\(moderator) "
            + "with its \(NumberFormat.data(m.options.level))% CI (grey); area: weight"
        svg.text(caption, x: f.left, y: 388 + shift, size: 10, color: "#333")
        return svg.render(title: "\(m.outcome.title): bubble plot on \(moderator)")
    }

    /// The range widened by 5% on each side (a single value: ±1).
    private func padded(_ low: Double, _ high: Double) -> (Double, Double) {
        guard high > low else { return (low - 1, high + 1) }
        let margin = (high - low) * 0.05
        return (low - margin, high + margin)
    }
}
