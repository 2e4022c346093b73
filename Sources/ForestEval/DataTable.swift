import ForestSyntax

/// A table of studies read from a CSV file by `studies from`: the header and the rows, every
/// cell with its place in the file, so that a problem in the file is reported there. The
/// session reads no file itself: the shell reads and splits it (`Session.readTable`).
public struct DataTable: Sendable {
    public struct Cell: Sendable, Hashable {
        /// The cell's text, quotes removed and spaces around it trimmed.
        public var text: String
        public var span: Span

        public init(text: String, span: Span) {
            self.text = text
            self.span = span
        }
    }

    public struct Row: Sendable, Hashable {
        public var cells: [Cell]
        /// The whole row (a row with too few cells is reported at it).
        public var span: Span

        public init(cells: [Cell], span: Span) {
            self.cells = cells
            self.span = span
        }
    }

    public var header: Row
    /// The rows after the header; blank rows are left out.
    public var rows: [Row]

    public init(header: Row, rows: [Row]) {
        self.header = header
        self.rows = rows
    }
}

/// Why a table could not be read.
public enum TableReadFailure: Error, Sendable, Hashable {
    /// Not read at all; the reason completes "cannot read PATH: …" ("no such file"), and `path`
    /// is where the file was looked for.
    case unreadable(reason: String, path: String)
    /// Read, but wrong at a place in the file (bytes that are not UTF-8, no header row).
    case malformed(Diagnostic)
}
