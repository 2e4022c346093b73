import ForestSyntax

extension Session {
    /// `characteristics {NAME ["TITLE"]} [to "FILE"]`: the studies defined so far, a row each,
    /// with the attributes named (or all of them) as columns.
    func characteristics(_ statement: CharacteristicsStatement) throws(DiagnosticList) -> ReviewTable {
        guard !studies.isEmpty else {
            throw DiagnosticList([
                .error(
                    .unknownStudy, "no study has been defined yet, so there is no table of characteristics",
                    at: statement.span,
                    help: "define studies first, e.g. study \"Ke 2011\" year 2011 < PR: 12/30 vs 6/30 >")
            ])
        }
        let known = attributeNames
        var problems: [Diagnostic] = []
        for column in statement.columns where !known.contains(column.name.value) {
            problems.append(
                .error(
                    .unknownAttribute, "no study has the attribute `\(column.name.value)`", at: column.name.span,
                    notes: [
                        "the studies' attributes are: " + (known.isEmpty ? "(none)" : known.joined(separator: ", "))
                    ],
                    help: Suggest.help(column.name.value, among: known)))
        }
        if let file = statement.file,
            let problem = checkOutput(
                OutputRequest(path: file.value, figure: "characteristics", outcome: "studies"))
        {
            problems.append(
                problem.kind == .unsupportedFormat
                    ? .error(.invalidOptionValue, problem.reason, at: file.span, help: problem.help)
                    : .error(
                        .unwritableOutput, "cannot write \(file.value): \(problem.reason)", at: file.span,
                        help: problem.help))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        let columns =
            statement.columns.isEmpty
            ? known.map { ($0, $0) }
            : statement.columns.map {
                ($0.name.value, $0.title?.value ?? $0.name.value)
            }
        return characteristicsTable(columns, file: statement.file?.value)
    }

    /// The table of every study with these attributes (name, title) as columns.
    func characteristicsTable(_ columns: [(name: String, title: String)], file: String?) -> ReviewTable {
        let rows = studies.map { study in
            [study.label] + columns.map { study.attribute($0.name)?.text ?? "" }
        }
        return ReviewTable(columns: ["Study"] + columns.map(\.title), rows: rows, file: file)
    }
}
