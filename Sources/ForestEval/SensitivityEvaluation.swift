import ForestStats
import ForestSyntax

/// `sensitivity OUTCOME leave-one-out|exclude ATTRIBUTE VALUE`.
extension Session {
    /// `sensitivity OUTCOME leave-one-out …` and `sensitivity OUTCOME exclude ATTRIBUTE VALUE …`.
    func sensitivity(_ statement: SensitivityStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        try rejectBy(options, in: "sensitivity")
        let reporting = studies(reporting: statement.outcome.value)
        let (full, fit) = try fitted(statement.outcome, studies: reporting, options: options.pool, at: statement.span)
        switch statement.kind {
        case .leaveOneOut:
            let rows = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
                try fit.leaveOneOut()
            }
            return (
                .sequence(
                    SequenceAnalysis(
                        kind: .leaveOneOut, outcome: full.outcome, options: options.pool, full: full,
                        rows: Array(zip(full.studies.map(\.label), rows)), unordered: [])), options.warnings
            )
        case .exclude(let attribute, let value):
            try checkAttribute(attribute, among: reporting)
            let values = reporting.compactMap { $0.attribute(attribute.value) }
            guard values.contains(value.value) || values.contains(where: { $0.text == value.value.text }) else {
                let present = Array(Set(values.map(\.text))).sorted()
                throw DiagnosticList([
                    .error(
                        .unknownAttributeValue,
                        "no study of `\(statement.outcome.value)` has \(attribute.value) \(value.value.text)",
                        at: value.span,
                        notes: ["\(attribute.value) takes the values: " + present.joined(separator: ", ")],
                        help: Suggest.help(value.value.text, among: present, quoted: true))
                ])
            }
            let (excluded, kept) = partition(reporting) { $0.attribute(attribute.value)?.text == value.value.text }
            guard !kept.isEmpty else {
                throw DiagnosticList([
                    .error(
                        .noUsableStudy,
                        "excluding \(attribute.value) \(value.value.text) leaves no study of `\(statement.outcome.value)`",
                        at: value.span)
                ])
            }
            let without = try poolAnalysis(
                of: statement.outcome, studies: kept, options: options.pool, at: statement.span)
            return (
                .exclusion(
                    ExclusionAnalysis(
                        outcome: full.outcome, attribute: attribute.value, value: value.value.text,
                        excluded: excluded.map(\.label), all: full, without: without)), options.warnings
            )
        }
    }
}
