import ForestStats
import ForestSyntax

/// `sensitivity OUTCOME leave-one-out|exclude ATTRIBUTE VALUE|exclude "LABEL" …`.
extension Session {
    /// `sensitivity OUTCOME leave-one-out …`, `sensitivity OUTCOME exclude ATTRIBUTE VALUE …` and
    /// `sensitivity OUTCOME exclude "LABEL" "LABEL" …`.
    func sensitivity(_ statement: SensitivityStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        try rejectBy(options, in: "sensitivity")
        if let to = options.figureOption(.to), !statement.isLeaveOneOut {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "an exclusion has no forest plot of its own", at: to.span,
                    help: "draw one with `forest \(statement.outcome.value) only …`, or use `leave-one-out`")
            ])
        }
        let reporting = try reporting(statement.outcome, options)
        let (full, fit) = try fitted(
            statement.outcome, studies: reporting, options: options.pool, selection: options.selection,
            at: statement.span)
        switch statement.kind {
        case .leaveOneOut:
            // A study with several rows (qualified entries) is left out whole.
            var groups: [(label: String, rows: Range<Int>)] = []
            for (index, study) in reporting.enumerated() {
                if let last = groups.last, last.label == study.studyLabel, last.rows.upperBound == index {
                    groups[groups.count - 1].rows = last.rows.lowerBound..<(index + 1)
                } else {
                    groups.append((study.studyLabel, index..<(index + 1)))
                }
            }
            let file = try sequencePlotFile(options, outcome: statement.outcome)
            let rows = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
                try fit.leaveOneOut(groups: groups.map(\.rows))
            }
            var analysis = SequenceAnalysis(
                kind: .leaveOneOut, outcome: full.outcome, options: options.pool, full: full,
                rows: Array(zip(groups.map(\.label), rows)), unordered: [])
            analysis.file = file
            return (.sequence(analysis), options.warnings)
        case .exclude(let attribute, let value):
            return (try exclusion(statement, attribute, value, full: full, options: options), options.warnings)
        case .excludeStudies(let labels):
            return (try exclusion(statement, labels, full: full, options: options), options.warnings)
        }
    }

    /// The file of a leave-one-out or cumulative analysis's forest plot (`to "FILE"`), checked as
    /// a figure's is.
    func sequencePlotFile(_ options: ResolvedOptions, outcome: Located<String>) throws(DiagnosticList) -> String? {
        guard let to = options.figureOption(.to), case .string(let path) = to.value else { return nil }
        if let problem = checkOutput(OutputRequest(path: path.value, figure: "forest", outcome: outcome.value)) {
            throw DiagnosticList([
                problem.kind == .unsupportedFormat
                    ? .error(.invalidOptionValue, problem.reason, at: path.span, help: problem.help)
                    : .error(
                        .unwritableOutput, "cannot write \(path.value): \(problem.reason)", at: path.span,
                        help: problem.help)
            ])
        }
        return path.value
    }

    /// `exclude ATTRIBUTE VALUE`: without the studies that have that value.
    private func exclusion(
        _ statement: SensitivityStatement, _ attribute: Located<String>, _ value: Located<AttributeValue>,
        full: PoolAnalysis, options: ResolvedOptions
    ) throws(DiagnosticList) -> Analysis {
        let reporting = try reporting(statement.outcome, options)
        if let judged = try robSelection(attribute, value, among: reporting) {
            return try exclusion(statement, attribute, value, full: full, options: options, reporting, where: judged)
        }
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
        return try exclusion(statement, attribute, value, full: full, options: options, reporting) {
            $0.attribute(attribute.value)?.text == value.value.text
        }
    }

    /// The exclusion of the studies `excluded` picks.
    private func exclusion(
        _ statement: SensitivityStatement, _ attribute: Located<String>, _ value: Located<AttributeValue>,
        full: PoolAnalysis, options: ResolvedOptions, _ reporting: [Study], where isExcluded: (Study) -> Bool
    ) throws(DiagnosticList) -> Analysis {
        let (excluded, kept) = partition(reporting, by: isExcluded)
        guard !kept.isEmpty else {
            throw DiagnosticList([
                .error(
                    .noUsableStudy,
                    "excluding \(attribute.value) \(value.value.text) leaves no study of `\(statement.outcome.value)`",
                    at: value.span)
            ])
        }
        let without = try poolAnalysis(
            of: statement.outcome, studies: kept, options: options.pool, selection: options.selection,
            at: statement.span)
        return .exclusion(
            ExclusionAnalysis(
                outcome: full.outcome, attribute: attribute.value, value: value.value.text,
                excluded: excluded.map(\.label), all: full, without: without))
    }

    /// `exclude "LABEL" …`: without the named studies, each of which must report the outcome.
    private func exclusion(
        _ statement: SensitivityStatement, _ labels: [Located<String>], full: PoolAnalysis, options: ResolvedOptions
    ) throws(DiagnosticList) -> Analysis {
        let reporting = try reporting(statement.outcome, options)
        let known = Array(Set(reporting.map(\.studyLabel))).sorted()
        let unknown = labels.filter { !known.contains($0.value) }
        guard unknown.isEmpty else {
            throw DiagnosticList(
                unknown.map { label in
                    .error(
                        .unknownStudy,
                        study(labelled: label.value) == nil
                            ? "no study is labelled \"\(label.value)\""
                            : "study \"\(label.value)\" has no data for `\(statement.outcome.value)`",
                        at: label.span, help: Suggest.help(label.value, among: known, quoted: true))
                })
        }
        let names = Set(labels.map(\.value))
        let (excluded, kept) = partition(reporting) { names.contains($0.studyLabel) }
        guard !kept.isEmpty else {
            throw DiagnosticList([
                .error(
                    .noUsableStudy, "excluding these studies leaves no study of `\(statement.outcome.value)`",
                    at: labels[0].span.merged(with: labels.last!.span))
            ])
        }
        let without = try poolAnalysis(
            of: statement.outcome, studies: kept, options: options.pool, selection: options.selection,
            at: statement.span)
        return .exclusion(
            ExclusionAnalysis(
                outcome: full.outcome, attribute: nil, value: nil, excluded: excluded.map(\.label),
                named: labels.map(\.value).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }, all: full,
                without: without))
    }
}
