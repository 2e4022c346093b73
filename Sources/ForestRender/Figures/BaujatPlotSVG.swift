import ForestEval
import ForestStats
import Foundation

/// A Baujat plot (Baujat et al. 2002, Stat Med 21:2641–2652; metafor's `baujat`): for each study
/// its contribution to heterogeneity, (yᵢ − μ̂)²/(τ̂² + vᵢ), against its influence on the pooled
/// result, (μ̂₍ᵢ₎ − μ̂)²/Var(μ̂₍ᵢ₎); studies in the upper right both add heterogeneity and move
/// the result. Each point is labelled with its study; influential studies are filled red.
public struct BaujatPlotSVG: Sendable {
    public init() {}

    public func render(_ a: InfluenceAnalysis) -> String {
        let title = WrappedText.fit("\(a.outcome.title) — Baujat plot", width: 420, size: 13, bold: true)
        let shift = 16 * Double(title.lines.count - 1)
        let points = zip(a.studies, a.result.rows).compactMap { label, row in row.map { (label, $0) } }
        let xMax = (points.map(\.1.baujatX).max() ?? 1) * 1.1, yMax = (points.map(\.1.baujatY).max() ?? 1) * 1.1
        let f = PlotFrame(
            left: 70, right: 470, top: 40 + shift, bottom: 330 + shift, xMin: 0, xMax: max(xMax, 1e-9), yMin: 0,
            yMax: max(yMax, 1e-9))
        var svg = SVG(width: 560, height: 410 + shift)
        for (i, line) in title.lines.enumerated() {
            svg.text(line, x: f.left, y: 22 + 16 * Double(i), size: title.size, bold: true)
        }
        let xTitle =
            a.options.model == .random ? "Squared Pearson residual" : "Contribution to overall heterogeneity"
        f.drawAxes(&svg, xTitle: xTitle, yTitle: "Influence on overall result")
        let labelled = placedLabels(points, frame: f)
        for (label, row) in points {
            let (x, y) = (f.x(row.baujatX), f.y(row.baujatY))
            svg.circle(
                x, y, 4, fill: row.influential ? "#c00000" : "#1f4e79", stroke: "#fff",
                extra: [
                    ("class", row.influential ? "study influential" : "study"), ("data-study", label),
                    ("data-x", String(row.baujatX)), ("data-y", String(row.baujatY)),
                ])
            if let place = labelled[label] {
                svg.text(label, x: place.x, y: place.y, anchor: place.anchor, size: 9, color: "#333")
            }
        }
        svg.text(
            "Red: influential (metafor's rules); upper right: adds heterogeneity and moves the result", x: f.left,
            y: 384 + shift, size: 10, color: "#333")
        if labelled.count < points.count {
            svg.text(
                "Crowded points are unlabelled: the table names each.", x: f.left, y: 398 + shift, size: 10,
                color: "#333")
        }
        return svg.render(title: "\(a.outcome.title): Baujat plot")
    }

    /// Where each label goes: beside its point, pointing inwards so that it stays on the canvas;
    /// the most prominent points first, and a label that would overlap one already placed is
    /// left out (a crowd near the origin would be unreadable).
    private func placedLabels(
        _ points: [(String, Influence.Row)], frame f: PlotFrame
    ) -> [String: (x: Double, y: Double, anchor: SVG.Anchor)] {
        let prominence = { (row: Influence.Row) in row.baujatX / f.xMax + row.baujatY / f.yMax }
        var placed: [String: (x: Double, y: Double, anchor: SVG.Anchor)] = [:]
        var boxes: [(Double, Double, Double, Double)] = []
        for (label, row) in points.sorted(by: { prominence($0.1) > prominence($1.1) }) {
            let (x, y) = (f.x(row.baujatX), f.y(row.baujatY))
            let right = x > (f.left + f.right) / 2
            let width = TextMetrics.width(label, size: 9)
            let left = right ? x - 6 - width : x + 6
            let box = (left - 2, y - 14, left + width + 2, y - 2)
            guard !boxes.contains(where: { $0.0 < box.2 && box.0 < $0.2 && $0.1 < box.3 && box.1 < $0.3 }) else {
                continue
            }
            boxes.append(box)
            placed[label] = (right ? x - 6 : x + 6, y - 5, right ? .end : .start)
        }
        return placed
    }
}
