import ForestEval
import ForestStats

/// The results tables as CSV (`forest run --format csv`): one row per study and per total,
/// subtotal, leave-one-out or cumulative step, exclusion and bias test, for spreadsheets and
/// for checking against RevMan. After the columns that place a row (which analysis, what kind
/// of row), the columns are those of RevMan 5's "Data and analyses" CSV export, where they
/// apply: the data, "Effect Estimate" on the natural scale (an odds ratio, not its log), "SE" on
/// the analysis scale, "CI Start"/"CI End", "Weight" in percent, Q, P(Q), I²(Q), Tau², Z (its
/// magnitude, as RevMan writes it; Egger's t keeps its sign), P(Z),
/// the test for subgroup differences (Qint …), df and the labels. Numbers are written in full
/// (the shortest text that reads back as the same double); an empty cell is a value that does
/// not exist. Figures are outputs, not results, and have no rows.
public enum CSVReport {
    public static let columns = [
        "Analysis", "Kind", "Outcome", "Row", "Name", "Subgroup", "Data Type", "Statistical Method",
        "Effect Measure", "Analysis Model", "Events 1", "Mean 1", "SD 1", "Total 1", "Events 2", "Mean 2", "SD 2",
        "Total 2", "Effect Estimate", "SE", "CI Start", "CI End", "Weight", "Q", "P(Q)", "I²(Q)", "Tau²", "Z",
        "P(Z)", "Qint", "P(Qint)", "I²(Qint)", "df", "Group Label 1", "Group Label 2", "Left Graph Label",
        "Right Graph Label",
    ]

    /// Writes the header once, then each analysis's rows as it comes.
    public struct Writer: ReportWriter {
        private var count = 0

        public init() {}

        public func prologue(title: String?, analyses: Int) -> [UInt8] {
            Array((CSVReport.columns.map(CSVReport.field).joined(separator: ",") + "\r\n").utf8)
        }

        public mutating func add(_ analysis: Analysis, to sink: ([UInt8]) -> Void) {
            let rows = CSVReport.rows(analysis)
            guard !rows.isEmpty else { return }
            count += 1
            var text = ""
            for var row in rows {
                row["Analysis"] = String(count)
                text += CSVReport.columns.map { CSVReport.field(row[$0] ?? "") }.joined(separator: ",") + "\r\n"
            }
            sink(Array(text.utf8))
        }

        public mutating func finish(to sink: ([UInt8]) -> Void) {}
    }

    /// A cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break,
    /// with its quotes doubled.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// A number in full; nil, NaN and infinities are empty.
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    typealias Row = [String: String]

    static func rows(_ analysis: Analysis) -> [Row] {
        switch analysis {
        case .pool(let pool): poolRows(pool, kind: "pool")
        case .subgroup(let subgroups): subgroupRows(subgroups)
        case .sequence(let sequence): sequenceRows(sequence)
        case .exclusion(let exclusion): exclusionRows(exclusion)
        case .bias(let bias): [biasRow(bias)]
        case .metaRegression(let m): metaRegressionRows(m)
        case .influence(let i): influenceRows(i)
        case .figure, .table, .prisma, .rob, .report: []
        }
    }
}
