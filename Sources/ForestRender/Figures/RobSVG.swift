import ForestEval

/// The Cochrane risk-of-bias figures, as RevMan draws them: the **graph** (one bar per domain,
/// split by the share of studies at each judgement) and the **summary** (the study × domain
/// grid of judgements). Low is green with "+", unclear or some concerns yellow with "?", high
/// red with "−": the symbols keep the figures readable in greyscale.
public enum RobSVG {
    static let colours = ["low": "#3fae49", "unclear": "#f5d52a", "some-concerns": "#f5d52a", "high": "#d7261e"]
    static let symbols = ["low": "+", "unclear": "?", "some-concerns": "?", "high": "−"]
    static let order = ["low", "unclear", "some-concerns", "high"]

    public static func render(_ figure: RobFigure) -> String {
        figure.kind == .graph ? graph(figure) : summary(figure)
    }

    /// The share of studies judged `level` in domain `index`, in percent.
    static func percent(_ figure: RobFigure, domain index: Int, _ level: String) -> Double {
        let judged = figure.studies.filter { !$0.judgements[index].isEmpty }
        guard !judged.isEmpty else { return 0 }
        return Double(judged.filter { $0.judgements[index] == level }.count) / Double(judged.count) * 100
    }

    static let labelWidth = 360.0, barWidth = 400.0, rowHeight = 26.0

    static func graph(_ figure: RobFigure) -> String {
        let top = 20.0
        let height = top + Double(figure.domains.count) * rowHeight + 70
        var svg = SVG(width: labelWidth + barWidth + 40, height: height)
        for (index, domain) in figure.domains.enumerated() {
            let y = top + Double(index) * rowHeight
            svg.text(domain, x: labelWidth - 8, y: y + 16, anchor: .end, size: 11)
            var x = labelWidth
            for level in order {
                let share = percent(figure, domain: index, level)
                guard share > 0 else { continue }
                let width = barWidth * share / 100
                svg.rect(x, y + 3, width, rowHeight - 6, fill: colours[level]!, extra: [("class", "rob-\(level)")])
                x += width
            }
            svg.rect(labelWidth, y + 3, barWidth, rowHeight - 6, fill: "none", extra: [("stroke", "#000")])
        }
        let axisY = top + Double(figure.domains.count) * rowHeight + 4
        for tick in stride(from: 0.0, through: 100, by: 25) {
            let x = labelWidth + barWidth * tick / 100
            svg.line(x, axisY, x, axisY + 4)
            svg.text("\(Int(tick))%", x: x, y: axisY + 16, anchor: .middle, size: 10)
        }
        legend(figure, y: axisY + 34, x: labelWidth, into: &svg)
        return svg.render(title: "Risk of bias graph")
    }

    static func summary(_ figure: RobFigure) -> String {
        let cell = 26.0, left = 140.0, headerHeight = 24.0
        let width = left + Double(figure.domains.count) * cell + 20
        let keyHeight = Double(figure.domains.count) * 14 + 50
        let height = headerHeight + Double(figure.studies.count) * cell + keyHeight
        var svg = SVG(width: max(width, 520), height: height)
        for index in figure.domains.indices {
            svg.text(
                "D\(index + 1)", x: left + (Double(index) + 0.5) * cell, y: 16, anchor: .middle, size: 11, bold: true)
        }
        for (row, study) in figure.studies.enumerated() {
            let y = headerHeight + Double(row) * cell
            svg.text(study.label, x: left - 8, y: y + cell / 2 + 4, anchor: .end, size: 11)
            for (column, level) in study.judgements.enumerated() where !level.isEmpty {
                let cx = left + (Double(column) + 0.5) * cell, cy = y + cell / 2
                svg.circle(
                    cx, cy, cell / 2 - 3, fill: colours[level] ?? "#fff", stroke: "#000",
                    extra: [("class", "rob-\(level)")])
                svg.text(symbols[level] ?? "", x: cx, y: cy + 5, anchor: .middle, size: 14, bold: true)
            }
        }
        var y = headerHeight + Double(figure.studies.count) * cell + 18
        for (index, domain) in figure.domains.enumerated() {
            svg.text("D\(index + 1): \(domain)", x: 10, y: y, size: 10)
            y += 14
        }
        legend(figure, y: y + 10, x: 10, into: &svg)
        return svg.render(title: "Risk of bias summary")
    }

    /// The judgements used, each with its colour and symbol.
    static func legend(_ figure: RobFigure, y: Double, x: Double, into svg: inout SVG) {
        let used = order.filter { level in figure.studies.contains { $0.judgements.contains(level) } }
        var position = x
        for level in used {
            svg.rect(position, y - 10, 12, 12, fill: colours[level]!, extra: [("stroke", "#000")])
            let words = [
                "low": "Low risk of bias", "unclear": "Unclear risk of bias", "some-concerns": "Some concerns",
                "high": "High risk of bias",
            ][level]!
            svg.text("\(symbols[level]!) \(words)", x: position + 16, y: y, size: 10)
            position += 150
        }
    }
}
