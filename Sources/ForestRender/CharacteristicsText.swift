import ForestEval
import ForestSyntax

/// The table of study characteristics in each of its forms: an aligned table in the terminal,
/// and Markdown, HTML and CSV files (`TableFormats`).
public enum CharacteristicsText {
    /// Printed: a title and the columns aligned (or, when the table went to a file, a line
    /// saying so).
    static func text(_ table: ReviewTable) -> String {
        if let file = table.file { return "\(table.title) written to \(file)\n" }
        var out = TextTable(Array(repeating: .left, count: table.columns.count))
        out.add(table.columns)
        for row in table.rows { out.add(row) }
        let notes = table.notes.isEmpty ? [] : [""] + table.notes.map { VisibleText.escaped($0) }
        return ([VisibleText.escaped(table.title), ""] + out.render() + notes).joined(separator: "\n") + "\n"
    }

    /// A Markdown (GitHub) table; `|` and line breaks in cells escaped.
    public static func markdown(_ table: ReviewTable) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacing("|", with: "\\|").replacing("\n", with: " ") }.joined(separator: " | ")
                + " |"
        }
        let rule = "|" + table.columns.map { _ in "---|" }.joined()
        let notes = table.notes.isEmpty ? [] : [""] + table.notes.map { $0.replacing("\n", with: " ") }
        return (["## \(table.title)", "", line(table.columns), rule] + table.rows.map(line) + notes)
            .joined(separator: "\n") + "\n"
    }

    /// A self-contained HTML page holding the table (every cell escaped).
    public static func html(_ table: ReviewTable) -> String {
        func cells(_ row: [String], _ tag: String) -> String {
            "<tr>" + row.map { "<\(tag)>\(escaped($0))</\(tag)>" }.joined() + "</tr>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(escaped(table.title))</title>
            <style>table{border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:10pt}th,td{border-top:1px solid #999;padding:2pt 8pt;text-align:left;vertical-align:top}</style>
            </head>
            <body>
            <table>
            <caption>\(escaped(table.title))</caption>
            <thead>\(cells(table.columns, "th"))</thead>
            <tbody>
            \(table.rows.map { cells($0, "td") }.joined(separator: "\n"))
            </tbody>
            </table>
            \(table.notes.map { "<p>\(escaped($0))</p>" }.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// CSV (RFC 4180), the columns as the header row.
    public static func csv(_ table: ReviewTable) -> String {
        ([table.columns] + table.rows).map { $0.map(CSVReport.field).joined(separator: ",") + "\r\n" }.joined()
    }

    static func escaped(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\"", with: "&quot;")
    }
}

/// A file format a table can be written in, by its extension.
public struct TableFormat: Sendable {
    public var name: String
    public var fileExtension: String
    public var render: @Sendable (ReviewTable) -> String
}

/// Every table format, one line each.
public enum TableFormats {
    public static let all: [TableFormat] = [
        TableFormat(name: "Markdown", fileExtension: "md", render: CharacteristicsText.markdown),
        TableFormat(name: "HTML", fileExtension: "html", render: CharacteristicsText.html),
        TableFormat(name: "CSV", fileExtension: "csv", render: CharacteristicsText.csv),
    ]

    public static func format(forPath path: String) -> TableFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let fileExtension = name[name.index(after: dot)...].lowercased()
        return all.first { $0.fileExtension == fileExtension }
    }

    /// "tables are written as Markdown, HTML or CSV; the file name must end in .md, .html or .csv".
    public static var expectation: String {
        "tables are written as Markdown, HTML or CSV; the file name must end in "
            + all.map { "." + $0.fileExtension }.joined(separator: ", ")
    }
}
