/// How one statement is laid out: on one line as its cells, or — a study whose data the writer
/// broke over lines, or with comments inside — its header, then its entries line by line as
/// they were written, each line's entries in columns, comments inside kept at their lines.
struct StatementLayout {
    let statement: Statement
    let inner: [Span]

    init(_ statement: Statement, inner: [Span]) {
        self.statement = statement
        self.inner = inner
    }

    func piece() -> Piece {
        var piece = Piece(
            lines: [ScriptWriter.text(statement)], cells: ScriptWriter.cells(statement), span: statement.span)
        guard case .study(let study) = statement, let layout = StudyLines(study, inner: inner) else { return piece }
        if layout.isMultiline { piece = Piece(lines: layout.lines(), cells: nil, span: study.span) }
        piece.movedAbove = layout.movedAbove
        return piece
    }
}

/// A study's data over several lines.
///
///     study "Ke 2011" year 2011 < CR: 3/21 vs 1/21,   PR: 7/21 vs 8/21,
///                                 OS1: 19/21 vs 13/21, AE: 8/21 vs 15/21 >
///
/// or, when the `<` starts a line of its own, the header alone and the data indented by four.
struct StudyLines {
    let header: String
    /// The entries of each line, as written (each but the study's last with its comma).
    var groups: [[String]] = []
    /// Each group's line in the source.
    var groupLines: [Int] = []
    /// Whether `<` is on the header's line.
    let openOnHeaderLine: Bool
    /// Own-line comments before a group (by group), and each group's end-of-line comment.
    var above: [[String]] = []
    var trailing: [String?] = []
    var headerTrailing: String? = nil
    /// Comments that cannot stay inside (before the first entry on the header's line).
    var movedAbove: [Span] = []

    init?(_ study: StudyStatement, inner: [Span]) {
        let source = study.span.source
        guard let open = StudyLines.openingBracket(study) else { return nil }
        header = ScriptWriter.studyHeader(study).map(\.text).joined(separator: " ")
        let headerLine = source.lineIndex(of: study.span.start)
        openOnHeaderLine = source.lineIndex(of: open) == headerLine
        for (index, entry) in study.entries.enumerated() {
            let line = source.lineIndex(of: entry.span.start)
            let text = ScriptWriter.entryText(entry) + (index + 1 < study.entries.count ? "," : "")
            if groupLines.last == line {
                groups[groups.count - 1].append(text)
            } else {
                groups.append([text]); groupLines.append(line)
            }
        }
        above = Array(repeating: [], count: groups.count)
        trailing = Array(repeating: nil, count: groups.count)
        for comment in inner { place(comment, headerLine: headerLine) }
    }

    private mutating func place(_ comment: Span, headerLine: Int) {
        let line = comment.source.lineIndex(of: comment.start)
        let text = ScriptFormatter.commentText(comment)
        if let group = groupLines.firstIndex(of: line) {
            trailing[group] = text
        } else if let group = groupLines.firstIndex(where: { $0 > line }), group > 0 || !openOnHeaderLine {
            if group == 0 && line == headerLine { headerTrailing = text } else { above[group].append(text) }
        } else {
            movedAbove.append(comment)
        }
    }

    var isMultiline: Bool {
        !openOnHeaderLine || groups.count > 1 || above.contains { !$0.isEmpty }
    }

    /// The offset of the study's `<`: after the header, past blanks, line breaks and comments.
    static func openingBracket(_ study: StudyStatement) -> Int? {
        let bytes = study.span.source.bytes
        var i = study.attributes.last?.value.span.end ?? study.label.span.end
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "<"): return i
            case UInt8(ascii: "#"): while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): i += 1
            default: return nil
            }
        }
        return nil
    }

    /// The lines: the entries of each line padded into columns (an entry followed by another on
    /// its line takes the width of the widest such entry in its position).
    func lines() -> [String] {
        var widths: [Int] = []
        for group in groups {
            for (k, entry) in group.dropLast().enumerated() {
                if k == widths.count { widths.append(0) }
                widths[k] = max(widths[k], entry.count)
            }
        }
        var lines: [String] = []
        let first = openOnHeaderLine ? header + " < " : "    < "
        if !openOnHeaderLine { lines.append(header + (headerTrailing.map { "  " + $0 } ?? "")) }
        let indent = String(repeating: " ", count: first.count)
        for (g, group) in groups.enumerated() {
            lines += above[g].map { indent + $0 }
            var text = (g == 0 ? first : indent)
            for (k, entry) in group.enumerated() {
                text += k + 1 < group.count ? CellAlignment.padded(entry, to: widths[k]) + " " : entry
            }
            if g == groups.count - 1 { text += " >" }
            lines.append(text + (trailing[g].map { "  " + $0 } ?? ""))
        }
        return lines
    }
}
