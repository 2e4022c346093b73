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
        var (analysis, warnings) = try subgroups(of: statement.outcome, options: options, at: statement.span)
        if let common = statement.options[.commonTau] {
            analysis.commonTau = try commonTau(common, analysis, options: options)
        }
        return (.subgroup(sorted(analysis, order)), options.warnings + warnings)
    }

    /// `common-tau`: the subgroups' studies (their inverse-variance effects) under one τ², a
    /// mixed-effects model with a mean per subgroup.
    private func commonTau(
        _ option: AnalysisOption, _ analysis: SubgroupAnalysis, options: ResolvedOptions
    ) throws(DiagnosticList) -> CommonTauSubgroups? {
        guard options.pool.model == .random else {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "a common τ² belongs to a random-effects model", at: option.span,
                    help: "add `model random`")
            ])
        }
        var inverseVariance = options.pool
        inverseVariance.method = .IV
        var effects: [StudyEffect] = [], group: [Int] = []
        for (index, g) in analysis.groups.enumerated() {
            let data = outcomeData(g.studies.map(\.data))
            let found = try computing(
                Located(analysis.outcome.name, option.span), inverseVariance, at: option.span
            ) { () throws(PoolError) in try MetaRegression.studyEffects(data, options: inverseVariance) }
            for effect in found.compactMap({ $0 }) {
                effects.append(effect)
                group.append(index)
            }
        }
        let present = Set(group)
        guard present.count >= 2 else { return nil }
        // Groups without an estimable study drop out of the model; the rest are renumbered.
        let kept = (0..<analysis.groups.count).filter(present.contains)
        let renumbered = group.map { kept.firstIndex(of: $0)! }
        do {
            let result = try MixedEffectsSubgroups.fit(
                effects, group: renumbered, groupCount: kept.count, options: inverseVariance, control: control)
            return CommonTauSubgroups(values: kept.map { analysis.groups[$0].value }, result: result)
        } catch .notConverged(let method, let iterations) {
            throw DiagnosticList([
                .error(
                    .notConverged,
                    "the \(method.rawValue) estimate of the common τ² did not converge in \(iterations) iterations",
                    at: option.span, help: "try another estimator, e.g. `tau DL`")
            ])
        } catch {
            throw DiagnosticList([
                .error(.tooFewStudies, "the common-τ² model needs more studies than subgroups", at: option.span)
            ])
        }
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
