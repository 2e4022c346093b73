import ForestSyntax

/// Renders diagnostics for people, codespan-style (`DiagnosticJSON` beside it writes them for tools).
///
///     review.forest:3:23: error: 35 events out of 30 in the experimental arm
///       |
///     3 | study "Ke 2011" < PR: 35/30 vs 6/30 >
///       |                       ^^^^^ more events than patients
///       = help: check the counts: events come first, then the arm's total
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The diagnostic as text, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        let primary = diagnostic.primary.span
        let (line, column) = primary.source.location(of: primary.start)
        let severityColor = diagnostic.severity == .error ? "1;31" : "1;33"
        var out =
            paint("\(VisibleText.escaped(primary.source.name)):\(line):\(column):", "1") + " "
            + paint("\(diagnostic.severity.rawValue):", severityColor) + " "
            + paint(VisibleText.escaped(diagnostic.message), "1") + "\n"

        let labels = [(diagnostic.primary, true)] + diagnostic.secondary.map { ($0, false) }
        let sameSource = labels.filter { $0.0.span.source === primary.source }
        let gutterWidth =
            sameSource.map { String($0.0.span.source.location(of: $0.0.span.start).line).count }.max() ?? 1
        let pad = String(repeating: " ", count: gutterWidth)
        out += paint("\(pad) |", "34") + "\n"
        // Lines in source order, each shown once with the underlines of its labels.
        let ordered = sameSource.sorted { $0.0.span.start < $1.0.span.start }
        var previousLine: Int? = nil
        for (label, isPrimary) in ordered {
            let lineIndex = primary.source.lineIndex(of: label.span.start)
            out += snippet(
                label, isPrimary: isPrimary, gutterWidth: gutterWidth, color: severityColor,
                showLine: lineIndex != previousLine)
            previousLine = lineIndex
        }
        for (label, _) in labels where label.span.source !== primary.source {
            let (l, c) = label.span.source.location(of: label.span.start)
            out +=
                paint("\(pad) = ", "34")
                + "\(VisibleText.escaped(label.message ?? "see")): \(VisibleText.escaped(label.span.source.name)):\(l):\(c)\n"
            out += snippet(
                label, isPrimary: false, gutterWidth: max(gutterWidth, String(l).count), color: severityColor,
                showLine: true)
        }
        for note in diagnostic.notes { out += paint("\(pad) = note:", "34") + " \(VisibleText.escaped(note))\n" }
        if let help = diagnostic.help { out += paint("\(pad) = help:", "36") + " \(VisibleText.escaped(help))\n" }
        return out
    }

    /// A label's underline, under its source line unless that line was just shown. The line
    /// is shown with control characters escaped and tabs as spaces, and the underline is placed
    /// by terminal columns (a CJK character takes two), so it stays under the culprit.
    private func snippet(
        _ label: Diagnostic.Label, isPrimary: Bool, gutterWidth: Int, color: String, showLine: Bool
    ) -> String {
        let span = label.span
        let source = span.source
        let lineIndex = source.lineIndex(of: span.start)
        let lineStart = source.lineStarts[lineIndex]
        let fullLine = shown(source.lineText(lineIndex))
        let lineEnd = lineStart + source.lineText(lineIndex).utf8.count
        let start = min(max(span.start, lineStart), lineEnd)
        let end = min(max(span.end, start), lineEnd)
        let before = shown(String(decoding: source.bytes[lineStart..<start], as: UTF8.self))
        let covered = shown(String(decoding: source.bytes[start..<end], as: UTF8.self))
        let (line, _) = source.location(of: span.start)
        let lineNumber = String(line)
        let gutter = String(repeating: " ", count: gutterWidth - lineNumber.count) + lineNumber
        var column = VisibleText.displayWidth(before)
        let width = max(1, VisibleText.displayWidth(covered))
        // A very long line is shown as a window around the culprit.
        var lineText = fullLine
        if VisibleText.displayWidth(lineText) > DiagnosticRenderer.widestLine {
            // Skip whole characters worth about `column − 20` terminal columns, then keep at
            // most `widestLine` columns.
            var skipped = 0, skippedWidth = 0
            for ch in lineText {
                let w = VisibleText.displayWidth(String(ch))
                if skippedWidth + w > max(0, column - 20) { break }
                skipped += 1
                skippedWidth += w
            }
            var window = "", windowWidth = 0
            for ch in lineText.dropFirst(skipped) {
                let w = VisibleText.displayWidth(String(ch))
                if windowWidth + w > DiagnosticRenderer.widestLine { break }
                window.append(ch)
                windowWidth += w
            }
            let truncatedEnd = skippedWidth + windowWidth < VisibleText.displayWidth(lineText)
            lineText = (skipped > 0 ? "…" : "") + window + (truncatedEnd ? "…" : "")
            column = column - skippedWidth + (skipped > 0 ? 1 : 0)
        }
        let marker = String(
            repeating: isPrimary ? "^" : "-", count: min(width, max(1, VisibleText.displayWidth(lineText) - column + 1))
        )
        let pad = String(repeating: " ", count: gutterWidth)
        let underline = marker + (label.message.map { " " + VisibleText.escaped($0) } ?? "")
        let indent = String(repeating: " ", count: column)
        var out = showLine ? paint("\(gutter) |", "34") + " " + lineText + "\n" : ""
        out += paint("\(pad) |", "34") + " " + indent
        out += paint(underline, isPrimary ? color : "34") + "\n"
        return out
    }

    /// Source text as shown: tabs as one space each, control characters escaped.
    private func shown(_ text: String) -> String {
        VisibleText.escaped(String(text.map { $0 == "\t" ? " " : $0 }))
    }

    /// All diagnostics, one after another, separated by blank lines.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    /// A one-line summary such as "2 errors".
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
}

extension DiagnosticRenderer {
    /// The most diagnostics shown for one source; a file of garbage would otherwise give one
    /// per byte (and rendering each costs a pass over its line).
    public static let limit = 50
    /// Source lines longer than this (in terminal columns) are shown as a window.
    static let widestLine = 160

    /// The first `limit` diagnostics (in the order given) and how many were left out.
    public static func limited(
        _ diagnostics: [Diagnostic], to limit: Int = DiagnosticRenderer.limit
    ) -> (
        shown: [Diagnostic], omitted: Int
    ) {
        diagnostics.count <= limit ? (diagnostics, 0) : (Array(diagnostics.prefix(limit)), diagnostics.count - limit)
    }

    /// Up to `limit` diagnostics, then a line saying how many more there were.
    public func renderLimited(_ diagnostics: [Diagnostic], limit: Int = DiagnosticRenderer.limit) -> String {
        let (shown, omitted) = DiagnosticRenderer.limited(diagnostics, to: limit)
        var out = render(shown)
        if omitted > 0 {
            out +=
                "\n… and \(omitted) more \(omitted == 1 ? "problem" : "problems") not shown (the first \(limit) are above)\n"
        }
        return out
    }
}
