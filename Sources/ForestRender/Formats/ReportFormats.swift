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
    /// A writer that takes the analyses one at a time, as a run produces them.
    public var writer: @Sendable (_ options: ReportOptions) -> any ReportWriter

    /// Writes the whole report, handing its UTF-8 bytes to `sink` in order, in pieces.
    public func write(
        _ analyses: [Analysis], title: String?, options: ReportOptions, to sink: ([UInt8]) -> Void
    ) {
        var writer = writer(options)
        sink(writer.prologue(title: title, analyses: analyses.count))
        for analysis in analyses { writer.add(analysis, to: sink) }
        writer.finish(to: sink)
    }

    /// The whole report as text.
    public func render(_ analyses: [Analysis], title: String?, options: ReportOptions = ReportOptions()) -> String {
        var bytes: [UInt8] = []
        write(analyses, title: title, options: options) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A report written one analysis at a time (a run streams its analyses through it and holds
/// none of them): `prologue`, then every `add`, then `finish`. The prologue depends on the
/// review's title and whether there were analyses, which a run knows only at its end, so it
/// is asked for separately and may be written before the rest at that time. A writer may be
/// handed to another thread (a run writes its report on one of its own).
public protocol ReportWriter: Sendable {
    func prologue(title: String?, analyses: Int) -> [UInt8]
    mutating func add(_ analysis: Analysis, to sink: ([UInt8]) -> Void)
    /// `add` with the line of the statement that made the analysis (JSON reports it).
    mutating func add(_ analysis: Analysis, line: Int?, to sink: ([UInt8]) -> Void)
    /// `add`, where a writer may hand rows held as their weights (`KeptRows`) to `deferring`
    /// in their place among the pieces, to be written later (`KeptRows.write(to:)`).
    mutating func add(_ analysis: Analysis, line: Int?, to sink: ([UInt8]) -> Void, deferring: (KeptRows) -> Void)
    mutating func finish(to sink: ([UInt8]) -> Void)
}

extension ReportWriter {
    public mutating func add(_ analysis: Analysis, line: Int?, to sink: ([UInt8]) -> Void) {
        add(analysis, to: sink)
    }

    public mutating func add(
        _ analysis: Analysis, line: Int?, to sink: ([UInt8]) -> Void, deferring: (KeptRows) -> Void
    ) {
        add(analysis, line: line, to: sink)
    }
}

/// Every report format, one line each: a new format (CSV, HTML, …) is its renderer's file and
/// one line here; the command line's `--format` and its help come from this list.
public enum ReportFormats {
    public static let all: [ReportFormat] = [
        ReportFormat(name: "text", summary: "RevMan-style tables") { TextReport.Writer(style: $0.style) },
        ReportFormat(name: "json", summary: "", canLeaveOutStudies: true) {
            JSONReport.Writer(studyRows: $0.studyRows)
        },
        ReportFormat(name: "csv", summary: "one row per study and total, RevMan's export columns") { _ in
            CSVReport.Writer()
        },
        ReportFormat(name: "sentences", summary: "each pooled result in one sentence, for a manuscript") {
            ResultSentence.Writer(ascii: !$0.style.unicode)
        },
    ]

    public static func named(_ name: String) -> ReportFormat? { all.first { $0.name == name } }

    /// `text (RevMan-style tables), json or csv (…)`.
    public static var choices: String {
        let names = all.map { $0.summary.isEmpty ? $0.name : "\($0.name) (\($0.summary))" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
