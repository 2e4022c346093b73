import ForestEval
import ForestSyntax

/// A review report as one self-contained HTML page: styles and figures inline (SVG), no
/// script, no font or file from anywhere else, so it opens offline; print styles keep each
/// figure and table row on one page.
public enum HTMLReport {
    public static func render(_ report: ReviewReport) -> String {
        let outline = ReportOutline(report)
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Forest \(ForestVersion.current)">
            <title>\(escape(outline.title))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <header>
            <h1>\(escape(outline.title))</h1>
            <p class="generated">Written by Forest \(ForestVersion.current) from the review's script.</p>
            </header>

            """
        html += contents(outline)
        html += "<main>\n"
        var open = false
        for section in outline.sections {
            if section.level == 2 {
                if open { html += "</section>\n" }
                html += "<section id=\"\(section.id)\">\n<h2>\(escape(section.title))</h2>\n"
                open = true
            } else {
                html += "<section id=\"\(section.id)\" class=\"analysis\">\n<h3>\(escape(section.title))</h3>\n"
            }
            for block in section.blocks { html += render(block, outline) }
            if section.level != 2 { html += "</section>\n" }
        }
        if open { html += "</section>\n" }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    /// The table of contents: the parts, each analysis under "Analyses".
    private static func contents(_ outline: ReportOutline) -> String {
        var html = "<nav id=\"contents\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n"
        var nested = false
        for section in outline.sections {
            let link = "<a href=\"#\(section.id)\">\(escape(section.title))</a>"
            if section.level == 2 {
                if nested { html += "</ol></li>\n" }
                nested = section.id == "analyses"
                html += nested ? "<li>\(link)<ol>\n" : "<li>\(link)</li>\n"
            } else {
                html += "<li>\(link)</li>\n"
            }
        }
        if nested { html += "</ol></li>\n" }
        return html + "</ol>\n</nav>\n"
    }

    private static func render(_ block: ReportOutline.Block, _ outline: ReportOutline) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(escape(text))</p>\n"
        case .sentence(let text):
            return "<p class=\"sentence\">\(escape(text))</p>\n"
        case .lines(let lines):
            return "<p class=\"lines\">" + lines.map(escape).joined(separator: "<br>\n") + "</p>\n"
        case .list(let items):
            return "<ol class=\"references\">\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ol>\n"
        case .figure(let svg, let caption):
            return "<figure>\n\(inline(svg))<figcaption>\(escape(caption))</figcaption>\n</figure>\n"
        case .table(let table):
            return render(table, outline)
        }
    }

    private static func render(_ table: ReportOutline.Table, _ outline: ReportOutline) -> String {
        let columns = table.head.last?.reduce(0) { $0 + $1.columns } ?? 1
        var html = "<div class=\"table\"><table>\n<thead>\n"
        for row in table.head {
            html += "<tr>" + row.map { cell($0, tag: "th", outline) }.joined() + "</tr>\n"
        }
        html += "</thead>\n<tbody>\n"
        for (index, row) in table.body.enumerated() {
            if table.textRows.contains(index) {
                let kind = table.headingRows.contains(index) ? "group" : "text"
                html += "<tr class=\"\(kind)\"><td colspan=\"\(columns)\">\(escape(row[0].text))</td></tr>\n"
                continue
            }
            let id = table.rowStudies[index].flatMap { outline.studyAnchors[$0] }.map { " id=\"\($0)\"" } ?? ""
            let total = table.totalRows.contains(index) ? " class=\"total\"" : ""
            html += "<tr\(id)\(total)>" + row.map { cell($0, tag: "td", outline) }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table></div>\n"
    }

    private static func cell(_ cell: ReportOutline.Cell, tag: String, _ outline: ReportOutline) -> String {
        var attributes = cell.columns > 1 ? " colspan=\"\(cell.columns)\"" : ""
        if cell.numeric { attributes += " class=\"num\"" }
        var content = escape(cell.text)
        if let study = cell.study, let anchor = outline.studyAnchors[study] {
            content = "<a href=\"#\(anchor)\">\(content)</a>"
        }
        return "<\(tag)\(attributes)>\(content)</\(tag)>"
    }

    /// An SVG document as an element of the page: without its XML declaration and namespace
    /// (HTML gives an `svg` element its namespace).
    static func inline(_ svg: String) -> String {
        var text = Substring(svg)
        if text.hasPrefix("<?xml"), let end = text.firstIndex(of: "\n") { text = text[text.index(after: end)...] }
        return String(text).replacing(" xmlns=\"http://www.w3.org/2000/svg\"", with: "", maxReplacements: 1)
    }

    /// Text as HTML: `&`, `<`, `>` and `"` as entities; control characters shown escaped.
    static func escape(_ text: String) -> String {
        VisibleText.escaped(text).replacing("&", with: "&amp;").replacing("<", with: "&lt;")
            .replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }

    private static let style = """
        body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.45;color:#111;background:#fff;max-width:1100px;margin:0 auto;padding:24px}
        h1{font-size:20pt;margin:0 0 4pt}
        h2{font-size:15pt;border-bottom:1px solid #bbb;padding-bottom:2pt;margin:28pt 0 8pt}
        h3{font-size:12pt;margin:22pt 0 6pt}
        p.generated{color:#555;font-size:9pt;margin:0}
        nav ol{padding-left:20pt;margin:4pt 0}
        a{color:#1f4f8a}
        figure{margin:10pt 0;break-inside:avoid;page-break-inside:avoid}
        figure svg{max-width:100%;height:auto;display:block}
        figcaption{font-size:9pt;color:#444;margin-top:3pt}
        div.table{overflow-x:auto}
        table{border-collapse:collapse;font-size:9.5pt;margin:6pt 0}
        th,td{padding:2pt 6pt;text-align:left;vertical-align:top;border-bottom:1px solid #e2e2e2}
        thead th{border-bottom:1px solid #777;font-weight:bold}
        td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        tr.text td{font-style:italic;background:#f5f5f5}
        tr.group td{font-weight:bold;padding-top:8pt}
        tr.total td{font-weight:bold}
        tr:target td{background:#fff3b0}
        p.sentence{background:#eef4fb;border-left:3px solid #3b6ea8;padding:4pt 8pt;margin:6pt 0}
        p.lines{font-size:9.5pt;margin:4pt 0}
        ol.references li{margin-bottom:3pt}
        @page{margin:15mm}
        @media print{body{max-width:none;padding:0;font-size:10pt}a{color:inherit;text-decoration:none}h2,h3{break-after:avoid;page-break-after:avoid}tr,p.sentence{break-inside:avoid;page-break-inside:avoid}nav{break-after:page;page-break-after:always}}
        """
}

/// Forest's version, as reports and `--version` give it.
public enum ForestVersion {
    public static let current = "0.1.0"
}
