import ForestSyntax

extension Session {
    /// `report to "FILE"`: the review as it stands — its title, its studies' characteristics
    /// and every analysis made before the statement, in order (the shell writes the file).
    func report(_ statement: ReportStatement) throws(DiagnosticList) -> (ReviewReport, [Diagnostic]) {
        guard !studies.isEmpty else {
            throw DiagnosticList([
                .error(
                    .unknownStudy, "no study has been defined yet, so there is nothing to report", at: statement.span,
                    help: "put `report to \"…\"` at the end of the script, after its studies and analyses")
            ])
        }
        let file = statement.file
        if let problem = checkOutput(OutputRequest(path: file.value, figure: "report", outcome: "review")) {
            throw DiagnosticList([
                problem.kind == .unsupportedFormat
                    ? .error(.invalidOptionValue, problem.reason, at: file.span, help: problem.help)
                    : .error(
                        .unwritableOutput, "cannot write \(file.value): \(problem.reason)", at: file.span,
                        help: problem.help)
            ])
        }
        // Every study and attribute, for a script without a `characteristics` statement.
        let allStudies = characteristicsTable(attributeNames.map { ($0, $0) }, file: nil)
        var report = ReviewReport(
            title: title?.value, analyses: reviewLog, characteristics: allStudies, file: file.value)
        // The risk-of-bias figures and the PRISMA flow as they stand, whether or not the script
        // drew them (the checks are those of `rob … to` and `prisma to`).
        var warnings: [Diagnostic] = []
        if hasRobJudgements {
            let (graph, problems) = try robFigure(.graph, file: "", at: statement.span)
            report.rob = [graph, try robFigure(.summary, file: "", at: statement.span).0]
            // Warnings already given where the script drew a figure are not repeated.
            if !reviewLog.contains(where: { if case .rob = $0 { true } else { false } }) { warnings = problems }
        }
        if hasPrismaCounts { report.prisma = try prismaFlow(file: nil, at: statement.span) }
        return (report, warnings)
    }
}
