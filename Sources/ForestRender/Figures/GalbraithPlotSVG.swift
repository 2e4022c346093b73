import ForestEval
import ForestStats
import Foundation

/// A Galbraith (radial) plot (Galbraith 1988, Stat Med 7:889–894): each study's standardised
/// effect zᵢ = yᵢ/sᵢ against its precision 1/sᵢ, where sᵢ = √(vᵢ + τ²) (τ² = 0 for a fixed-effect
/// analysis, as metafor's `radial`); the pooled estimate θ̂ is the slope of the line through the
/// origin, z = θ̂/s, and the band z = θ̂/s ± 2 holds about 95% of studies when they are
/// homogeneous — a study outside it is marked.
public struct GalbraithPlotSVG: Sendable {
    public init() {}

    static let width = 560.0, height = 440.0

    public func render(_ figure: FigureAnalysis) -> String {
        let pool = figure.pool
        let theta = pool.result.estimate ?? 0
        let tau2 = pool.result.options.model == .random ? pool.result.tau2 : 0
        let points = zip(pool.studies, pool.result.studies).compactMap {
            study, row -> (label: String, precision: Double, z: Double)? in
            guard let e = row.effect, e.v + tau2 > 0 else { return nil }
            let s = (e.v + tau2).squareRoot()
            return (study.label, 1 / s, e.y / s)
        }.filter { $0.precision.isFinite && $0.z.isFinite }
        let xMax = (points.map(\.precision).max() ?? 1) * 1.08
        let ends = [-2.0, 2, theta * xMax - 2, theta * xMax + 2] + points.map(\.z)
        let pad = ((ends.max()! - ends.min()!) * 0.06)
        let f = PlotFrame(
            left: 70, right: 530, top: 40, bottom: 370, xMin: 0, xMax: xMax, yMin: ends.min()! - pad,
            yMax: ends.max()! + pad)
        var svg = SVG(width: Self.width, height: Self.height)
        let selection = pool.outcome.selection.map { " (only \($0))" } ?? ""
        svg.text("\(pool.outcome.title) — Galbraith plot\(selection)", x: f.left, y: 22, size: 13, bold: true)
        f.drawAxes(&svg, xTitle: "Precision (1/SE)", yTitle: "Standardised effect (estimate/SE)")
        if f.yMin < 0 && f.yMax > 0 {
            svg.line(f.x(0), f.y(0), f.x(xMax), f.y(0), stroke: "#bbb", width: 0.5, extra: [("class", "zero")])
        }
        svg.line(
            f.x(0), f.y(0), f.x(xMax), f.y(theta * xMax), stroke: "#c00000", width: 1.25,
            extra: [("class", "pooled"), ("data-estimate", String(theta))])
        for side in [-2.0, 2.0] {
            svg.line(
                f.x(0), f.y(side), f.x(xMax), f.y(theta * xMax + side), stroke: "#000", width: 0.75, dash: "4 3",
                extra: [("class", "band"), ("data-offset", String(side))])
        }
        for point in points {
            let outside = abs(point.z - theta * point.precision) > 2
            svg.circle(
                f.x(point.precision), f.y(point.z), 3.5, fill: outside ? "#fff" : "#1f4e79", stroke: "#1f4e79",
                extra: [
                    ("class", outside ? "study outside" : "study"), ("data-study", point.label),
                    ("data-precision", String(point.precision)), ("data-z", String(point.z)),
                ])
        }
        let shown = NumberFormat.fixed(RevManLabels.natural(theta, pool.scale))
        let scale = pool.logScale ? " (the slope is its log)" : ""
        svg.text(
            "Line: pooled \(RevManLabels.effectName(pool)) = \(shown)\(scale); dashed: ±2; open: outside the band",
            x: f.left, y: Self.height - 14, size: 10, color: "#333")
        return svg.render(title: "\(pool.outcome.title): Galbraith plot")
    }
}
