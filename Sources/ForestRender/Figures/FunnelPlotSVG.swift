import ForestEval
import ForestStats
import Foundation

/// A funnel plot as SVG (Light & Pillemer 1984; Sterne et al. 2011, BMJ 343:d4002): each
/// study's effect against its standard error, the axis inverted so that precise studies are at
/// the top; the pooled estimate as a vertical line; the pseudo confidence limits at the
/// analysis's level, θ̂ ± z·SE (z = 1.96 for 95%); optionally the contour-enhanced regions where a study would be significant at
/// p < 0.10, 0.05 and 0.01 against no effect (Peters et al. 2008, J Clin Epidemiol 61:991–996),
/// and trim-and-fill's filled studies as open circles with the adjusted estimate.
public struct FunnelPlotSVG: Sendable {
    public init() {}

    static let height = 440.0
    static let left = 70.0, right = 530.0, top = 40.0, bottom = 370.0

    /// The plot's scales: effect to x, standard error to y (inverted: precise studies on top).
    struct Frame {
        var xMin: Double, xMax: Double, seMax: Double
        func xOf(_ v: Double) -> Double {
            FunnelPlotSVG.left + (v - xMin) / (xMax - xMin) * (FunnelPlotSVG.right - FunnelPlotSVG.left)
        }
        func yOf(_ se: Double) -> Double { FunnelPlotSVG.top + se / seMax * (FunnelPlotSVG.bottom - FunnelPlotSVG.top) }
    }

    public func render(_ figure: FigureAnalysis) -> String {
        let pool = figure.pool
        let effects = pool.result.studies.compactMap(\.effect).filter { $0.y.isFinite && $0.v.isFinite }
        let theta = pool.result.estimate ?? 0
        let filled = figure.trimAndFill?.filled ?? []
        let ses = (effects + filled).map { $0.v.squareRoot() }
        let seMax = niceCeiling((ses.max() ?? 1) * 1.05)
        // Contours at two-sided p = 0.10, 0.05, 0.01; pseudo limits at the analysis's level.
        let zs: [Double] = figure.contours ? [0.10, 0.05, 0.01].map { -Normal.quantile($0 / 2) } : []
        let z = pool.result.options.normalCritical
        // Horizontal range: the studies, the pseudo-confidence limits and the contours.
        var xs = (effects + filled).map(\.y) + [theta - z * seMax, theta + z * seMax]
        if let z = zs.last { xs += [-z * seMax, z * seMax] }
        let margin = ((xs.max()! - xs.min()!) * 0.04)
        let frame = Frame(xMin: xs.min()! - margin, xMax: xs.max()! + margin, seMax: seMax)

        let legend = legendEntries(figure, contours: !zs.isEmpty)
        var svg = SVG(width: Self.right + 14 + legendWidth(legend) + 12, height: Self.height)
        let selection = pool.outcome.selection.map { " (only \($0))" } ?? ""
        svg.text("\(pool.outcome.title) — funnel plot\(selection)", x: Self.left, y: 22, size: 13, bold: true)
        svg.rect(
            Self.left, Self.top, Self.right - Self.left, Self.bottom - Self.top, fill: "#fff",
            extra: [("stroke", "#000"), ("stroke-width", "0.75")])
        if !zs.isEmpty { drawContours(&svg, frame, zs) }
        drawLines(&svg, frame, figure, theta: theta, z: z)
        drawStudies(&svg, frame, figure)
        drawLegend(&svg, legend)
        drawAxes(&svg, frame, figure)
        return svg.render(title: "\(pool.outcome.title): funnel plot")
    }

    /// The contour-enhanced regions (Peters et al. 2008) and their legend.
    private func drawContours(_ svg: inout SVG, _ f: Frame, _ zs: [Double]) {
        // From the outside in: p < 0.01 darkest, then 0.01–0.05, then 0.05–0.10.
        let shades = Self.shades
        // Each region runs from the apex (no effect, SE 0) along ±z·SE to the plot's edge.
        for (z, shade) in zip(zs, shades) {
            for side in [-1.0, 1.0] {
                let edge = side < 0 ? Self.left : Self.right
                svg.polygon(
                    [
                        (f.xOf(0), f.yOf(0)), (f.xOf(side * z * f.seMax), f.yOf(f.seMax)), (edge, f.yOf(f.seMax)),
                        (edge, f.yOf(0)),
                    ],
                    fill: shade, extra: [("class", "contour"), ("data-z", String(z))])
            }
        }
    }

    static let shades = ["#e6e6e6", "#bfbfbf", "#8c8c8c"]

    enum Key { case region(String), line(String, dash: String?), circle(String) }

    /// The legend's entries: the contour regions (p > 0.10 included), then the lines drawn —
    /// pooled estimate, pseudo confidence limits, trim-and-fill's estimate and filled studies.
    private func legendEntries(_ figure: FigureAnalysis, contours: Bool) -> [(String, Key)] {
        var entries: [(String, Key)] = []
        if contours {
            entries += [
                ("p > 0.10", .region("#fff")), ("0.05 < p < 0.10", .region(Self.shades[0])),
                ("0.01 < p < 0.05", .region(Self.shades[1])), ("p < 0.01", .region(Self.shades[2])),
            ]
        }
        let level = NumberFormat.data(figure.pool.result.options.level)
        entries += [
            ("Pooled estimate", .line("#000", dash: nil)), ("Pseudo \(level)% limits", .line("#000", dash: "4 3")),
        ]
        if let t = figure.trimAndFill, t.k0 > 0 {
            entries += [
                ("Trim-and-fill estimate", .line("#c00000", dash: "6 3")), ("Filled study", .circle("#c00000")),
            ]
        }
        return entries
    }

    private func legendWidth(_ entries: [(String, Key)]) -> Double {
        28 + (entries.map { TextMetrics.width($0.0, size: 10) }.max() ?? 0) + 8
    }

    /// The legend, right of the plot (never over a study).
    private func drawLegend(_ svg: inout SVG, _ entries: [(String, Key)]) {
        let width = legendWidth(entries)
        let x0 = Self.right + 14
        svg.rect(
            x0, Self.top + 4, width, Double(entries.count) * 14 + 6, fill: "#fff",
            extra: [("class", "legend"), ("stroke", "#000"), ("stroke-width", "0.5")])
        for (i, (label, key)) in entries.enumerated() {
            let y = Self.top + 9 + Double(i) * 14
            switch key {
            case .region(let shade):
                svg.rect(x0 + 6, y, 10, 10, fill: shade, extra: [("stroke", "#000"), ("stroke-width", "0.5")])
            case .line(let colour, let dash):
                svg.line(x0 + 4, y + 5, x0 + 20, y + 5, stroke: colour, width: 1, dash: dash)
            case .circle(let colour):
                svg.circle(x0 + 12, y + 5, 3.5, fill: "#fff", stroke: colour)
            }
            svg.text(label, x: x0 + 26, y: y + 9, size: 10, cls: "legend-entry")
        }
    }

    /// The pseudo confidence limits at the analysis's level, the pooled estimate and
    /// trim-and-fill's adjusted one.
    private func drawLines(_ svg: inout SVG, _ f: Frame, _ figure: FigureAnalysis, theta: Double, z: Double) {
        for side in [-1.0, 1.0] {
            svg.line(
                f.xOf(theta), f.yOf(0), f.xOf(theta + side * z * f.seMax), f.yOf(f.seMax), stroke: "#000",
                width: 0.75, dash: "4 3",
                extra: [("class", "pseudo-limit")])
        }
        svg.line(
            f.xOf(theta), f.yOf(0), f.xOf(theta), f.yOf(f.seMax), stroke: "#000", width: 1,
            extra: [("class", "pooled"), ("data-estimate", String(theta))])
        if let trimmed = figure.trimAndFill, trimmed.k0 > 0, let adjusted = trimmed.result.estimate {
            svg.line(
                f.xOf(adjusted), f.yOf(0), f.xOf(adjusted), f.yOf(f.seMax), stroke: "#c00000", width: 1, dash: "6 3",
                extra: [("class", "adjusted"), ("data-estimate", String(adjusted))])
        }
    }

    /// Each study as a dot, each filled study as an open circle.
    private func drawStudies(_ svg: inout SVG, _ f: Frame, _ figure: FigureAnalysis) {
        let pool = figure.pool
        for (study, row) in zip(pool.studies, pool.result.studies) {
            guard let e = row.effect else { continue }
            svg.circle(
                f.xOf(e.y), f.yOf(e.v.squareRoot()), 3.5, fill: "#1f4e79",
                extra: [
                    ("class", "study"), ("data-study", study.label), ("data-estimate", String(e.y)),
                    ("data-se", String(e.v.squareRoot())),
                ])
        }
        for e in figure.trimAndFill?.filled ?? [] {
            svg.circle(
                f.xOf(e.y), f.yOf(e.v.squareRoot()), 3.5, fill: "#fff", stroke: "#c00000",
                extra: [
                    ("class", "filled"), ("data-estimate", String(e.y)), ("data-se", String(e.v.squareRoot())),
                ])
        }
    }

    /// Both axes with their ticks and titles, and the caption.
    private func drawAxes(_ svg: inout SVG, _ f: Frame, _ figure: FigureAnalysis) {
        let pool = figure.pool
        for tick in seTicks(f.seMax) {
            svg.line(Self.left - 4, f.yOf(tick), Self.left, f.yOf(tick), stroke: "#000", width: 0.75)
            svg.text(EffectAxis.label(tick), x: Self.left - 7, y: f.yOf(tick) + 3.5, anchor: .end, size: 10)
        }
        for tick in effectTicks(f.xMin, f.xMax, logScale: pool.logScale) {
            svg.line(f.xOf(tick.value), Self.bottom, f.xOf(tick.value), Self.bottom + 4, stroke: "#000", width: 0.75)
            svg.text(tick.label, x: f.xOf(tick.value), y: Self.bottom + 16, anchor: .middle, size: 10)
        }
        let effectName = RevManLabels.effectName(pool)
        svg.text(
            pool.logScale ? "\(effectName) (log scale)" : effectName, x: (Self.left + Self.right) / 2,
            y: Self.bottom + 34, anchor: .middle, size: 11)
        svg.raw(
            "<text x=\"18\" y=\"\(SVG.number((Self.top + Self.bottom) / 2))\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 18 \(SVG.number((Self.top + Self.bottom) / 2)))\">Standard error</text>"
        )
        var caption =
            "Pooled: \(RevManLabels.methodAndModel(pool.result.options)); dashed: pseudo \(NumberFormat.data(pool.result.options.level))% confidence limits"
        if let t = figure.trimAndFill {
            caption += t.k0 > 0 ? "; open circles: \(t.k0) filled (trim-and-fill)" : "; trim-and-fill filled no study"
        }
        svg.text(caption, x: Self.left, y: Self.height - 14, size: 10, color: "#333")
    }

    private func niceCeiling(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let power = pow(10, floor(log10(x)))
        return ([1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map { $0 * power }.first { $0 >= x }) ?? 10 * power
    }

    private func seTicks(_ maximum: Double) -> [Double] {
        let step = niceCeiling(maximum / 5)
        return (0...10).map { Double($0) * step }.filter { $0 <= maximum * (1 + 1e-9) }
    }

    /// Ticks on the analysis scale; ratios get round natural values (…, 0.5, 1, 2, …).
    private func effectTicks(_ lo: Double, _ hi: Double, logScale: Bool) -> [(value: Double, label: String)] {
        if logScale {
            return EffectAxis.roundRatios(from: lo, to: hi).map { (log($0), EffectAxis.label($0)) }
        }
        let step = niceCeiling((hi - lo) / 6)
        let first = (lo / step).rounded(.up) * step
        return (0...12).map { first + Double($0) * step }.filter { $0 <= hi }
            .map { ($0, EffectAxis.label(abs($0) < step * 1e-9 ? 0 : $0)) }
    }
}
