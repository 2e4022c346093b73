import ForestSyntax

/// A plain-text table with aligned columns. Cells are measured in terminal columns (a CJK
/// character takes two), and control characters in them are shown escaped.
struct TextTable {
    enum Alignment {
        case left
        case right
    }

    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Columns are separated by this many spaces.
    var gap = 2

    init(_ alignments: [Alignment]) {
        self.alignments = alignments
    }

    mutating func add(_ cells: [String]) {
        rows.append(cells.map { VisibleText.escaped($0) })
    }

    /// A blank line inside the table.
    mutating func addBlank() {
        rows.append([])
    }

    /// A line of free text inside the table, not aligned to the columns.
    mutating func addText(_ line: String) {
        texts[rows.count] = line
        rows.append([])
    }

    /// The free-text lines, by row.
    private(set) var texts: [Int: String] = [:]
    /// The study each study row shows, by row (a report links it to the study's characteristics).
    var links: [Int: String] = [:]

    func widths() -> [Int] {
        var widths = Array(repeating: 0, count: alignments.count)
        for (index, row) in rows.enumerated() where texts[index] == nil {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], VisibleText.displayWidth(cell))
            }
        }
        return widths
    }

    func render() -> [String] {
        let widths = widths()
        return rows.enumerated().map { index, row in
            if let text = texts[index] { return text }
            guard !row.isEmpty else { return "" }
            var line = ""
            for (i, width) in widths.enumerated() {
                let cell = i < row.count ? row[i] : ""
                let padding = String(repeating: " ", count: max(0, width - VisibleText.displayWidth(cell)))
                if i > 0 { line += String(repeating: " ", count: gap) }
                line += alignments[i] == .left ? cell + padding : padding + cell
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
