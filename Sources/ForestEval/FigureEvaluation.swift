import ForestStats
import ForestSyntax

extension Session {
    /// `forest OUTCOME … [by ATTRIBUTE] [prediction] [ascii] [to "FILE"]` and
    /// `funnel OUTCOME … [contours] [trimfill] [to "FILE"]`: the analysis to draw.
    func figure(_ statement: FigureStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        if statement.kind == .labbe && info.kind != .binary {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "a L'Abbé plot shows each arm's risk: it needs binary data",
                    at: statement.outcome.span,
                    notes: ["`\(statement.outcome.value)` has \(info.kind.rawValue) data"],
                    help: "draw a forest or Galbraith plot instead")
            ])
        }
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        func flag(_ name: OptionName) -> AnalysisOption? { options.figureOption(name) }
        var file: Located<String>? = nil
        if case .string(let path)? = flag(.to)?.value { file = path }
        try checkFigureOptions(statement, options)
        try checkFile(file, of: statement)
        let order = try studyOrder(statement.options, outcome: statement.outcome.value)
        var (content, fit, warnings) = try figureContent(statement, options)
        switch content {
        case .pool(let pool): content = .pool(sorted(pool, order))
        case .subgroup(let subgroup): content = .subgroup(sorted(subgroup, order))
        }
        if let prediction = flag(.prediction), content.pool.result.prediction == nil {
            warnings.append(
                .warning(
                    .predictionUnavailable, "no prediction interval to draw: it needs at least 3 studies",
                    at: prediction.span,
                    notes: ["the RevMan convention's interval uses t with k − 2 degrees of freedom"]))
        }
        var trimAndFill: TrimAndFillResult? = nil
        if flag(.trimfill) != nil, let fit {
            trimAndFill = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
                try fit.trimAndFill()
            }
        }
        var figure = FigureAnalysis(
            kind: FigureAnalysis.Kind(rawValue: statement.kind.rawValue)!, content: content,
            destination: file.map { .file($0.value) } ?? .text(plainCharacters: flag(.ascii) != nil),
            showPrediction: flag(.prediction) != nil, contours: flag(.contours) != nil, trimAndFill: trimAndFill)
        figure.style = try figureStyle(options, hasFile: file != nil, scale: content.pool.scale)
        if let rob = flag(.rob) ?? (figure.style.shows(.rob) ? flag(.columns) : nil) {
            guard file != nil else {
                throw DiagnosticList([
                    .error(
                        .incompatibleOption, "risk-of-bias columns are drawn in an SVG plot: give it a file",
                        at: rob.span)
                ])
            }
            let robWarnings: [Diagnostic]
            (figure.rob, robWarnings) = try robColumns(at: rob.span)
            warnings += robWarnings
        }
        return (.figure(figure), warnings)
    }

    /// The risk-of-bias columns of a forest plot: the domains judged, and each study's levels.
    private func robColumns(
        at span: Span
    ) throws(DiagnosticList) -> ((domains: [String], judgements: [String: [String]]), [Diagnostic]) {
        let (domains, warnings) = try robDomains(at: span)
        var judgements: [String: [String]] = [:]
        for (label, statement) in robStatements {
            guard case .judgements(_, let given) = statement.kind else { continue }
            judgements[label] = domains.map { d in given.first { $0.domain.value == d }?.level.value.rawValue ?? "" }
        }
        return ((domains.map(\.title), judgements), warnings)
    }

    /// Figure options the plot does not take, a prediction interval without random effects,
    /// trim-and-fill with a method other than inverse variance.
    private func checkFigureOptions(_ statement: FigureStatement, _ options: ResolvedOptions) throws(DiagnosticList) {
        let applies = statement.kind.options
        var problems: [Diagnostic] = []
        for option in options.figure where !applies.contains(option.name.value) {
            problems.append(
                .error(
                    .incompatibleOption,
                    "`\(option.name.value.rawValue)` does not apply to a \(statement.kind.rawValue) plot",
                    at: option.span,
                    notes: [
                        "a \(statement.kind.rawValue) plot takes: " + applies.map(\.rawValue).joined(separator: ", ")
                    ]))
        }
        if let prediction = options.figureOption(.prediction), options.pool.model == .fixed {
            problems.append(
                .error(
                    .incompatibleOption, "a prediction interval belongs to a random-effects model", at: prediction.span,
                    help: "add `model random`"))
        }
        if options.figureOption(.trimfill) != nil { try requireInverseVariance(statement.options) }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
    }

    /// What the figure draws: the pooled analysis (and its fit) or, with `by`, the subgroups.
    private func figureContent(
        _ statement: FigureStatement, _ options: ResolvedOptions
    ) throws(DiagnosticList) -> (FigureAnalysis.Content, MetaAnalysisFit?, [Diagnostic]) {
        guard let by = options.by else {
            let studies = try reporting(statement.outcome, options)
            let pooled = try fitted(
                statement.outcome, studies: studies, options: options.pool, selection: options.selection,
                at: statement.span)
            return (.pool(pooled.analysis), pooled.fit, options.warnings)
        }
        guard statement.kind == .forest else {
            throw DiagnosticList([
                .error(.incompatibleOption, "`by` does not apply to a \(statement.kind.rawValue) plot", at: by.span)
            ])
        }
        let (subgroup, warnings) = try subgroups(of: statement.outcome, options: options, at: statement.span)
        return (.subgroup(subgroup), nil, options.warnings + warnings)
    }

    /// The figure's file: a format and a path the shell can write (its check), and one at all
    /// for a funnel plot (which cannot be drawn in the terminal).
    private func checkFile(_ file: Located<String>?, of statement: FigureStatement) throws(DiagnosticList) {
        let request = file.map {
            OutputRequest(path: $0.value, figure: statement.kind.rawValue, outcome: statement.outcome.value)
        }
        if let path = file, let request, let problem = checkOutput(request) {
            switch problem.kind {
            case .unsupportedFormat:
                throw DiagnosticList([.error(.invalidOptionValue, problem.reason, at: path.span, help: problem.help)])
            case .unwritable:
                throw DiagnosticList([
                    .error(
                        .unwritableOutput, "cannot write \(path.value): \(problem.reason)", at: path.span,
                        help: problem.help)
                ])
            }
        }
        if statement.kind != .forest && file == nil {
            let kind = statement.kind.rawValue
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "a \(kind) plot is drawn as SVG, PNG or PDF: give it a file",
                    at: statement.span, help: "add `to \"\(statement.outcome.value.lowercased())-\(kind).svg\"`")
            ])
        }
    }
}
