import ForestEval

/// A file format the whole review can be written in (`report to "FILE"`), by its extension.
public struct ReportDocument: Sendable {
    public var name: String
    /// Its name in JSON results (`html`, `markdown`).
    public var key: String
    public var fileExtension: String
    public var render: @Sendable (ReviewReport) -> String
}

/// Every format of `report to`, one line each.
public enum ReportDocuments {
    public static let all: [ReportDocument] = [
        ReportDocument(name: "HTML", key: "html", fileExtension: "html", render: HTMLReport.render),
        ReportDocument(name: "Markdown", key: "markdown", fileExtension: "md", render: MarkdownReport.render),
    ]

    public static func format(forPath path: String) -> ReportDocument? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let fileExtension = name[name.index(after: dot)...].lowercased()
        return all.first { $0.fileExtension == fileExtension }
    }

    /// "reports are written as HTML or Markdown; the file name must end in .html or .md".
    public static var expectation: String {
        "reports are written as " + all.map(\.name).joined(separator: " or ") + "; the file name must end in "
            + all.map { "." + $0.fileExtension }.joined(separator: " or ")
    }
}
