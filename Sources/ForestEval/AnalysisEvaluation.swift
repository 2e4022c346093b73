import ForestStats
import ForestSyntax

/// Subgroups, sensitivity analyses, cumulative meta-analysis and small-study tests.
extension Session {
    /// `pool OUTCOME … by ATTRIBUTE`.
    func subgroups(_ statement: PoolStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        let (analysis, warnings) = try subgroups(of: statement.outcome, options: options, at: statement.span)
        return (.subgroup(analysis), options.warnings + warnings)
    }

    /// Subgroups of the studies of `outcome` by `options.by`.
    func subgroups(
        of outcome: Located<String>, options: ResolvedOptions, at span: Span
    ) throws(DiagnosticList) -> (SubgroupAnalysis, [Diagnostic]) {
        let statement = (outcome: outcome, span: span)
        let by = options.by!
        let reporting = studies(reporting: statement.outcome.value)
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
        let (overall, fit) = try fitted(statement.outcome, studies: assigned, options: options.pool, at: statement.span)
        let position = Dictionary(assigned.enumerated().map { ($1.label, $0) }, uniquingKeysWith: { a, _ in a })
        let indices = order.map { value in members[value]!.map { position[$0.label]! } }
        let result = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try fit.subgroups(indices)
        }
        let groups = zip(order, result.groups).map { value, groupResult in
            SubgroupAnalysis.Group(
                value: value, studies: members[value]!.map { overall.studies[position[$0.label]!] },
                result: groupResult)
        }
        let analysis = SubgroupAnalysis(
            outcome: overall.outcome, attribute: by.value, groups: groups, overall: overall, test: result.test,
            unassigned: unassigned.map(\.label))
        return (analysis, missingAttributeWarning(unassigned, attribute: by, what: "left out of the subgroup analysis"))
    }

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

    /// `cumulative OUTCOME [by ATTRIBUTE] …`: by default in order of `year` when studies have one,
    /// otherwise in the order they were defined; ties keep that order.
    func cumulative(_ statement: CumulativeStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        let reporting = studies(reporting: statement.outcome.value)
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
        let (full, fit) = try fitted(statement.outcome, studies: ordered, options: options.pool, at: statement.span)
        let rows = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try fit.cumulative(order: Array(full.studies.indices))
        }
        let analysis = SequenceAnalysis(
            kind: .cumulative(orderedBy: orderBy?.value), outcome: full.outcome, options: options.pool, full: full,
            rows: Array(zip(full.studies.map(\.label), rows)), unordered: unordered.map(\.label))
        warnings += orderBy.map { missingAttributeWarning(unordered, attribute: $0, what: "added last") } ?? []
        return (.sequence(analysis), warnings)
    }

    /// `bias OUTCOME egger|begg|trimfill …` — inverse-variance effects unless a method is given.
    func bias(_ statement: BiasStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        var options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        try rejectBy(options, in: "bias")
        if !options.methodGiven { options.pool.method = .IV }
        if statement.test.value == .trimfill {
            try requireInverseVariance(statement.options)
        } else {
            // Egger's and Begg's tests weigh by the studies' own variances (metafor's
            // regtest(model = "lm") and ranktest): a random-effects model plays no part.
            for option in statement.options where [.model, .tau, .hksj].contains(option.name.value) {
                guard option.name.value != .model || option.choice(ModelWord.self) == .random else { continue }
                throw DiagnosticList([
                    .error(
                        .incompatibleOption,
                        "`\(option.name.value.rawValue)` does not apply to \(statement.test.value == .egger ? "Egger's" : "Begg's") test",
                        at: option.span,
                        notes: ["the test uses the fixed-effect (inverse-variance) weights of the studies"],
                        help: "drop it; for a random-effects adjustment use `bias … trimfill model random`")
                ])
            }
        }
        let reporting = studies(reporting: statement.outcome.value)
        let fit = try fitted(statement.outcome, studies: reporting, options: options.pool, at: statement.span).fit
        let effects = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try fit.smallStudyEffects()
        }
        let name = Self.testName(statement.test.value)
        guard effects.count >= 3 else {
            throw DiagnosticList([
                .error(
                    .tooFewStudies,
                    "\(name) needs at least 3 studies; `\(statement.outcome.value)` has \(effects.count) with an estimate",
                    at: statement.test.span)
            ])
        }
        let test: BiasAnalysis.Test
        switch statement.test.value {
        case .egger:
            guard let egger = EggerTest(effects, level: options.pool.level) else {
                throw DiagnosticList([
                    .error(
                        .tooFewStudies, "Egger's test needs studies of different precision", at: statement.test.span)
                ])
            }
            test = .egger(egger)
        case .begg:
            guard let begg = BeggTest(effects) else {
                throw DiagnosticList([
                    .error(
                        .tooFewStudies, "Begg's test needs studies of different precision", at: statement.test.span)
                ])
            }
            test = .begg(begg)
        case .trimfill:
            test = .trimAndFill(
                try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
                    try fit.trimAndFill()
                })
        }
        let description = description(of: statement.outcome.value)!
        var warnings: [Diagnostic] = []
        if effects.count < 10 {
            warnings.append(
                .warning(
                    .fewStudiesForBiasTest, "\(name) on \(effects.count) studies has little power",
                    at: statement.test.span,
                    notes: [
                        "tests for funnel-plot asymmetry are usually run only with at least 10 studies (Cochrane Handbook §13.3.5.4)"
                    ]))
        }
        warnings += options.warnings
        return (
            .bias(
                BiasAnalysis(
                    outcome: description, options: options.pool, test: test, k: effects.count,
                    logScale: options.pool.measure.isRatio || description.logScale)), warnings
        )
    }

    // MARK: - Helpers

    /// A test's name in a sentence.
    static func testName(_ test: BiasTestName) -> String {
        switch test {
        case .egger: "Egger's test"
        case .begg: "Begg's test"
        case .trimfill: "trim-and-fill"
        }
    }

    /// The attribute must be used by at least one study of the outcome.
    func checkAttribute(_ attribute: Located<String>, among studies: [Study]) throws(DiagnosticList) {
        guard !studies.contains(where: { $0.attribute(attribute.value) != nil }) else { return }
        throw DiagnosticList([unknownAttribute(attribute, severity: .error, consequence: "")])
    }

    func unknownAttribute(
        _ attribute: Located<String>, severity: Diagnostic.Severity, consequence: String
    ) -> Diagnostic {
        let names = attributeNames
        return Diagnostic(
            severity, .unknownAttribute,
            "no study of this outcome has the attribute `\(attribute.value)`" + consequence,
            at: Diagnostic.Label(attribute.span),
            notes: names.isEmpty
                ? ["no study has any attribute yet"] : ["attributes in use: " + names.joined(separator: ", ")],
            help: Suggest.help(attribute.value, among: names))
    }

    /// Trim-and-fill re-pools by inverse variance: `method MH` or `Peto` cannot apply.
    func requireInverseVariance(_ options: [AnalysisOption]) throws(DiagnosticList) {
        guard let method = options[.method], method.choice(MethodWord.self) != .IV else { return }
        throw DiagnosticList([
            .error(
                .incompatibleOption, "trim-and-fill re-pools the studies by inverse variance", at: method.span,
                help: "drop `method`, or write `method IV`")
        ])
    }

    func rejectBy(_ options: ResolvedOptions, in statement: String) throws(DiagnosticList) {
        if let by = options.by {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "`by` does not apply to `\(statement)`", at: by.span,
                    help: "run the subgroup analysis with `pool … by \(by.value)`")
            ])
        }
    }

    func missingAttributeWarning(_ studies: [Study], attribute: Located<String>, what: String) -> [Diagnostic] {
        guard !studies.isEmpty else { return [] }
        let labels = studies.map { "\"\($0.label)\"" }.joined(separator: ", ")
        return [
            .warning(
                .missingAttribute,
                "\(studies.count) \(studies.count == 1 ? "study has" : "studies have") no `\(attribute.value)` and \(studies.count == 1 ? "is" : "are") \(what): \(labels)",
                at: attribute.span,
                help: "give \(studies.count == 1 ? "it" : "them") `\(attribute.value) VALUE` in the study statement")
        ]
    }

    func partition(_ studies: [Study], by predicate: (Study) -> Bool) -> ([Study], [Study]) {
        (studies.filter(predicate), studies.filter { !predicate($0) })
    }
}
