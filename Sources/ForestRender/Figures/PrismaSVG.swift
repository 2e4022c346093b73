import ForestEval

/// The PRISMA 2020 flow diagram (Page et al. 2021, BMJ 372:n71; the template for new
/// systematic reviews with databases and registers): the identification, screening and
/// included bands down the left, the main boxes in a column joined by arrows, and beside each
/// the records taken out at that step. Counts not reported read "n = not reported".
public enum PrismaSVG {
    static let width = 760.0
    static let bandX = 10.0, bandWidth = 28.0
    static let mainX = 60.0, mainWidth = 310.0
    static let sideX = 420.0, sideWidth = 330.0
    static let lineHeight = 15.0, padding = 8.0, gap = 26.0

    /// One box: its lines, the first in bold.
    struct Box {
        var lines: [String]
        var height: Double { Double(lines.count) * PrismaSVG.lineHeight + 2 * PrismaSVG.padding }
    }

    public static func render(_ flow: PrismaFlow) -> String {
        let rows = layout(flow)
        var y = 14.0
        var placed: [(band: String, main: Box, side: Box?, y: Double, height: Double)] = []
        for row in rows {
            // A band of one row is tall enough for its name written upwards.
            let alone = rows.filter { $0.band == row.band }.count == 1
            let height = max(row.main.height, row.side?.height ?? 0, alone ? 64 : 0)
            placed.append((row.band, row.main, row.side, y, height))
            y += height + gap
        }
        var svg = SVG(width: width, height: y - gap + 14)
        drawBands(placed.map { ($0.band, $0.y, $0.height) }, into: &svg)
        for (index, row) in placed.enumerated() {
            draw(row.main, x: mainX, y: row.y, width: mainWidth, height: row.height, into: &svg)
            if let side = row.side {
                draw(side, x: sideX, y: row.y, width: sideWidth, height: row.height, into: &svg)
                arrow(
                    from: (mainX + mainWidth, row.y + row.height / 2), to: (sideX, row.y + row.height / 2), into: &svg)
            }
            if index + 1 < placed.count {
                arrow(
                    from: (mainX + mainWidth / 2, row.y + row.height),
                    to: (mainX + mainWidth / 2, placed[index + 1].y), into: &svg)
            }
        }
        return svg.render(title: "PRISMA 2020 flow diagram")
    }

    /// "n = 2706", or "n = not reported".
    static func n(_ count: PrismaFlow.Count?) -> String {
        guard let total = count?.total else { return "n = not reported" }
        return "n = \(NumberFormat.data(total))"
    }

    /// The boxes, row by row: (band, main box, box beside it).
    static func layout(_ flow: PrismaFlow) -> [(band: String, main: Box, side: Box?)] {
        let c = flow.counts
        // A source's line is indented (marked by a leading tab, drawn as an indent).
        func parts(_ field: String) -> [String] {
            (c[field]?.parts ?? []).map { "\t\($0.name) (n = \(NumberFormat.data($0.count)))" }
        }
        var identified = ["Records identified from:", "Databases (\(n(c["databases"])))"] + parts("databases")
        if c["registers"] != nil { identified += ["Registers (\(n(c["registers"])))"] + parts("registers") }
        if c["other"] != nil { identified += ["Other methods (\(n(c["other"])))"] + parts("other") }
        let removed = [
            "Records removed before screening:", "Duplicate records (\(n(c["duplicates"])))",
            "Marked as ineligible by automation tools (\(n(c["automation"])))",
            "Removed for other reasons (\(n(c["removed"])))",
        ]
        var included = ["Studies included in review (\(n(c["studies"])))"]
        if c["reports"] != nil { included.append("Reports of included studies (\(n(c["reports"])))") }
        return [
            ("Identification", Box(lines: identified), Box(lines: removed)),
            (
                "Screening", Box(lines: ["Records screened (\(n(c["screened"])))"]),
                Box(lines: ["Records excluded (\(n(c["excluded"])))"])
            ),
            (
                "Screening", Box(lines: ["Reports sought for retrieval (\(n(c["sought"])))"]),
                Box(lines: ["Reports not retrieved (\(n(c["unretrieved"])))"])
            ),
            (
                "Screening", Box(lines: ["Reports assessed for eligibility (\(n(c["assessed"])))"]),
                Box(
                    lines: ["Reports excluded (\(n(c["reasons"])))" + (parts("reasons").isEmpty ? "" : ":")]
                        + parts("reasons"))
            ),
            ("Included", Box(lines: included), nil),
        ]
    }

    static func draw(_ box: Box, x: Double, y: Double, width: Double, height: Double, into svg: inout SVG) {
        svg.rect(x, y, width, height, fill: "#fff", extra: [("stroke", "#000"), ("stroke-width", "1")])
        for (index, line) in box.lines.enumerated() {
            let indented = line.hasPrefix("\t")
            svg.text(
                indented ? String(line.dropFirst()) : line, x: x + padding + (indented ? 14 : 0),
                y: y + padding + lineHeight * Double(index + 1) - 3, size: 11, bold: index == 0 && box.lines.count > 1)
        }
    }

    static func arrow(from a: (Double, Double), to b: (Double, Double), into svg: inout SVG) {
        let horizontal = a.1 == b.1
        let tip = horizontal ? (b.0 - 7, b.1) : (b.0, b.1 - 7)
        svg.line(a.0, a.1, tip.0, tip.1)
        let head =
            horizontal
            ? [(b.0, b.1), (b.0 - 8, b.1 - 4), (b.0 - 8, b.1 + 4)]
            : [(b.0, b.1), (b.0 - 4, b.1 - 8), (b.0 + 4, b.1 - 8)]
        svg.polygon(head, fill: "#000")
    }

    /// The bands: one shaded strip per run of rows of the same band, its name written upwards.
    static func drawBands(_ rows: [(band: String, y: Double, height: Double)], into svg: inout SVG) {
        var start = 0
        while start < rows.count {
            var end = start
            while end + 1 < rows.count && rows[end + 1].band == rows[start].band { end += 1 }
            let top = rows[start].y, bottom = rows[end].y + rows[end].height
            svg.rect(bandX, top, bandWidth, bottom - top, fill: "#cfe2f3", extra: [("stroke", "#6d9eeb")])
            let cx = bandX + bandWidth / 2 + 4, cy = (top + bottom) / 2
            svg.element(
                "text",
                [
                    ("x", SVG.number(cx)), ("y", SVG.number(cy)), ("text-anchor", "middle"), ("font-size", "12"),
                    ("font-weight", "bold"), ("transform", "rotate(-90 \(SVG.number(cx)) \(SVG.number(cy)))"),
                ], content: rows[start].band)
            start = end + 1
        }
    }
}
