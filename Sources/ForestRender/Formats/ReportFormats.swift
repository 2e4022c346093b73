import ForestEval

/// A format a run's report can be written in (`forest run --format NAME`).
public struct ReportFormat: Sendable {
    public var name: String
    /// What it is, for `--help` (empty: the name says it).
    public var summary: String
    /// Writes the whole report — the analyses, the review's title, in the text style of a
    /// terminal — handing its UTF-8 bytes to `sink` in order, in one or several pieces.
    public var write:
        @Sendable (_ analyses: [Analysis], _ title: String?, _ style: TextStyle, _ sink: ([UInt8]) -> Void) -> Void

    /// The whole report as text.
    public func render(_ analyses: [Analysis], title: String?, style: TextStyle) -> String {
        var bytes: [UInt8] = []
        write(analyses, title, style) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Every report format, one line each: a new format (CSV, HTML, …) is its renderer's file and
/// one line here; the command line's `--format` and its help come from this list.
public enum ReportFormats {
    public static let all: [ReportFormat] = [
        ReportFormat(name: "text", summary: "RevMan-style tables") { analyses, title, style, sink in
            sink(Array(TextReport(style: style).render(analyses, title: title).utf8))
        },
        // Streamed: per-study rows are made, written and dropped one at a time.
        ReportFormat(name: "json", summary: "") { analyses, _, _, sink in
            JSONReport.document(analyses).write(indent: 2, to: sink)
            sink([UInt8(ascii: "\n")])
        },
    ]

    public static func named(_ name: String) -> ReportFormat? { all.first { $0.name == name } }

    /// `text (RevMan-style tables) or json`.
    public static var choices: String {
        all.map { $0.summary.isEmpty ? $0.name : "\($0.name) (\($0.summary))" }.joined(separator: " or ")
    }
}
