import ForestStats
import ForestSyntax

/// `influence OUTCOME [options] [to "FILE"]`: metafor's `influence()` on the inverse-variance
/// model of the outcome's studies, and the Baujat plot.
extension Session {
    func influence(_ statement: InfluenceStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        var options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        try requireInverseVarianceMethod(statement.options, "influence diagnostics refit the inverse-variance model")
        options.pool.method = .IV
        let reporting = try reporting(statement.outcome, options)
        let data = outcomeData(reporting.map { $0.firstEntry(for: statement.outcome.value)!.data })
        let all = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try MetaRegression.studyEffects(data, options: options.pool)
        }
        let kept = zip(reporting, all).compactMap { study, effect in effect.map { (study.label, $0) } }
        guard kept.count >= 3 else {
            throw DiagnosticList([
                .error(
                    .tooFewStudies,
                    "influence diagnostics need at least 3 studies; `\(statement.outcome.value)` has \(kept.count) with an estimate",
                    at: statement.span)
            ])
        }
        let file = try sequencePlotFile(options, outcome: statement.outcome)
        guard let result = Influence.analyze(kept.map(\.1), options: options.pool, control: control) else {
            throw DiagnosticList([
                .error(
                    .notConverged, "the \(options.pool.tauMethod.rawValue) estimate of τ² did not converge",
                    at: statement.span, help: "try another estimator, e.g. `tau DL`")
            ])
        }
        var description = description(of: statement.outcome.value)!
        description.selection = options.selection
        let analysis = InfluenceAnalysis(
            outcome: description, options: options.pool, studies: kept.map(\.0), effects: kept.map(\.1),
            result: result, scale: naturalScale(options.pool, description, studies: reporting), file: file)
        return (.influence(analysis), options.warnings)
    }
}
