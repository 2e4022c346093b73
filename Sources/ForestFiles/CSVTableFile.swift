import CSV
import ForestEval
import ForestSyntax
import Foundation

/// Reading the CSV file of `studies from` into a `DataTable`.
///
/// The rows and cells come from the CSV.swift package (RFC 4180: quoted cells, doubled quotes,
/// line breaks inside quotes, CRLF). Where each cell is in the file, for diagnostics, is found
/// afterwards: a record starts on the line after the previous one ends (one line, plus one for
/// each line break inside its cells), and each cell's text is looked for in the record after
/// the previous cell. A cell whose text is not in the file as such (a doubled quote) is shown
/// at the rest of its record.
public enum CSVTableFile {
    /// The session's reader (`Session.readTable`): `path` relative to the folder of the script
    /// that names it (the current directory for standard input and the REPL's entries).
    public static func read(_ path: String, script: String) -> Result<DataTable, TableReadFailure> {
        var resolved = path
        let folder = script.hasPrefix("<") ? "" : String(script[..<(script.lastIndex(of: "/") ?? script.startIndex)])
        if !path.hasPrefix("/"), !folder.isEmpty {
            resolved = folder + "/" + path
        } else if !path.hasPrefix("/"), script.hasPrefix("/") {
            resolved = "/" + path
        }
        // "-" is standard input to `ScriptFile`; a CSV file named "-" is a file.
        let file = resolved == "-" ? "./-" : resolved
        switch ScriptFile.read(file) {
        case .failure(let failure): return .failure(.unreadable(reason: failure.reason, path: resolved))
        case .success(let bytes): return table(name: resolved, bytes: bytes)
        }
    }

    /// The table in `bytes` (UTF-8, with or without a byte-order mark) of a file called `name`.
    public static func table(name: String, bytes: [UInt8]) -> Result<DataTable, TableReadFailure> {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let (source, invalid) = SourceFile.decode(name: name, bytes: body)
        if let invalid {
            var problem = invalid
            problem.message = "\(name) is not UTF-8 text" + invalid.message.drop { $0 != ":" }
            problem.notes = ["Forest reads CSV files as UTF-8; every byte that is not is shown as \\xNN"]
            problem.help = "save it as \"CSV UTF-8\" (Excel: Save As → CSV UTF-8)"
            return .failure(.malformed(problem))
        }
        let delimiter = delimiter(of: source)
        let records: [[String]]
        do {
            let reader = try CSVReader(
                string: source.text, hasHeaderRow: false, delimiter: Unicode.Scalar(delimiter))
            var all: [[String]] = []
            while let record = reader.next() { all.append(record) }
            records = all
        } catch {
            return .failure(.unreadable(reason: "\(error)", path: name))
        }
        var rows = located(records, in: source, delimiter: delimiter).filter { row in
            !row.cells.allSatisfy(\.text.isEmpty)
        }
        guard !rows.isEmpty else {
            let span = Span(source: source, start: 0, end: source.bytes.count)
            return .failure(
                .malformed(
                    .error(
                        .missingColumn, "\(name) has no header row", at: span,
                        notes: ["the first row names the columns, e.g. study,ai,n1i,ci,n2i"])))
        }
        let header = rows.removeFirst()
        return .success(DataTable(header: header, rows: rows))
    }

    /// The records with the place of each cell in `source`.
    private static func located(_ records: [[String]], in source: SourceFile, delimiter: UInt8) -> [DataTable.Row] {
        let bytes = source.bytes
        var line = 0
        var rows: [DataTable.Row] = []
        rows.reserveCapacity(records.count)
        for record in records {
            let breaks = record.reduce(0) { $0 + $1.utf8.count(where: { $0 == UInt8(ascii: "\n") }) }
            guard line < source.lineStarts.count else { break }
            let start = source.lineStarts[line]
            let lastLine = min(line + breaks, source.lineStarts.count - 1)
            var end = lastLine + 1 < source.lineStarts.count ? source.lineStarts[lastLine + 1] : bytes.count
            while end > start && (bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r")) {
                end -= 1
            }
            var position = start
            let cells = record.map { text -> DataTable.Cell in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                let span = find(Array(trimmed.utf8), in: bytes, from: position, to: end).map {
                    Span(source: source, start: $0, end: $0 + trimmed.utf8.count)
                }
                if let span {
                    position = span.end
                    // Past the cell's closing quote, if any, and its delimiter.
                    while position < end && bytes[position] != delimiter { position += 1 }
                    position = min(position + 1, end)
                }
                return DataTable.Cell(text: trimmed, span: span ?? Span(source: source, start: position, end: end))
            }
            rows.append(DataTable.Row(cells: cells, span: Span(source: source, start: start, end: end)))
            line += 1 + breaks
        }
        return rows
    }

    /// "," — or ";" when the first line has semicolons and no comma, as spreadsheets write CSV
    /// where the comma is the decimal separator.
    private static func delimiter(of source: SourceFile) -> UInt8 {
        let firstLine = source.bytes.prefix { $0 != UInt8(ascii: "\n") }
        let semicolon = firstLine.contains(UInt8(ascii: ";")) && !firstLine.contains(UInt8(ascii: ","))
        return semicolon ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// The first offset in `from..<to` where `needle` is (for an empty needle: `from`).
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard !needle.isEmpty else { return from }
        var i = from
        while i + needle.count <= to {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
