import ForestEval

/// A format a run's report can be written in (`forest run --format NAME`).
public struct ReportFormat: Sendable {
    public var name: String
    /// What it is, for `--help` (empty: the name says it).
    public var summary: String
    /// The whole report: the analyses, the review's title, the text style of a terminal.
    public var render: @Sendable (_ analyses: [Analysis], _ title: String?, _ style: TextStyle) -> String
}

/// Every report format, one line each: a new format (CSV, HTML, …) is its renderer's file and
/// one line here; the command line's `--format` and its help come from this list.
public enum ReportFormats {
    public static let all: [ReportFormat] = [
        ReportFormat(name: "text", summary: "RevMan-style tables") { TextReport(style: $2).render($0, title: $1) },
        ReportFormat(name: "json", summary: "") { analyses, _, _ in
            JSONReport.document(analyses).serialized(indent: 2) + "\n"
        },
    ]

    public static func named(_ name: String) -> ReportFormat? { all.first { $0.name == name } }

    /// `text (RevMan-style tables) or json`.
    public static var choices: String {
        all.map { $0.summary.isEmpty ? $0.name : "\($0.name) (\($0.summary))" }.joined(separator: " or ")
    }
}
