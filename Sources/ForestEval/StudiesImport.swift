import ForestStats
import ForestSyntax

extension Session {
    /// `studies from "FILE.csv"`: the file's rows become studies, or add their outcome data
    /// (and new attributes) to studies of the same label defined before. The rows are checked
    /// as `study` statements are, each problem reported at its cell in the file with the
    /// statement as a secondary label; a file with any problem adds nothing.
    mutating func importStudies(_ statement: StudiesStatement) throws(DiagnosticList) {
        let table: DataTable
        switch readTable(statement.path.value, statement.span.source.name) {
        case .success(let read): table = read
        case .failure(.unreadable(let reason, let path)):
            throw DiagnosticList([
                .error(
                    .unreadableFile, "cannot read \(statement.path.value): \(reason)", at: statement.path.span,
                    notes: ["looked for \(path) (a path is relative to the script's folder)"])
            ])
        case .failure(.malformed(let problem)): throw DiagnosticList([readBy(statement, problem)])
        }
        let columns: CSVColumns
        switch CSVColumns.layout(table, statement) {
        case .success(let layout): columns = layout
        case .failure(let problems): throw DiagnosticList(problems.diagnostics.map { readBy(statement, $0) })
        }
        var problems: [Diagnostic] = []
        let definitions = studyStatements(table, columns, statement, problems: &problems)
        var checked: [CheckedStudy] = []
        for definition in definitions {
            if let study = checkedStudy(definition, problems: &problems) { checked.append(study) }
        }
        guard problems.isEmpty else { throw DiagnosticList(Self.limited(problems).map { readBy(statement, $0) }) }
        for study in checked { add(study) }
    }

    /// A problem in the file, with the statement that read it as a secondary label.
    private func readBy(_ statement: StudiesStatement, _ problem: Diagnostic) -> Diagnostic {
        var problem = problem
        if problem.primary.span.source !== statement.span.source {
            problem.secondary.append(Diagnostic.Label(statement.path.span, "read here"))
        }
        return problem
    }

    /// At most 20 problems of one file (a file of wrong numbers is not ten thousand errors).
    private static func limited(_ problems: [Diagnostic]) -> [Diagnostic] {
        guard problems.count > 20 else { return problems }
        var kept = Array(problems.prefix(20))
        kept[19].notes.append("\(problems.count - 20) more problems in this file are not shown")
        return kept
    }

    /// A study of the file, checked, with where it goes: a new study, or one defined before.
    private struct CheckedStudy {
        var statement: StudyStatement
        var attributes: [(name: String, value: AttributeValue, span: Span)]
        var outcomes: [StudyEntry]
        var existing: Int?
    }

    /// The file's rows as one `study` statement per label (in order of first appearance), each
    /// row one entry; problems with single cells (numbers, empty values) are reported here.
    private func studyStatements(
        _ table: DataTable, _ columns: CSVColumns, _ statement: StudiesStatement, problems: inout [Diagnostic]
    ) -> [StudyStatement] {
        var order: [String] = []
        var byLabel: [String: StudyStatement] = [:]
        for row in table.rows {
            guard row.cells.count == table.header.cells.count else {
                problems.append(
                    .error(
                        .rowLength,
                        "this row has \(row.cells.count) cells, the header \(table.header.cells.count)",
                        at: row.span, secondary: [Diagnostic.Label(table.header.span, "the header")],
                        help: "a cell that holds a comma must be quoted: \"Smith, 2011\""))
                continue
            }
            let labelCell = row.cells[columns.roles[CSVColumns.study]!]
            guard let entry = entry(row, columns, statement, problems: &problems) else { continue }
            let attributes = columns.attributes.compactMap { attribute -> Attribute? in
                let cell = row.cells[attribute.column]
                guard !cell.text.isEmpty, attribute.name != statement.rowsBy?.value else { return nil }
                return Attribute(
                    name: Located(attribute.name, cell.span), value: Located(Self.value(cell.text), cell.span))
            }
            if var known = byLabel[labelCell.text] {
                known.entries.append(entry)
                problems += attributeConflicts(attributes, known.attributes, label: labelCell.text)
                known.attributes += attributes.filter { new in
                    !known.attributes.contains { $0.name.value == new.name.value }
                }
                byLabel[labelCell.text] = known
            } else {
                order.append(labelCell.text)
                byLabel[labelCell.text] = StudyStatement(
                    label: Located(labelCell.text, labelCell.span), attributes: attributes, entries: [entry],
                    span: row.span)
            }
        }
        return order.map { byLabel[$0]! }
    }

    /// One row's outcome entry: its outcome, qualifier and data (nil, with problems, when a
    /// cell is empty or not a number).
    private func entry(
        _ row: DataTable.Row, _ columns: CSVColumns, _ statement: StudiesStatement, problems: inout [Diagnostic]
    ) -> OutcomeEntry? {
        let labelCell = row.cells[columns.roles[CSVColumns.study]!]
        let name: Located<String>
        if let outcome = statement.outcome {
            name = Located(outcome.value, labelCell.span)
        } else {
            let cell = row.cells[columns.roles[CSVColumns.outcome]!]
            guard CSVColumns.isName(cell.text) else {
                problems.append(
                    .error(
                        .invalidName, "\"\(cell.text)\" is not an outcome name", at: cell.span,
                        notes: ["an outcome's name is a name (letters, digits, `_`), as in a script"]))
                return nil
            }
            name = Located(cell.text, cell.span)
        }
        var numbers: [Located<NumberLiteral>] = []
        for column in columns.data {
            let cell = row.cells[column]
            guard let value = Self.number(cell.text) else {
                problems.append(
                    cell.text.isEmpty
                        ? .error(.missingValue, "a value is missing here", at: cell.span, label: "empty")
                        : .error(
                            .invalidNumber, "`\(cell.text)` is not a number", at: cell.span,
                            help: Self.number(cell.text.replacing(",", with: ".")) != nil
                                ? "write decimals with a point: \(cell.text.replacing(",", with: "."))" : nil))
                continue
            }
            numbers.append(Located(NumberLiteral(value: value), cell.span))
        }
        guard numbers.count == columns.data.count, let data = Self.data(columns.kind, numbers) else { return nil }
        var qualifier: Attribute? = nil
        if let by = statement.rowsBy, let column = columns.attributes.first(where: { $0.name == by.value })?.column {
            let cell = row.cells[column]
            qualifier = Attribute(name: Located(by.value, cell.span), value: Located(Self.value(cell.text), cell.span))
        }
        return OutcomeEntry(name: name, qualifier: qualifier, data: data, span: row.span)
    }

    private static func data(_ kind: OutcomeKind, _ n: [Located<NumberLiteral>]) -> DataSpec? {
        switch kind {
        case .binary: .binary(eventsE: n[0], totalE: n[1], eventsC: n[2], totalC: n[3])
        case .continuous:
            .continuous(
                experimental: Arm(mean: n[0], sd: n[1], n: n[2]), control: Arm(mean: n[3], sd: n[4], n: n[5]))
        case .generic: .generic(estimate: n[0], standardError: n[1])
        case .observedMinusExpected: .observedMinusExpected(oMinusE: n[0], variance: n[1])
        case .proportion: .proportion(events: n[0], total: n[1])
        case .rate: .rate(eventsE: n[0], timeE: n[1], eventsC: n[2], timeC: n[3])
        case .correlation: .correlation(r: n[0], n: n[1])
        }
    }

    /// A cell as a number, by the grammar's NUMBER (no "NA", "1,5" or "1e"), finite.
    static func number(_ text: String) -> Double? {
        guard NumberSyntax.isNumber(text), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// An attribute cell: a number when it is one, else text.
    static func value(_ text: String) -> AttributeValue {
        number(text).map { .number($0) } ?? .string(text)
    }

    /// Attributes a later row gives differently from an earlier one of the same study.
    private func attributeConflicts(_ new: [Attribute], _ known: [Attribute], label: String) -> [Diagnostic] {
        new.compactMap { attribute in
            guard let earlier = known.first(where: { $0.name.value == attribute.name.value }),
                earlier.value.value.text != attribute.value.value.text
            else { return nil }
            return .error(
                .attributeConflict,
                "study \"\(label)\" has \(attribute.name.value) \(attribute.value.value.text) here but \(earlier.value.value.text) before",
                at: attribute.value.span, secondary: [Diagnostic.Label(earlier.value.span, "given here")])
        }
    }
}

extension Session {
    /// A study of a file checked as a `study` statement is, and, when a study of that label is
    /// defined already, against it: no attribute given differently, no outcome row twice.
    private func checkedStudy(_ statement: StudyStatement, problems: inout [Diagnostic]) -> CheckedStudy? {
        var own: [Diagnostic] = []
        let attributes = checkedAttributes(statement, problems: &own)
        let outcomes = checkedOutcomes(statement, problems: &own).entries
        let label = statement.label.value
        let existing = studyIndex.position(hash: LabelIndex.hash(label)) { studies[$0].label == label }
        if let existing {
            let study = studies[existing]
            for attribute in attributes {
                guard let earlier = study.attributes.first(where: { $0.name == attribute.name }),
                    earlier.value.text != attribute.value.text
                else { continue }
                own.append(
                    .error(
                        .attributeConflict,
                        "study \"\(label)\" has \(attribute.name) \(attribute.value.text) here but \(earlier.value.text) where it is defined",
                        at: attribute.span, secondary: [Diagnostic.Label(earlier.span, "defined here")]))
            }
            for entry in statement.entries {
                let qualifier = entry.qualifier.map { Qualifier(attribute: $0.name.value, value: $0.value.value) }
                if let conflict = Self.rowConflict(entry, qualifier, among: study.entries(for: entry.name.value)) {
                    own.append(conflict)
                }
            }
        } else if !label.utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) && label.allSatisfy(\.isWhitespace) {
            own.append(
                .error(
                    .emptyLabel, "a study needs a label", at: statement.label.span, label: "empty",
                    help: "give every row its study's label"))
        }
        problems += own
        guard own.isEmpty else { return nil }
        return CheckedStudy(statement: statement, attributes: attributes, outcomes: outcomes, existing: existing)
    }

    /// Adds a checked study of a file: a new study, or its rows and new attributes to the
    /// study of the same label.
    private mutating func add(_ study: CheckedStudy) {
        registerOutcomes(study.outcomes)
        guard let existing = study.existing else {
            studyIndex.insert(hash: LabelIndex.hash(study.statement.label.value), position: studies.count)
            studies.append(
                Study(
                    label: study.statement.label.value, labelSpan: study.statement.label.span,
                    attributes: study.attributes, outcomes: study.outcomes, span: study.statement.span))
            return
        }
        let known = Set(studies[existing].attributes.map(\.name))
        studies[existing].attributes += study.attributes.filter { !known.contains($0.name) }
        studies[existing].outcomes += study.outcomes
    }
}
