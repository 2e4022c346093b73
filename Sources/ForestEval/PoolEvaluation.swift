import ForestStats
import ForestSyntax
import Foundation

extension Session {
    /// `pool OUTCOME {OPTION}`: pools the studies defined so far that report the outcome.
    func pool(_ statement: PoolStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        let order = try studyOrder(statement.options, outcome: statement.outcome.value)
        let included = try reporting(statement.outcome, options)
        var analysis = try poolAnalysis(
            of: statement.outcome, studies: included, options: options.pool, selection: options.selection,
            at: statement.span)
        if let nnt = statement.options[.nnt] { analysis.absoluteEffect = try numberNeededToTreat(nnt, analysis) }
        if let common = statement.options[.commonTau] {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "`common-tau` models subgroups under one τ²: it needs `by`", at: common.span,
                    help: "add `by ATTRIBUTE`")
            ])
        }
        return (.pool(sorted(analysis, order)), options.warnings + resultWarnings(analysis, at: statement.span))
    }

    /// `nnt RISK`: the number needed to treat at a control risk given as a proportion or per
    /// 1,000, for a pooled OR, RR or RD with an estimate.
    private func numberNeededToTreat(
        _ option: AnalysisOption, _ analysis: PoolAnalysis
    ) throws(DiagnosticList) -> NumberNeededToTreat? {
        let measure = analysis.result.options.measure
        guard [.OR, .RR, .RD].contains(measure) else {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "a number needed to treat needs a risk: an OR, RR or RD of binary data",
                    at: option.span, notes: ["this analysis pools \(measure.rawValue)"])
            ])
        }
        guard case .number(let given)? = option.value else { return nil }
        let risk: Double
        switch given.value {
        case let r where r > 0 && r < 1: risk = r
        case let r where r >= 1 && r < 1000: risk = r / 1000
        default:
            throw DiagnosticList([
                .error(
                    .invalidOptionValue,
                    "a control risk is a proportion (0.25) or per 1,000 (250), not \(given.span.text)",
                    at: given.span)
            ])
        }
        guard let estimate = analysis.result.estimate, let interval = analysis.result.interval else { return nil }
        let natural = analysis.scale.natural
        return NumberNeededToTreat(
            controlRisk: risk, measure: measure, effect: natural(estimate),
            interval: Interval(lower: natural(interval.lower), upper: natural(interval.upper)))
    }

    /// Pools `studies` for an outcome and wraps the result with what the renderers show.
    func poolAnalysis(
        of outcome: Located<String>, studies: [Study], options: PoolOptions, selection: String? = nil, at span: Span
    ) throws(DiagnosticList) -> PoolAnalysis {
        try fitted(outcome, studies: studies, options: options, selection: selection, at: span).analysis
    }

    /// The fit of `studies` for an outcome (for the analyses derived from it) and the pooled
    /// analysis the renderers show.
    func fitted(
        _ outcome: Located<String>, studies: [Study], options: PoolOptions, selection: String? = nil, at span: Span
    ) throws(DiagnosticList) -> (analysis: PoolAnalysis, fit: MetaAnalysisFit) {
        let rows = analysisRows(of: studies, outcome: outcome.value)
        let data = rows.data
        let fit = try computing(outcome, options, at: span, studies: studies) { () throws(PoolError) in
            try MetaAnalysisFit(data, options: options, control: control)
        }
        var description = description(of: outcome.value)!
        description.selection = selection
        return (PoolAnalysis(outcome: description, studies: rows.studies, result: fit.result), fit)
    }

    /// Each study's row for `outcome` and the statistics core's view of their data; the last
    /// ones again for the same studies (`AnalysisRowsMemo`).
    func analysisRows(of studies: [Study], outcome: String) -> AnalysisRowsMemo.Rows {
        if let known = rowsMemo.rows(of: studies, outcome: outcome) { return known }
        // By index: each study's fields are read in place, the study itself not copied.
        let rows = studies.indices.map { i in
            // The entry's fields read in place too (`firstEntry` copied the whole entry).
            let j = studies[i].firstIndex(for: outcome)!
            return AnalysisStudy(
                label: studies[i].label, data: studies[i].outcomes[j].data, studyLabel: studies[i].studyLabel,
                qualifier: studies[i].outcomes[j].qualifier.map {
                    .init(attribute: $0.attribute, value: $0.value.text)
                },
                attributes: studies[i].attributes.map { attribute in
                    if case .number(let n) = attribute.value { return .init(name: attribute.name, value: .number(n)) }
                    return .init(name: attribute.name, value: .text(attribute.value.text))
                })
        }
        // Each row's data read in place (a key path over the rows copied each whole row).
        let made = AnalysisRowsMemo.Rows(studies: rows, data: outcomeData(rows.indices.lazy.map { rows[$0].data }))
        rowsMemo.remember(made, of: studies, outcome: outcome)
        return made
    }

    /// Runs a computation of the statistics core; its error becomes a diagnostic at the
    /// statement (or at the study it is about, among `studies`).
    func computing<T>(
        _ outcome: Located<String>, _ options: PoolOptions, at span: Span, studies: [Study]? = nil,
        _ body: () throws(PoolError) -> T
    ) throws(DiagnosticList) -> T {
        do {
            return try body()
        } catch {
            throw DiagnosticList([
                diagnostic(for: error, outcome: outcome, options: options, at: span, studies: studies)
            ])
        }
    }

    /// The statistics core's view of the rows (all of one kind, as the session guarantees),
    /// each kind's array made in one pass.
    func outcomeData<Rows: Collection<StudyData>>(_ rows: Rows) -> OutcomeData {
        func all<T>(_ pick: (StudyData) -> T?) -> [T] {
            var picked: [T] = []
            picked.reserveCapacity(rows.count)
            for row in rows { if let value = pick(row) { picked.append(value) } }
            return picked
        }
        switch rows.first {
        case .continuous?: return .continuous(all { if case .continuous(let arms) = $0 { arms } else { nil } })
        case .generic?: return .generic(all { if case .generic(let effect) = $0 { effect } else { nil } })
        case .observedMinusExpected?:
            return .observedMinusExpected(all { if case .observedMinusExpected(let z) = $0 { z } else { nil } })
        case .proportion?: return .proportion(all { if case .proportion(let p) = $0 { p } else { nil } })
        case .rate?: return .rate(all { if case .rate(let r) = $0 { r } else { nil } })
        case .correlation?: return .correlation(all { if case .correlation(let c) = $0 { c } else { nil } })
        default: return .binary(all { if case .binary(let counts) = $0 { counts } else { nil } })
        }
    }

    /// A statistics error as a diagnostic at the statement (or at the study it is about;
    /// `studies` are the rows the analysis was given, by default those reporting the outcome).
    func diagnostic(
        for error: PoolError, outcome: Located<String>, options: PoolOptions, at span: Span,
        studies given: [Study]? = nil
    ) -> Diagnostic {
        switch error {
        case .degenerateStudy(let index):
            let rows = given ?? studies(reporting: outcome.value)
            let study = index < rows.count ? rows[index] : nil
            let entry = study?.firstEntry(for: outcome.value)
            // Unreachable through the language (DataChecks bounds every number), kept as a net.
            return .error(
                .numericalFailure,
                "study \"\(study?.label ?? "?")\" has no usable \(options.measure.displayName.lowercased()) for `\(outcome.value)`: its variance is not a positive finite number",
                at: entry?.span ?? span, label: "these numbers",
                secondary: [Diagnostic.Label(span, "in this analysis")],
                notes: ["a study with a variance of 0 (or one that underflows) would get infinite weight"],
                help: "check the study's data (a standard error or SD far too small?)")
        case .numericalFailure:
            return .error(
                .numericalFailure, "the data of `\(outcome.value)` give no finite pooled estimate", at: span,
                notes: ["some values are so large or small that the computation overflows"])
        case .noEstimableStudy(let total):
            let ratio = options.measure == .OR || options.measure == .RR
            return .error(
                .noUsableStudy,
                "no study of `\(outcome.value)` can be pooled: "
                    + (total == 1 ? "its only study is" : "all \(total) studies are")
                    + " not estimable",
                at: outcome.span,
                notes: ratio
                    ? [
                        "a study with no events (or only events) in both arms has no \(options.measure.displayName.lowercased())"
                    ] : [],
                help: ratio ? "`measure RD` keeps such studies" : nil)
        case .invalidOptions(let problems):
            // Unreachable through the language (the options were resolved before), kept as a net.
            return problem([], problems[0], outcome: outcome)
        case .trimAndFill(.tooFewStudies(let needed)):
            return .error(.incompatibleOption, "trim-and-fill needs at least \(needed) studies", at: span)
        case .trimAndFill(.precisionsDoNotVary):
            return .error(.incompatibleOption, "trim-and-fill needs studies of different precision", at: span)
        case .interrupted:
            return Session.interruptedDiagnostic(at: span)
        case .notConverged(let method, let iterations):
            return .error(
                .notConverged, "the \(method.rawValue) estimate of τ² did not converge (\(iterations) iterations)",
                at: span,
                help: "try another estimator, e.g. `tau DL` or `tau PM`")
        }
    }
}
