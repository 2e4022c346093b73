import ForestSyntax

extension Session {
    /// `rob "LABEL" …` records a study's judgements; `rob graph|summary to "FILE"` makes the
    /// figure of every study's, after checking that they are complete and of one tool.
    mutating func rob(_ statement: RobStatement) throws(DiagnosticList) -> (Analysis?, [Diagnostic]) {
        switch statement.kind {
        case .judgements(let study, let judgements):
            try record(statement, study: study, judgements)
            return (nil, [])
        case .figure(let kind, let file):
            if let problem = checkOutput(OutputRequest(path: file.value, figure: "rob", outcome: "rob")) {
                throw DiagnosticList([
                    problem.kind == .unsupportedFormat
                        ? .error(.invalidOptionValue, problem.reason, at: file.span, help: problem.help)
                        : .error(.unwritableOutput, "cannot write \(file.value): \(problem.reason)", at: file.span)
                ])
            }
            let (figure, warnings) = try robFigure(
                kind.value == .graph ? .graph : .summary, file: file.value, at: statement.span)
            return (.rob(figure), warnings)
        }
    }

    /// The figure of every study's judgements (checked complete and of one tool).
    func robFigure(
        _ kind: RobFigure.Kind, file: String, at span: Span
    ) throws(DiagnosticList) -> (
        RobFigure, [Diagnostic]
    ) {
        let (domains, warnings) = try robDomains(at: span)
        let rows = studies.map { study -> (label: String, judgements: [String]) in
            guard case .judgements(_, let judgements)? = robStatements[study.label]?.kind else {
                return (study.label, [])
            }
            return (
                study.label,
                domains.map { (d: RobDomain) in
                    judgements.first { $0.domain.value == d }?.level.value.rawValue ?? ""
                }
            )
        }
        var figure = RobFigure(kind: kind, domains: domains.map(\.title), studies: rows, file: file)
        for (label, statement) in robStatements {
            guard case .judgements(_, let given) = statement.kind else { continue }
            figure.support[label] = domains.map { d in given.first { $0.domain.value == d }?.support?.value ?? "" }
        }
        return (figure, warnings)
    }

    /// Whether any study has risk-of-bias judgements.
    var hasRobJudgements: Bool { !robStatements.isEmpty }

    /// A study's judgements: a study of the script, once; each domain once; one tool's
    /// domains and judgements (RoB 1: unclear; RoB 2: some-concerns).
    private mutating func record(
        _ statement: RobStatement, study: Located<String>, _ judgements: [RobStatement.Judgement]
    ) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        if self.study(labelled: study.value) == nil {
            problems.append(
                .error(
                    .unknownStudy, "no study is labelled \"\(study.value)\"", at: study.span,
                    help: Suggest.help(study.value, among: studies.map(\.label), quoted: true)))
        }
        if let earlier = robStatements[study.value] {
            problems.append(
                .error(
                    .duplicateDeclaration, "study \"\(study.value)\" is judged twice", at: study.span,
                    secondary: [Diagnostic.Label(earlier.span, "first judged here")]))
        }
        let rob2 = RobDomain.rob2.contains(judgements[0].domain.value)
        var seen: [RobDomain: Span] = [:]
        for j in judgements {
            if let first = seen[j.domain.value] {
                problems.append(
                    .error(
                        .duplicateOption, "`\(j.domain.value.rawValue)` is judged twice", at: j.domain.span,
                        secondary: [Diagnostic.Label(first, "first judged here")]))
            }
            seen[j.domain.value] = j.domain.span
            if RobDomain.rob2.contains(j.domain.value) != rob2 {
                problems.append(
                    .error(
                        .invalidOptionValue,
                        "`\(j.domain.value.rawValue)` is a domain of RoB \(rob2 ? 1 : 2), the others of RoB \(rob2 ? 2 : 1)",
                        at: j.domain.span, notes: Self.robToolNotes))
            }
            if j.level.value == (rob2 ? .unclear : .someConcerns) {
                problems.append(
                    .error(
                        .invalidOptionValue,
                        "RoB \(rob2 ? 2 : 1) judges low, \(rob2 ? "some-concerns" : "unclear") or high",
                        at: j.level.span, help: "write `\(rob2 ? "some-concerns" : "unclear")`"))
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        robStatements[study.value] = statement
    }

    static let robToolNotes = [
        "RoB 1: " + RobDomain.rob1.map(\.rawValue).joined(separator: ", "),
        "RoB 2: " + RobDomain.rob2.map(\.rawValue).joined(separator: ", "),
    ]
}

extension Session {
    /// The tool's domains, once every study of the script is judged on all of them; for RoB 2,
    /// a warning where the overall judgement given differs from the one its algorithm suggests
    /// (high if any domain is high, low if all are low, else some concerns; Sterne et al. 2019,
    /// BMJ 366:l4898).
    func robDomains(at span: Span) throws(DiagnosticList) -> ([RobDomain], [Diagnostic]) {
        let judged = studies.compactMap { robStatements[$0.label] }
        guard let first = judged.first, case .judgements(_, let firstJudgements) = first.kind else {
            throw DiagnosticList([
                .error(
                    .missingData, "no risk-of-bias judgements have been given", at: span,
                    help: "judge each study first, e.g. rob \"Ke 2011\" sequence low allocation unclear …")
            ])
        }
        let rob2 = RobDomain.rob2.contains(firstJudgements[0].domain.value)
        let domains = rob2 ? RobDomain.rob2 : RobDomain.rob1
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        for statement in judged {
            guard case .judgements(let study, let judgements) = statement.kind else { continue }
            let given = Set(judgements.map(\.domain.value))
            if RobDomain.rob2.contains(judgements[0].domain.value) != rob2 {
                problems.append(
                    .error(
                        .invalidOptionValue,
                        "study \"\(study.value)\" is judged with RoB \(rob2 ? 1 : 2), the others with RoB \(rob2 ? 2 : 1)",
                        at: statement.span, notes: Self.robToolNotes))
                continue
            }
            let missing = domains.filter { !given.contains($0) }
            if !missing.isEmpty {
                problems.append(
                    .error(
                        .missingData,
                        "study \"\(study.value)\" has no judgement for "
                            + missing.map(\.rawValue).joined(separator: ", "),
                        at: statement.span, help: "judge every domain; `unclear` says that a report does not tell"))
            }
            if rob2, let warning = Self.overallCheck(study.value, judgements) { warnings.append(warning) }
        }
        let unjudged = studies.filter { robStatements[$0.label] == nil }.map(\.label)
        if !unjudged.isEmpty {
            problems.append(
                .error(
                    .missingData,
                    "no risk-of-bias judgements for " + unjudged.map { "\"\($0)\"" }.joined(separator: ", "),
                    at: span, notes: ["every study of the review is judged when any is"]))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return (domains, warnings)
    }

    /// RoB 2's suggested overall judgement against the one given.
    static func overallCheck(_ study: String, _ judgements: [RobStatement.Judgement]) -> Diagnostic? {
        guard let overall = judgements.first(where: { $0.domain.value == .overall }) else { return nil }
        let levels = judgements.filter { $0.domain.value != .overall }.map(\.level.value)
        let suggested: RobLevel =
            levels.contains(.high) ? .high : levels.allSatisfy { $0 == .low } ? .low : .someConcerns
        guard overall.level.value != suggested else { return nil }
        return .warning(
            .robOverall,
            "study \"\(study)\": overall \(overall.level.value.rawValue), where RoB 2's algorithm suggests \(suggested.rawValue)",
            at: overall.level.span,
            notes: ["the algorithm: high if any domain is high, low if all are low, otherwise some concerns"])
    }
}

extension Session {
    /// `exclude rob LEVEL` (a study judged LEVEL in any domain; with RoB 2's overall judgement,
    /// that one) and `exclude DOMAIN LEVEL` (judged LEVEL in that domain), when studies have
    /// risk-of-bias judgements and no attribute of that name: which studies to leave out.
    func robSelection(
        _ attribute: Located<String>, _ value: Located<AttributeValue>, among reporting: [Study]
    ) throws(DiagnosticList) -> ((Study) -> Bool)? {
        let domain = RobDomain(rawValue: attribute.value)
        guard attribute.value == "rob" || domain != nil, !robStatements.isEmpty,
            !reporting.contains(where: { $0.attribute(attribute.value) != nil })
        else { return nil }
        guard let level = RobLevel(rawValue: value.value.text) else {
            throw DiagnosticList([
                .error(
                    .unknownAttributeValue, "`\(value.value.text)` is not a risk-of-bias judgement", at: value.span,
                    notes: ["the judgements: " + Keywords.robLevels.joined(separator: ", ")],
                    help: Suggest.help(value.value.text, among: Keywords.robLevels))
            ])
        }
        let judgements = robStatements
        return { study in
            guard case .judgements(_, let given)? = judgements[study.studyLabel]?.kind else { return false }
            if let domain { return given.contains { $0.domain.value == domain && $0.level.value == level } }
            if let overall = given.first(where: { $0.domain.value == .overall }) { return overall.level.value == level }
            return given.contains { $0.level.value == level }
        }
    }
}
