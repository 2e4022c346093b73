import ForestStats
import ForestSyntax

/// `cumulative OUTCOME [by ATTRIBUTE]`.
extension Session {
    /// `cumulative OUTCOME [by ATTRIBUTE] …`: by default in order of `year` when studies have one,
    /// otherwise in the order they were defined; ties keep that order.
    func cumulative(_ statement: CumulativeStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        let reporting = try reporting(statement.outcome, options)
        var orderBy: Located<String>? = options.by
        var warnings = options.warnings
        if let by = orderBy, !reporting.contains(where: { $0.attribute(by.value) != nil }) {
            // `year` is the default order: studies without one are added in the order of
            // definition, and the user is told. Any other unknown attribute is a mistake.
            if by.value != "year" { try checkAttribute(by, among: reporting) }  // throws: no study has it
            warnings.append(
                unknownAttribute(
                    by, severity: .warning, consequence: "; the studies are added in the order they were defined"))
            orderBy = nil
        } else if orderBy == nil && reporting.contains(where: { $0.attribute("year") != nil }) {
            orderBy = Located("year", statement.outcome.span)
        }
        var ordered = reporting
        var unordered: [Study] = []
        if let by = orderBy {
            let withValue = reporting.filter { $0.attribute(by.value) != nil }
            unordered = reporting.filter { $0.attribute(by.value) == nil }
            // A stable sort: studies with equal values keep the order they were defined in.
            ordered =
                withValue.enumerated().sorted { a, b in
                    let va = a.element.attribute(by.value)!, vb = b.element.attribute(by.value)!
                    return va < vb || (va == vb && a.offset < b.offset)
                }.map(\.element) + unordered
        }
        let file = try sequencePlotFile(options, outcome: statement.outcome)
        let (full, fit) = try fitted(
            statement.outcome, studies: ordered, options: options.pool, selection: options.selection, at: statement.span
        )
        let rows = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try fit.cumulative(order: Array(full.studies.indices))
        }
        var analysis = SequenceAnalysis(
            kind: .cumulative(orderedBy: orderBy?.value), outcome: full.outcome, options: options.pool, full: full,
            rows: Array(zip(full.studies.map(\.label), rows)), unordered: unordered.map(\.label))
        analysis.file = file
        warnings += orderBy.map { missingAttributeWarning(unordered, attribute: $0, what: "added last") } ?? []
        return (.sequence(analysis), warnings)
    }
}
