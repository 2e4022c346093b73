import ForestEval
import ForestStats
import Foundation

/// A L'Abbé plot (L'Abbé, Detsky & O'Rourke 1987, Ann Intern Med 107:224–233): for each study
/// of binary data the risk in the experimental arm against the risk in the control arm, a
/// circle whose area is proportional to the study's weight; the diagonal of no effect; and the
/// pooled effect as the curve it implies — for an odds ratio ψ, p_E = ψp_C/(1 − p_C + ψp_C); for a
/// risk ratio ρ, p_E = ρp_C; for a risk difference δ, p_E = p_C + δ (each within 0–1).
public struct LabbePlotSVG: Sendable {
    public init() {}

    public func render(_ figure: FigureAnalysis) -> String {
        let pool = figure.pool
        let selection = pool.outcome.selection.map { " (only \($0))" } ?? ""
        let title = WrappedText.fit("\(pool.outcome.title) — L'Abbé plot\(selection)", width: 360, size: 13, bold: true)
        // A title of several lines moves the square down.
        let shift = 16 * Double(title.lines.count - 1)
        let f = PlotFrame(
            left: 70, right: 410, top: 40 + shift, bottom: 380 + shift, xMin: 0, xMax: 1, yMin: 0, yMax: 1)
        var svg = SVG(width: 440, height: 452 + shift)
        for (i, line) in title.lines.enumerated() {
            svg.text(line, x: f.left, y: 22 + 16 * Double(i), size: title.size, bold: true)
        }
        f.drawAxes(
            &svg, xTitle: "Risk with \(pool.outcome.controlArm)", yTitle: "Risk with \(pool.outcome.experimentalArm)")
        svg.line(
            f.x(0), f.y(0), f.x(1), f.y(1), stroke: "#888", width: 0.75, dash: "4 3", extra: [("class", "no-effect")])
        if let estimate = pool.result.estimate {
            svg.raw(
                PlotFrame.polyline(
                    curve(estimate, measure: pool.result.options.measure).map { (f.x($0.0), f.y($0.1)) },
                    stroke: "#c00000", width: 1.25, dash: nil, cls: "pooled"))
        }
        let maxWeight = pool.result.studies.map(\.weightPercent).max() ?? 1
        for (study, row) in zip(pool.studies, pool.result.studies) {
            guard case .binary(let c) = study.data, c.totalE > 0, c.totalC > 0 else { continue }
            let (pc, pe) = (c.eventsC / c.totalC, c.eventsE / c.totalE)
            let radius = 3 + 9 * (maxWeight > 0 ? (row.weightPercent / maxWeight).squareRoot() : 0)
            svg.circle(
                f.x(pc), f.y(pe), radius, fill: "#1f4e79", stroke: "#fff",
                extra: [
                    ("class", "study"), ("fill-opacity", "0.75"), ("data-study", study.label),
                    ("data-control", String(pc)), ("data-experimental", String(pe)),
                    ("data-weight", String(row.weightPercent)),
                ])
        }
        var caption = "Dashed: no effect"
        if let estimate = pool.result.estimate {
            let shown = RevManLabels.natural(estimate, pool.scale)
            caption =
                "Line: pooled \(pool.result.options.measure.rawValue) = \(NumberFormat.fixed(shown)) "
                + "(\(RevManLabels.methodAndModel(pool.result.options))); dashed: no effect; area: weight"
        }
        svg.text(caption, x: f.left, y: 440 + shift, size: 10, color: "#333")
        return svg.render(title: "\(pool.outcome.title): L'Abbé plot")
    }

    /// The pooled effect's curve, p_E against p_C, within the unit square.
    func curve(_ estimate: Double, measure: EffectMeasure) -> [(Double, Double)] {
        (0...200).compactMap { i -> (Double, Double)? in
            let pc = Double(i) / 200
            let pe: Double
            switch measure {
            case .OR:
                let psi = exp(estimate)
                pe = pc == 1 ? 1 : psi * pc / (1 - pc + psi * pc)
            case .RR: pe = exp(estimate) * pc
            default: pe = pc + estimate
            }
            return pe >= 0 && pe <= 1 ? (pc, pe) : nil
        }
    }
}
