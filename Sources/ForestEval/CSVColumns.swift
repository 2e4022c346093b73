import ForestStats
import ForestSyntax

/// Which column of a `studies from` table holds what: the conventional headers (metafor's
/// names) or those the statement's `columns NAME "HEADER"` gives, checked against the header
/// row.
///
///   study                      the study's label (required)
///   outcome                    the outcome of each row (unless `outcome NAME` is given)
///   ai n1i ci n2i              binary data: events and total, experimental arm first
///   m1i sd1i n1i m2i sd2i n2i  continuous data: mean, SD and size of each arm
///   yi sei                     generic data: an effect on its analysis scale and its SE
///   oe var                     O − E and variance
///   xi ni                      a proportion: a single group's events and size
///   x1i t1i x2i t2i            rates: events and person-time of each arm
///   ri ni                      a correlation and the sample size
///   any other NAME             an attribute of the study (year, stage, design …)
struct CSVColumns {
    /// Column index of each conventional name present (study, outcome, ai …).
    var roles: [String: Int]
    /// The attribute columns, by attribute name, in the file's order.
    var attributes: [(name: String, column: Int)]
    var kind: OutcomeKind
    /// The data columns in the order of the grammar's data (ai n1i ci n2i, …).
    var data: [Int]

    static let study = "study"
    static let outcome = "outcome"
    static let binary = ["ai", "n1i", "ci", "n2i"]
    static let continuous = ["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"]
    static let generic = ["yi", "sei"]
    static let observedMinusExpected = ["oe", "var"]
    static let proportion = ["xi", "ni"]
    static let rate = ["x1i", "t1i", "x2i", "t2i"]
    static let correlation = ["ri", "ni"]
    static let conventional = Set(
        [study, outcome] + binary + continuous + generic + observedMinusExpected + proportion + rate + correlation)

    /// The data kinds a file may hold: the columns of each, in the grammar's order, and those
    /// whose presence says the file holds that kind.
    static let kinds: [(kind: OutcomeKind, names: [String], marks: [String])] = [
        (.binary, binary, ["ai", "ci"]), (.continuous, continuous, ["m1i", "sd1i", "m2i", "sd2i"]),
        (.generic, generic, generic), (.observedMinusExpected, observedMinusExpected, observedMinusExpected),
        (.proportion, proportion, ["xi"]), (.rate, rate, rate), (.correlation, correlation, ["ri"]),
    ]

    /// The layout of `table` for `statement`, or every problem with its header.
    static func layout(
        _ table: DataTable, _ statement: StudiesStatement
    ) -> Result<CSVColumns, DiagnosticList> {
        var problems: [Diagnostic] = []
        let names = columnNames(table.header, statement, problems: &problems)
        var roles: [String: Int] = [:]
        var attributes: [(name: String, column: Int)] = []
        for (column, name) in names.enumerated() {
            guard let name else { continue }
            if conventional.contains(name) { roles[name] = column } else { attributes.append((name, column)) }
        }
        let missing = { (name: String, why: String) in
            problems.append(missingColumn(name, why, table, statement))
        }
        if roles[study] == nil { missing(study, "the studies' labels") }
        if statement.outcome == nil && roles[outcome] == nil { missing(outcome, "each row's outcome") }
        if let given = statement.outcome, let column = roles[outcome] {
            problems.append(
                .error(
                    .invalidColumn, "the outcome is given twice: by `outcome \(given.value)` and by a column",
                    at: table.header.cells[column].span, label: "each row's outcome",
                    secondary: [Diagnostic.Label(given.span, "every row's outcome")],
                    help: "leave out `outcome \(given.value)`, or rename the column"))
        }
        if let by = statement.rowsBy, !attributes.contains(where: { $0.name == by.value }) {
            problems.append(
                .error(
                    .missingColumn, "no column `\(by.value)` tells the rows of a study apart", at: by.span,
                    notes: ["the attribute columns are: " + listed(attributes.map(\.name))],
                    help: Suggest.help(by.value, among: attributes.map(\.name))))
        }
        let kind = dataKind(roles, table, statement, problems: &problems)
        guard problems.isEmpty, let kind else { return .failure(DiagnosticList(problems)) }
        let dataNames = kinds.first { $0.kind == kind }!.names
        return .success(
            CSVColumns(roles: roles, attributes: attributes, kind: kind, data: dataNames.map { roles[$0]! }))
    }

    /// What each column holds: its header, or the name `columns` gives it (nil: a problem).
    private static func columnNames(
        _ header: DataTable.Row, _ statement: StudiesStatement, problems: inout [Diagnostic]
    ) -> [String?] {
        var names: [String?] = header.cells.map { cell in
            statement.columns.contains { $0.header.value == cell.text } ? nil : cell.text
        }
        for mapping in statement.columns {
            guard let column = header.cells.firstIndex(where: { $0.text == mapping.header.value }) else {
                let headers = header.cells.map(\.text)
                problems.append(
                    .error(
                        .missingColumn, "no column is headed \"\(mapping.header.value)\"", at: mapping.header.span,
                        notes: ["the file's headers are: " + listed(headers)],
                        help: Suggest.help(mapping.header.value, among: headers, quoted: true)))
                continue
            }
            names[column] = mapping.name.value
        }
        var seen: [String: Int] = [:]
        for (column, name) in names.enumerated() {
            guard let name else { continue }
            let cell = header.cells[column]
            if !isName(name) {
                problems.append(
                    .error(
                        .invalidColumn, "the header \"\(cell.text)\" is not a name Forest can use", at: cell.span,
                        notes: ["a column's header is a name (letters, digits, `_`), or `columns` names it"],
                        help: "name it in the statement, e.g. columns year \"\(cell.text)\""))
                names[column] = nil
            } else if let first = seen[name] {
                problems.append(
                    .error(
                        .invalidColumn, "two columns hold `\(name)`", at: cell.span,
                        secondary: [Diagnostic.Label(header.cells[first].span, "first here")]))
                names[column] = nil
            } else {
                seen[name] = column
            }
        }
        return names
    }

    /// Binary, continuous or generic, by the data columns present: each set complete, one set.
    private static func dataKind(
        _ roles: [String: Int], _ table: DataTable, _ statement: StudiesStatement, problems: inout [Diagnostic]
    ) -> OutcomeKind? {
        let present = kinds.filter { set in set.marks.contains { roles[$0] != nil } }
        guard let (kind, names, _) = present.first else {
            problems.append(
                .error(
                    .missingColumn, "\(statement.path.value) has no data columns", at: table.header.span,
                    notes: [
                        "binary data: ai n1i ci n2i; continuous: m1i sd1i n1i m2i sd2i n2i; generic: yi sei; "
                            + "O − E: oe var; proportions: xi ni; rates: x1i t1i x2i t2i; correlations: ri ni"
                    ],
                    help: "name the data columns in the statement, e.g. columns ai \"Events (E)\" n1i \"Total (E)\" …"))
            return nil
        }
        if present.count > 1 {
            problems.append(
                .error(
                    .invalidColumn, "\(statement.path.value) has columns of two kinds of data",
                    at: table.header.span,
                    notes: ["one file holds one kind of data; read each from its own file"]))
            return nil
        }
        for name in names where roles[name] == nil {
            problems.append(missingColumn(name, "\(kind.rawValue) data", table, statement))
        }
        return kind
    }

    private static func missingColumn(
        _ name: String, _ why: String, _ table: DataTable, _ statement: StudiesStatement
    ) -> Diagnostic {
        .error(
            .missingColumn, "\(statement.path.value) has no column `\(name)` (\(why))", at: table.header.span,
            notes: ["the file's headers are: " + listed(table.header.cells.map(\.text))],
            help: "name the column that holds it in the statement, e.g. columns \(name) \"HEADER\"")
    }

    static func listed(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// NAME of the grammar, without hyphens: a letter or `_`, then letters, digits and `_`.
    static func isName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
}
