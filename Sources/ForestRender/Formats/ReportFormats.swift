import ForestEval

/// What a report shows besides the format: the text style of a terminal, and whether JSON
/// lists each analysis's studies (`--no-studies` leaves them out).
public struct ReportOptions: Sendable, Hashable {
    public var style: TextStyle
    public var studyRows: Bool

    public init(style: TextStyle = TextStyle(), studyRows: Bool = true) {
        self.style = style
        self.studyRows = studyRows
    }
}

/// A format a run's report can be written in (`forest run --format NAME`).
public struct ReportFormat: Sendable {
    public var name: String
    /// What it is, for `--help` (empty: the name says it).
    public var summary: String
    /// Whether the format honours `ReportOptions.studyRows` = false.
    public var canLeaveOutStudies = false
    /// Writes the whole report — the analyses, the review's title, as the options say —
    /// handing its UTF-8 bytes to `sink` in order, in one or several pieces.
    public var write:
        @Sendable (_ analyses: [Analysis], _ title: String?, _ options: ReportOptions, _ sink: ([UInt8]) -> Void) ->
            Void

    /// The whole report as text.
    public func render(_ analyses: [Analysis], title: String?, options: ReportOptions = ReportOptions()) -> String {
        var bytes: [UInt8] = []
        write(analyses, title, options) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Every report format, one line each: a new format (CSV, HTML, …) is its renderer's file and
/// one line here; the command line's `--format` and its help come from this list.
public enum ReportFormats {
    public static let all: [ReportFormat] = [
        ReportFormat(name: "text", summary: "RevMan-style tables") { analyses, title, options, sink in
            sink(Array(TextReport(style: options.style).render(analyses, title: title).utf8))
        },
        // Streamed: per-study rows are made, written and dropped one at a time.
        ReportFormat(name: "json", summary: "", canLeaveOutStudies: true) { analyses, _, options, sink in
            JSONReport.document(analyses, studyRows: options.studyRows).write(indent: 2, to: sink)
            sink([UInt8(ascii: "\n")])
        },
    ]

    public static func named(_ name: String) -> ReportFormat? { all.first { $0.name == name } }

    /// `text (RevMan-style tables) or json`.
    public static var choices: String {
        all.map { $0.summary.isEmpty ? $0.name : "\($0.name) (\($0.summary))" }.joined(separator: " or ")
    }
}
