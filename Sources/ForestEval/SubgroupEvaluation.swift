import ForestStats
import ForestSyntax

/// `pool OUTCOME … by ATTRIBUTE`: subgroups and the test for subgroup differences.
extension Session {
    /// `pool OUTCOME … by ATTRIBUTE`.
    func subgroups(_ statement: PoolStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        if let nnt = statement.options[.nnt] {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "`nnt` applies to a pooled analysis, not to subgroups", at: nnt.span,
                    help: "ask for it on `pool \(statement.outcome.value) only …` of each subgroup, or without `by`")
            ])
        }
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        let order = try studyOrder(statement.options, outcome: statement.outcome.value)
        let (analysis, warnings) = try subgroups(of: statement.outcome, options: options, at: statement.span)
        return (.subgroup(sorted(analysis, order)), options.warnings + warnings)
    }

    /// Subgroups of the studies of `outcome` by `options.by`.
    func subgroups(
        of outcome: Located<String>, options: ResolvedOptions, at span: Span
    ) throws(DiagnosticList) -> (SubgroupAnalysis, [Diagnostic]) {
        let statement = (outcome: outcome, span: span)
        let by = options.by!
        let reporting = try reporting(statement.outcome, options)
        try checkAttribute(by, among: reporting)
        var order: [String] = []
        var members: [String: [Study]] = [:]
        var unassigned: [Study] = []
        for study in reporting {
            guard let value = study.attribute(by.value) else { unassigned.append(study); continue }
            if members[value.text] == nil { order.append(value.text) }
            members[value.text, default: []].append(study)
        }
        let assigned = order.flatMap { members[$0]! }
        let (overall, fit) = try fitted(
            statement.outcome, studies: assigned, options: options.pool, selection: options.selection,
            at: statement.span)
        let position = Dictionary(assigned.enumerated().map { ($1.label, $0) }, uniquingKeysWith: { a, _ in a })
        let indices = order.map { value in members[value]!.map { position[$0.label]! } }
        let result = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try fit.subgroups(indices)
        }
        let groups = zip(order, result.groups).map { value, groupResult in
            SubgroupAnalysis.Group(
                value: value, studies: members[value]!.map { overall.studies[position[$0.label]!] },
                result: groupResult, label: valueLabels[by.value]?[value]?.value)
        }
        let analysis = SubgroupAnalysis(
            outcome: overall.outcome, attribute: by.value, groups: groups, overall: overall, test: result.test,
            unassigned: unassigned.map(\.label))
        return (analysis, missingAttributeWarning(unassigned, attribute: by, what: "left out of the subgroup analysis"))
    }
}
