import ForestEval
import ForestSyntax
import Foundation

/// A review report as Markdown: the same parts as the HTML report, tables as pipe tables,
/// figures as SVG images inside the file (`data:` URLs; pandoc, VS Code and most editors show
/// them, GitHub does not), study names linked to their row of characteristics.
public enum MarkdownReport {
    public static func render(_ report: ReviewReport) -> String {
        let outline = ReportOutline(report)
        var lines = [
            "# \(escape(outline.title))", "", "*Written by Forest \(ForestVersion.current) from the review's script.*",
            "",
        ]
        lines += ["## Contents", ""]
        for section in outline.sections {
            lines.append((section.level == 3 ? "  " : "") + "- [\(escape(section.title))](#\(section.id))")
        }
        lines.append("")
        for section in outline.sections {
            lines += [
                "<a id=\"\(section.id)\"></a>", "",
                String(repeating: "#", count: section.level) + " " + escape(section.title), "",
            ]
            for block in section.blocks { lines += render(block, outline) + [""] }
        }
        return lines.joined(separator: "\n")
    }

    private static func render(_ block: ReportOutline.Block, _ outline: ReportOutline) -> [String] {
        switch block {
        case .paragraph(let text): return [escape(text)]
        case .sentence(let text): return ["> " + escape(text)]
        case .lines(let lines): return [lines.map(escape).joined(separator: "  \n")]
        case .list(let items): return items.enumerated().map { "\($0.offset + 1). \(escape($0.element))" }
        case .figure(let svg, let caption):
            let data = Data(svg.utf8).base64EncodedString()
            return ["![\(escape(caption))](data:image/svg+xml;base64,\(data))", "", "*\(escape(caption))*"]
        case .table(let table): return render(table, outline)
        }
    }

    /// A pipe table: one heading row (an arm's name joined to the headings under it), text
    /// rows in italics in the first column.
    private static func render(_ table: ReportOutline.Table, _ outline: ReportOutline) -> [String] {
        guard let last = table.head.last else { return [] }
        var headings = last.map(\.text)
        var alignments = last.map(\.numeric)
        if table.head.count > 1 {
            var column = 0
            for cell in table.head[0] {
                for _ in 0..<cell.columns where column < headings.count {
                    if !cell.text.isEmpty { headings[column] = cell.text + ": " + headings[column] }
                    column += 1
                }
            }
        }
        if let first = table.body.first(where: { $0.count == headings.count }) {
            alignments = first.map(\.numeric)
        }
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var lines = [line(headings.map(escape)), "|" + alignments.map { $0 ? "---:|" : "---|" }.joined()]
        for (index, row) in table.body.enumerated() {
            if table.textRows.contains(index) {
                lines.append(line(["*\(escape(row[0].text))*"] + Array(repeating: "", count: headings.count - 1)))
                continue
            }
            var cells = row.map { cell -> String in
                if let study = cell.study, let anchor = outline.studyAnchors[study] {
                    return "[\(escape(cell.text))](#\(anchor))"
                }
                return escape(cell.text)
            }
            if let study = table.rowStudies[index], let anchor = outline.studyAnchors[study], !cells.isEmpty {
                cells[0] = "<a id=\"\(anchor)\"></a>" + cells[0]
            }
            lines.append(line(cells))
        }
        return lines
    }

    /// Text with Markdown's special characters escaped; control characters shown escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in VisibleText.escaped(text) {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character == "\n" ? " " : character)
        }
        return out
    }
}
