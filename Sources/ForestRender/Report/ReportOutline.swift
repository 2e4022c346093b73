import ForestEval
import ForestStats

/// A review report as parts in order, whatever the file format: `HTMLReport` and
/// `MarkdownReport` write it. Sections: methods, PRISMA flow, characteristics of the studies,
/// risk of bias, every analysis in script order, summary of findings, references — each only
/// when the review has it.
struct ReportOutline {
    struct Cell: Hashable {
        var text: String
        /// How many columns it spans.
        var columns = 1
        /// Right-aligned (numbers).
        var numeric = false
        /// The study it names, linked to the study's row of characteristics.
        var study: String? = nil
    }

    struct Table {
        var head: [[Cell]]
        var body: [[Cell]]
        /// Body rows that are a line of text across the table (a subgroup's heading or tests).
        var textRows: Set<Int> = []
        /// Text rows that head a part of the table (a subgroup), not a line about it.
        var headingRows: Set<Int> = []
        /// Body rows of a total or subtotal.
        var totalRows: Set<Int> = []
        /// Body rows that are a study's own row of characteristics, by the study's label.
        var rowStudies: [Int: String] = [:]
    }

    enum Block {
        case paragraph(String)
        /// A result in words, for the manuscript.
        case sentence(String)
        /// An SVG figure (the complete SVG document) and its caption.
        case figure(svg: String, caption: String)
        case table(Table)
        /// Lines under a table: tests, notes.
        case lines([String])
        case list([String])
    }

    struct Section {
        var id: String
        var title: String
        /// 2 for the report's parts, 3 for each analysis under "Analyses".
        var level = 2
        var blocks: [Block] = []
    }

    var title: String
    var sections: [Section]
    /// Each study's anchor, by label (`study-ke-2011`).
    var studyAnchors: [String: String]

    init(_ report: ReviewReport) {
        title = report.title ?? "Meta-analysis"
        let style = TextStyle(unicode: true, plot: false)
        var sections: [Section] = []
        let methods = MethodsText.write(report)
        sections.append(Section(id: "methods", title: "Methods", blocks: methods.paragraphs.map { .paragraph($0) }))
        if let flow = report.prisma {
            sections.append(
                Section(
                    id: "prisma", title: "Study selection",
                    blocks: [.figure(svg: PrismaSVG.render(flow), caption: "PRISMA 2020 flow diagram")]))
        }
        let characteristics =
            report.analyses.compactMap { analysis -> ReviewTable? in
                if case .table(let t) = analysis, t.kind == "characteristics" { return t }
                return nil
            }.last ?? report.characteristics
        var anchors: [String: String] = [:]
        if let table = characteristics {
            var used: Set<String> = []
            for row in table.rows {
                guard let label = row.first, anchors[label] == nil else { continue }
                anchors[label] = ReportOutline.anchor("study-" + label, unique: &used)
            }
            sections.append(
                Section(
                    id: "characteristics", title: table.title,
                    blocks: [.table(ReportOutline.reviewTable(table, studyRows: true))]))
        }
        studyAnchors = anchors
        if !report.rob.isEmpty {
            sections.append(
                Section(
                    id: "risk-of-bias", title: "Risk of bias in included studies",
                    blocks: report.rob.map { figure in
                        .figure(
                            svg: RobSVG.render(figure),
                            caption: figure.kind == .graph
                                ? "Risk of bias graph: each domain, as percentages across the included studies"
                                : "Risk of bias summary: each domain for each included study")
                    }))
        }
        let analyses = AnalysisSections(style: style).sections(report.analyses)
        if !analyses.isEmpty {
            sections.append(Section(id: "analyses", title: "Analyses"))
            sections += analyses
        }
        if let findings = report.analyses.compactMap({ analysis -> ReviewTable? in
            if case .table(let t) = analysis, t.kind == "summary_of_findings" { return t }
            return nil
        }).last {
            var blocks: [Block] = [.table(ReportOutline.reviewTable(findings, studyRows: false))]
            if !findings.notes.isEmpty { blocks.append(.lines(findings.notes)) }
            sections.append(Section(id: "summary-of-findings", title: findings.title, blocks: blocks))
        }
        if !methods.references.isEmpty {
            sections.append(Section(id: "references", title: "References", blocks: [.list(methods.references)]))
        }
        self.sections = sections
    }

    /// A review table (characteristics, summary of findings) as a report table.
    static func reviewTable(_ table: ReviewTable, studyRows: Bool) -> Table {
        var result = Table(
            head: [table.columns.map { Cell(text: $0) }], body: table.rows.map { $0.map { Cell(text: $0) } })
        if studyRows {
            for (index, row) in table.rows.enumerated() { result.rowStudies[index] = row.first }
        }
        return result
    }

    /// A text table as a report table: its first row the headings, free-text lines across the
    /// table, blank lines dropped, study rows linked.
    static func table(_ text: TextTable, head extra: [[Cell]] = []) -> Table {
        let alignments = text.alignments
        var table = Table(head: extra, body: [])
        for (index, row) in text.rows.enumerated() {
            if let line = text.texts[index] {
                table.textRows.insert(table.body.count)
                if !line.hasPrefix(" ") { table.headingRows.insert(table.body.count) }
                table.body.append([Cell(text: line.withoutLeadingSpaces, columns: alignments.count)])
                continue
            }
            guard !row.isEmpty else { continue }
            let cells = row.enumerated().map { column, cell in
                Cell(
                    text: column == 0 ? cell.withoutLeadingSpaces : cell,
                    numeric: column < alignments.count && alignments[column] == .right,
                    study: column == 0 ? text.links[index] : nil)
            }
            if index == 0 {
                table.head.append(cells)
                continue
            }
            let first = cells.first?.text ?? ""
            if first.hasPrefix("Total (") || first.hasPrefix("Subtotal (") { table.totalRows.insert(table.body.count) }
            table.body.append(cells)
        }
        return table
    }

    /// An anchor from a text: lower case letters and digits, runs of anything else as one
    /// `-`; made unique among `used` by a number.
    static func anchor(_ text: String, unique used: inout Set<String>) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        var candidate = slug
        var number = 2
        while used.contains(candidate) {
            candidate = "\(slug)-\(number)"
            number += 1
        }
        used.insert(candidate)
        return candidate
    }
}

extension String {
    fileprivate var withoutLeadingSpaces: String { String(drop { $0 == " " }) }
}
