/// Columns for `forest fmt`: the cells of a run of one-line statements, and the comments at
/// the ends of consecutive lines. Widths are counted in characters, as a monospaced editor
/// shows them.
enum CellAlignment {
    /// Each row's text with its cells in columns as far as the rows' cells have the same keys
    /// (`study`, `year`, `design`, …) — at least the first two — : a cell there takes the
    /// width of the widest in its column, unless it ends its row; beyond that, single spaces.
    static func align(_ rows: [[ScriptWriter.Cell]]) -> [String] {
        guard rows.count > 1 else { return rows.map { $0.map(\.text).joined(separator: " ") } }
        var shared = 0
        let shortest = rows.map(\.count).min() ?? 0
        while shared < shortest && rows.allSatisfy({ $0[shared].key == rows[0][shared].key }) { shared += 1 }
        // Only the first cells in common: `forest PR rob …` and `forest CR by stage …` stay as
        // they are rather than padding the outcome alone.
        if shared < 2 { return rows.map { $0.map(\.text).joined(separator: " ") } }
        var widths = Array(repeating: 0, count: shared)
        for row in rows {
            for column in 0..<min(shared, row.count - 1) {
                widths[column] = max(widths[column], row[column].text.count)
            }
        }
        return rows.map { row in
            var text = ""
            for (column, cell) in row.enumerated() {
                if column > 0 { text += " " }
                let isLast = column == row.count - 1
                text += column < shared && !isLast ? padded(cell.text, to: widths[column]) : cell.text
            }
            return text
        }
    }

    /// Whether two statements' lines belong in one run: their first two cells have the same
    /// keys (`study` and `year`, `outcome` and `label`, `rob` and `sequence`).
    static func alike(_ a: [ScriptWriter.Cell], _ b: [ScriptWriter.Cell]) -> Bool {
        a.count > 1 && b.count > 1 && a[0].key == b[0].key && a[1].key == b[1].key
    }

    /// A line of output and its end-of-line comment; `continues`: a comment line that goes on
    /// with the end-of-line comment above it, in the same column.
    struct Row {
        var text: String
        var trailing: String?
        var isCode: Bool
        var continues = false
    }

    /// The lines, each code line's end-of-line comment two spaces after the longest commented
    /// line of its stretch of consecutive code lines.
    static func placeTrailingComments(_ rows: [Row]) -> [String] {
        var lines: [String] = []
        var start = 0
        while start < rows.count {
            var end = start
            while end < rows.count && rows[end].isCode { end += 1 }
            if end == start {
                lines.append(rows[start].text)
                start += 1
                continue
            }
            let stretch = rows[start..<end]
            let column = stretch.filter { $0.trailing != nil && !$0.continues }.map(\.text.count).max() ?? 0
            for row in stretch {
                lines.append(row.trailing.map { padded(row.text, to: column) + "  " + $0 } ?? row.text)
            }
            start = end
        }
        return lines
    }

    static func padded(_ text: String, to width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }
}
