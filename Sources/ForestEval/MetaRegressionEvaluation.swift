import ForestStats
import ForestSyntax

/// `metareg OUTCOME on ATTRIBUTE … [options] [reference ATTRIBUTE VALUE]`.
extension Session {
    func metaRegression(_ statement: MetaregStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        var options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        try requireInverseVarianceMethod(statement.options, "a meta-regression weighs the studies by inverse variance")
        options.pool.method = .IV
        let reporting = try reporting(statement.outcome, options)
        for moderator in statement.moderators { try checkAttribute(moderator, among: reporting) }
        try checkDuplicateModerators(statement.moderators)
        let data = outcomeData(reporting.map { $0.firstEntry(for: statement.outcome.value)!.data })
        let effects = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try MetaRegression.studyEffects(data, options: options.pool)
        }
        var kept: [(Study, StudyEffect)] = []
        var leftOut: [(study: String, missing: [String])] = []
        for (study, effect) in zip(reporting, effects) {
            let missing = statement.moderators.map(\.value).filter { study.attribute($0) == nil }
            if !missing.isEmpty {
                leftOut.append((study.label, missing))
            } else if let effect {
                kept.append((study, effect))
            }
        }
        let (moderators, design, names) = try designMatrix(statement, kept.map(\.0))
        let file = try bubblePlotFile(statement, options, moderators: moderators)
        let result = try fit(statement, kept.map(\.1), design: design, names: names, options: options.pool)
        var description = description(of: statement.outcome.value)!
        description.selection = options.selection
        let analysis = MetaRegressionAnalysis(
            outcome: description, options: options.pool, moderators: moderators, result: result,
            studies: kept.map(\.0.label), leftOut: leftOut,
            scale: naturalScale(options.pool, description, studies: kept.map(\.0)),
            points: kept.indices.map { (kept[$0].1, design.row($0)) }, file: file)
        var warnings = options.warnings
        if !leftOut.isEmpty {
            warnings.append(
                .warning(
                    .missingAttribute,
                    "\(leftOut.count) \(leftOut.count == 1 ? "study" : "studies") left out of the meta-regression: "
                        + leftOut.map { "\($0.study) (no \($0.missing.joined(separator: ", ")))" }.joined(
                            separator: "; "),
                    at: statement.moderators[0].span.merged(with: statement.moderators.last!.span)))
        }
        return (.metaRegression(analysis), warnings)
    }

    /// `to "FILE"`: the bubble plot, of a model with one continuous moderator.
    private func bubblePlotFile(
        _ statement: MetaregStatement, _ options: ResolvedOptions, moderators: [MetaRegressionAnalysis.Moderator]
    ) throws(DiagnosticList) -> String? {
        guard let to = options.figureOption(.to) else { return nil }
        guard moderators.count == 1, moderators[0].levels == nil else {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "a bubble plot shows the effect against one continuous moderator",
                    at: to.span,
                    notes: [
                        "this model has "
                            + moderators.map { "\($0.name) (\($0.levels == nil ? "continuous" : "categorical"))" }
                            .joined(separator: ", ")
                    ],
                    help:
                        "draw it of a model with one number attribute, e.g. `metareg \(statement.outcome.value) on year to \"bubble.svg\"`"
                )
            ])
        }
        return try sequencePlotFile(options, outcome: statement.outcome)
    }

    private func checkDuplicateModerators(_ moderators: [Located<String>]) throws(DiagnosticList) {
        var seen: [String: Span] = [:]
        for moderator in moderators {
            if let earlier = seen[moderator.value] {
                throw DiagnosticList([
                    .error(
                        .duplicateOption, "moderator `\(moderator.value)` is given twice", at: moderator.span,
                        secondary: [Diagnostic.Label(earlier, "first given here")], help: "keep one of them")
                ])
            }
            seen[moderator.value] = moderator.span
        }
    }

    private func fit(
        _ statement: MetaregStatement, _ effects: [StudyEffect], design: Design, names: [String], options: PoolOptions
    ) throws(DiagnosticList) -> MetaRegression.Result {
        let failure: MetaRegression.Failure
        do {
            return try MetaRegression.fit(effects, design: design, names: names, options: options, control: control)
        } catch {
            failure = error
        }
        switch failure {
        case .tooFewStudies(let k, let p):
            throw DiagnosticList([
                .error(
                    .tooFewStudies,
                    "a meta-regression with \(p) coefficients needs more than \(p) studies; it has \(k)",
                    at: statement.span,
                    notes: ["each categorical moderator takes a coefficient per level but its reference"])
            ])
        case .singularDesign:
            throw DiagnosticList([
                .error(
                    .incompatibleOption,
                    "the moderators cannot be told apart from one another or from the intercept",
                    at: statement.moderators[0].span.merged(with: statement.moderators.last!.span),
                    notes: [
                        "a moderator that takes one value in every study, or two that say the same, has no effect to estimate"
                    ],
                    help: "drop one of them")
            ])
        case .notConverged(let method, let iterations):
            throw DiagnosticList([
                .error(
                    .notConverged, "the \(method.rawValue) estimate of τ² did not converge in \(iterations) iterations",
                    at: statement.span, help: "try another estimator, e.g. `tau DL`")
            ])
        }
    }
}
