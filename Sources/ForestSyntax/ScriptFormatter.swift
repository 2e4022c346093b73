/// `forest fmt`'s printer: a script in its one canonical layout, comments kept where they were.
///
/// The layout: one statement per line (statements joined by `;` are split), single spaces, the
/// options in a fixed order (`ScriptWriter.ordered`), at most one blank line where the script
/// had any, none at the start or the end. Consecutive one-line statements whose first two cells
/// have the same keys are aligned cell by cell (a study's label, attributes and data entries; an
/// outcome's name and settings; a risk-of-bias judgement per domain) as far as their cells have
/// the same keys, and end-of-line comments of consecutive lines start in one column. Line breaks inside a study's `< … >` are the
/// writer's choice and are kept; the entries on those lines are aligned into columns. Numbers
/// are written as they were, strings re-quoted. Formatting changes no result: only the line
/// numbers of the statements may move.
public enum ScriptFormatter {
    /// Why a source was not formatted: its syntax errors (a script that does not parse is never
    /// rewritten).
    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    /// The canonical text of a whole source.
    public static func format(_ source: SourceFile) -> Result<String, Failure> {
        let (script, diagnostics) = Parser.parse(source)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { return .failure(Failure(diagnostics: errors)) }
        return .success(text(script.statements, comments: script.comments))
    }

    /// Statements in the canonical layout, with the comments (spans into the statements'
    /// sources) above, inside and after them; `header` first, as comment lines.
    public static func text(_ statements: [Statement], comments: [Span], header: String? = nil) -> String {
        text(statements, comments: comments, header: header, keepingLast: true)
    }

    /// A REPL session's statements (`:save`), with the comments of the sources they came from
    /// above, inside and after them — but not those after a source's last statement that was
    /// kept (a failed entry's comment, the end of a `:load`ed file).
    public static func session(_ statements: [Statement], header: String) -> String {
        var seen = Set<ObjectIdentifier>()
        var comments: [Span] = []
        for statement in statements where seen.insert(ObjectIdentifier(statement.span.source)).inserted {
            var lexer = Lexer(statement.span.source)
            while lexer.next().kind != .endOfInput {}
            comments += lexer.comments
        }
        return text(statements, comments: comments, header: header, keepingLast: false)
    }

    private static func text(
        _ statements: [Statement], comments: [Span], header: String?, keepingLast: Bool
    ) -> String {
        let owned = CommentOwnership(statements, comments)
        var pieces: [Piece] = []
        for (index, statement) in statements.enumerated() {
            pieces += owned.leading[index].map { Piece(comment: $0) }
            var piece = StatementLayout(statement, inner: owned.inner[index]).piece()
            pieces += piece.movedAbove.map { Piece(comment: $0, line: piece.firstLine) }
            piece.movedAbove = []
            if let trailing = owned.trailing[index] { piece.trailing = commentText(trailing) }
            pieces.append(piece)
        }
        if keepingLast { pieces += owned.end.map { Piece(comment: $0) } }
        var lines: [String] = []
        if let header {
            lines += header.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 } + [""]
        }
        lines += layOut(pieces)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// A comment's text, without the spaces or carriage return at the end of its line.
    static func commentText(_ span: Span) -> String {
        var text = Substring(span.text)
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }

    /// The pieces as lines: blank lines where the source had them, runs of one-line statements
    /// aligned, end-of-line comments of consecutive lines in one column.
    static func layOut(_ pieces: [Piece]) -> [String] {
        var blocks: [[Piece]] = []
        for (index, piece) in pieces.enumerated() {
            let previous = index > 0 ? pieces[index - 1] : nil
            if let previous, piece.needsBlankLine(after: previous) {
                blocks.append([])
            }
            if blocks.isEmpty { blocks.append([]) }
            blocks[blocks.count - 1].append(piece)
        }
        var lines: [String] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append("") }
            lines += blockLines(block)
        }
        return lines
    }

    /// One block (no blank line inside): runs of one-line statements of one keyword aligned,
    /// then the end-of-line comments of consecutive code lines put in one column.
    static func blockLines(_ block: [Piece]) -> [String] {
        var rows: [CellAlignment.Row] = []
        var run: [Piece] = []
        func flushRun() {
            for (piece, text) in zip(run, CellAlignment.align(run.map { $0.cells! })) {
                rows.append(CellAlignment.Row(text: text, trailing: piece.trailing, isCode: true))
            }
            run = []
        }
        for piece in block {
            // A statement of one cell (`pool PR`, `rob graph to …`) has nothing to align.
            if let cells = piece.cells, cells.count > 1, run.isEmpty || CellAlignment.alike(run[0].cells!, cells) {
                run.append(piece)
                continue
            }
            flushRun()
            if let cells = piece.cells, cells.count > 1 {
                run.append(piece)
                continue
            }
            // An indented comment under an end-of-line comment goes on with it, in its column.
            if piece.isComment && piece.isIndented, let last = rows.last, last.trailing != nil || last.continues {
                rows.append(CellAlignment.Row(text: "", trailing: piece.lines[0], isCode: true, continues: true))
                continue
            }
            for (i, line) in piece.lines.enumerated() {
                let isLast = i == piece.lines.count - 1
                rows.append(
                    CellAlignment.Row(text: line, trailing: isLast ? piece.trailing : nil, isCode: !piece.isComment))
            }
        }
        flushRun()
        return CellAlignment.placeTrailingComments(rows)
    }
}

/// A statement or an own-line comment, as lines of output, with where it was in its source.
struct Piece {
    var lines: [String]
    /// A one-line statement's cells (to align with its neighbours); nil for anything else.
    var cells: [ScriptWriter.Cell]?
    /// The comment at the end of the statement's last line.
    var trailing: String?
    var isComment: Bool
    let source: SourceFile
    let firstLine: Int
    let lastLine: Int
    /// Comments inside a study's data that go above the statement.
    var movedAbove: [Span] = []
    /// A comment not at the start of its line.
    var isIndented = false

    /// A comment on its own line: where it is, or `line` for one moved from inside a study.
    init(comment: Span, line: Int? = nil) {
        lines = [ScriptFormatter.commentText(comment)]
        isComment = true
        source = comment.source
        firstLine = line ?? comment.source.lineIndex(of: comment.start)
        lastLine = firstLine
        isIndented =
            line == nil && comment.start > comment.source.lineStarts[comment.source.lineIndex(of: comment.start)]
    }

    init(lines: [String], cells: [ScriptWriter.Cell]?, span: Span) {
        self.lines = lines
        self.cells = cells
        isComment = false
        source = span.source
        firstLine = span.source.lineIndex(of: span.start)
        lastLine = span.source.lineIndex(of: max(span.start, span.end - 1))
    }

    /// Whether a blank line separates this piece from the one before: where the source had
    /// one; between pieces of different sources (a REPL session's entries), before a comment.
    func needsBlankLine(after previous: Piece) -> Bool {
        guard source === previous.source else { return isComment && !previous.isComment }
        return firstLine > previous.lastLine + 1
    }
}
