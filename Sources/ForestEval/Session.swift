import ForestStats
import ForestSyntax

/// What evaluating some source produced: the analyses of the statements that succeeded and a
/// diagnostic for every problem.
public struct Evaluation: Sendable {
    /// A file an analysis asked to be written, and where it asked (for the shell's messages).
    public struct Output: Sendable, Hashable {
        /// The position of the analysis in `analyses`.
        public var analysis: Int
        public var path: String
        /// The file name in the script (`to "…"`).
        public var span: Span
    }

    public var analyses: [Analysis]
    public var diagnostics: [Diagnostic]
    /// Every analysis with a file to write, in order.
    public var outputs: [Output]
    /// The line of the statement that made each analysis, as `evaluate` appends them
    /// (`statementLines[i]` belongs to `analyses[i]`).
    public var statementLines: [Int] = []

    public init(analyses: [Analysis] = [], diagnostics: [Diagnostic] = [], outputs: [Output] = []) {
        self.analyses = analyses
        self.diagnostics = diagnostics
        self.outputs = outputs
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The state of a review being written: its studies, outcomes and title.
///
/// Statements are evaluated in order, each against the studies defined before it, and each
/// either succeeds completely or changes nothing — so a REPL session survives every error with
/// its definitions intact, and a script reports every error in one run.
public struct Session: Sendable {
    public internal(set) var title: Located<String>?
    public internal(set) var studies: [Study] = []
    /// Position of each study by label (labels are unique).
    var studyIndex = LabelIndex()
    /// Outcomes by name, and their names in order of first use.
    public internal(set) var outcomes: [String: OutcomeInfo] = [:]
    public internal(set) var outcomeOrder: [String] = []
    /// Each outcome's position in `outcomeOrder` by name, and its kind: found with the FNV-1a
    /// hash a study's entries are checked with (`outcomes`' String keys cost a SipHash for
    /// each of a study's thousands of entries).
    var outcomeIndex = LabelIndex()
    var outcomeKinds: [OutcomeKind] = []
    /// `outcome` declarations by outcome name.
    public internal(set) var declarations: [String: OutcomeStatement] = [:]
    /// Each study's risk-of-bias statement (`rob "LABEL" …`), by label.
    var robStatements: [String: RobStatement] = [:]
    /// The rows of the summary of findings given so far (`finding`).
    var findingRows: [FindingRow] = []
    /// The PRISMA counts given so far, with where each was given.
    var prismaCounts: [PrismaField: PrismaStatement.Count] = [:]
    /// The script's `defaults`, if set.
    public internal(set) var defaults: DefaultsStatement?
    /// `label ATTRIBUTE VALUE "TEXT"`: subgroup headings, by attribute and the value's text.
    public internal(set) var valueLabels: [String: [String: Located<String>]] = [:]
    /// Every statement evaluated without error, in order: what `:save` writes back.
    public internal(set) var log: [Statement] = []
    /// Every analysis made so far, in order, for `report` (kept while `keepsReview`).
    public internal(set) var reviewLog: [Analysis] = []
    /// Whether `reviewLog` is kept. The REPL keeps it; a run keeps it only when its script has
    /// a `report` statement, so that a run of many analyses never holds them all.
    public var keepsReview = true
    /// Whether `log` is kept. The REPL needs it; a one-shot `run` or `check` does not, and
    /// then a study's syntax tree is dropped once the study is defined.
    public var keepsLog = true
    /// Options for iterative estimators.
    public var control = TauSquaredControl()
    /// Why a file a statement asks to write (`to "FILE"`) cannot be written, or nil. The shell
    /// sets this to look at the file system, so that `check` reports such a path at its option
    /// before anything runs; by default every path is taken as writable (the session itself
    /// touches no file).
    public var checkOutput: @Sendable (OutputRequest) -> OutputProblem? = { _ in nil }
    /// Reads the table of `studies from PATH`: PATH as written, and the name of the script that
    /// says it (a file's path, `<stdin>`, `<repl:N>`). The shell sets this to read CSV files
    /// relative to the script's folder; by default no file can be read.
    public var readTable: @Sendable (_ path: String, _ script: String) -> Result<DataTable, TableReadFailure> = {
        path, _ in .failure(.unreadable(reason: "this session reads no files", path: path))
    }
    /// Whether the user asked to stop (the REPL's Ctrl-C): checked before each statement, so
    /// that the rest of a long `:load` does not run. Long analyses check `Interruption` too.
    public var isInterrupted: @Sendable () -> Bool = { false }
    /// The options resolved last (see `OptionMemo`).
    let optionMemo = OptionMemo()
    /// The last pooled analysis's rows (see `AnalysisRowsMemo`).
    let rowsMemo = AnalysisRowsMemo()

    public init() {}

    /// Parses and evaluates a source, each statement as soon as it is parsed (a script's
    /// syntax tree is never held whole). Statements with syntax errors are skipped; the others
    /// run.
    public mutating func evaluate(_ source: SourceFile) -> Evaluation {
        evaluate(source) { _ in }
    }

    /// `evaluate(_:)`, calling `each` after every statement with the evaluation so far: a run
    /// takes the analyses (and their outputs) out as they come, so that it never holds them
    /// all. Diagnostics stay, and are in source order at the end.
    public mutating func evaluate(_ source: SourceFile, each: (inout Evaluation) -> Void) -> Evaluation {
        evaluate(parsed: SourceParse(source: source), each: each)
    }

    /// `evaluate(_:each:)`, with `parsingAhead` the source parsed on a second thread while
    /// the statements already parsed are evaluated (`ParseAhead`): the same evaluation, sooner
    /// for a large source on more than one core.
    public mutating func evaluate(
        _ source: SourceFile, parsingAhead: Bool, each: (inout Evaluation) -> Void
    ) -> Evaluation {
        guard parsingAhead else { return evaluate(source, each: each) }
        return evaluate(parsed: ParseAhead(source), each: each)
    }

    /// Evaluates the statements `parsed` hands out in order; its diagnostics are the syntax
    /// errors.
    private mutating func evaluate(parsed: some StatementSource, each: (inout Evaluation) -> Void) -> Evaluation {
        var evaluation = Evaluation()
        var declarations: [Statement] = []
        var interrupted = false
        let syntaxErrors = parsed.statements { statement in
            guard !interrupted else { return }
            if case .outcome = statement { declarations.append(statement) }
            interrupted = !evaluate(statement, into: &evaluation)
            each(&evaluation)
        }
        evaluation.diagnostics += unusedDeclarations(in: Script(statements: declarations))
        evaluation.diagnostics = (syntaxErrors + evaluation.diagnostics).sorted(by: Session.sourceOrder)
        return evaluation
    }

    /// Evaluates parsed statements in order.
    public mutating func evaluate(_ script: Script) -> Evaluation {
        var evaluation = Evaluation()
        for statement in script.statements {
            if !evaluate(statement, into: &evaluation) { break }
        }
        return evaluation
    }

    /// Evaluates one statement into `evaluation`; false if the user interrupted before it.
    private mutating func evaluate(_ statement: Statement, into evaluation: inout Evaluation) -> Bool {
        if isInterrupted() {
            evaluation.diagnostics.append(Session.interruptedDiagnostic(at: statement.span))
            return false
        }
        do throws(DiagnosticList) {
            let (analysis, warnings) = try evaluate(statement)
            if let analysis {
                if case .figure(let figure) = statement, case .figure(let result) = analysis,
                    let path = result.file, case .string(let written)? = figure.options[.to]?.value
                {
                    evaluation.outputs.append(
                        Evaluation.Output(analysis: evaluation.analyses.count, path: path, span: written.span))
                }
                if case .rob(let rob) = statement, case .figure(_, let file) = rob.kind {
                    evaluation.outputs.append(
                        Evaluation.Output(analysis: evaluation.analyses.count, path: file.value, span: file.span))
                }
                if case .findings(let findings) = statement, let file = findings.file {
                    evaluation.outputs.append(
                        Evaluation.Output(analysis: evaluation.analyses.count, path: file.value, span: file.span))
                }
                if case .prisma(let prisma) = statement, let file = prisma.file {
                    evaluation.outputs.append(
                        Evaluation.Output(analysis: evaluation.analyses.count, path: file.value, span: file.span))
                }
                if case .characteristics(let table) = statement, let file = table.file {
                    evaluation.outputs.append(
                        Evaluation.Output(analysis: evaluation.analyses.count, path: file.value, span: file.span))
                }
                if let path = analysis.plotFile, let to = statement.toOption {
                    evaluation.outputs.append(
                        Evaluation.Output(analysis: evaluation.analyses.count, path: path, span: to.span))
                }
                if case .report(let report) = statement {
                    evaluation.outputs.append(
                        Evaluation.Output(
                            analysis: evaluation.analyses.count, path: report.file.value, span: report.file.span))
                }
                // A report is the review's end product, not a part of a later report.
                if keepsReview, !analysis.isReport { reviewLog.append(analysis) }
                evaluation.analyses.append(analysis)
                let source = statement.span.source
                evaluation.statementLines.append(source.lineIndex(of: statement.span.start) + source.firstLine)
            }
            evaluation.diagnostics += warnings
            if keepsLog { log.append(statement) }
        } catch {
            evaluation.diagnostics += error.diagnostics
        }
        return true
    }

    /// Evaluates one statement; on error nothing changes.
    mutating func evaluate(_ statement: Statement) throws(DiagnosticList) -> (Analysis?, [Diagnostic]) {
        switch statement {
        case .review(let review):
            if let title {
                throw DiagnosticList([
                    .error(
                        .duplicateDeclaration, "the review already has a title", at: review.title.span,
                        secondary: [Diagnostic.Label(title.span, "given here")], help: "keep one `review` statement")
                ])
            }
            title = review.title
            return (nil, [])
        case .study(let statement):
            try define(statement)
            return (nil, [])
        case .studies(let statement):
            try importStudies(statement)
            return (nil, [])
        case .outcome(let statement):
            try declare(statement)
            return (nil, [])
        case .defaults(let statement):
            try setDefaults(statement)
            return (nil, [])
        case .label(let statement):
            try label(statement)
            return (nil, [])
        case .pool(let statement):
            return try statement.options[.by] != nil
                ? subgroups(statement) : pool(statement)
        case .sensitivity(let statement):
            return try sensitivity(statement)
        case .cumulative(let statement):
            return try cumulative(statement)
        case .bias(let statement):
            return try bias(statement)
        case .metareg(let statement):
            return try metaRegression(statement)
        case .influence(let statement):
            return try influence(statement)
        case .figure(let statement):
            let (analysis, warnings) = try figure(statement)
            return (analysis, warnings)
        case .characteristics(let statement):
            return (.table(try characteristics(statement)), [])
        case .prisma(let statement):
            return (try prisma(statement).map { .prisma($0) }, [])
        case .finding(let statement):
            try finding(statement)
            return (nil, [])
        case .findings(let statement):
            return (.table(try findings(statement)), [])
        case .rob(let statement):
            return try rob(statement)
        case .report(let statement):
            let (report, warnings) = try report(statement)
            return (.report(report), warnings)
        }
    }

    /// The study with this label, if defined.
    public func study(labelled label: String) -> Study? {
        study(labelled: label, hash: LabelIndex.hash(label))
    }

    func study(labelled label: String, hash: UInt64) -> Study? {
        studyIndex.position(hash: hash) { studies[$0].label == label }.map { studies[$0] }
    }

    /// Forgets everything (the REPL's `:reset`).
    public mutating func reset() {
        let (checkOutput, readTable, isInterrupted) = (self.checkOutput, self.readTable, self.isInterrupted)
        self = Session()
        (self.checkOutput, self.readTable, self.isInterrupted) = (checkOutput, readTable, isInterrupted)
    }

    /// The statement at `span`, and those after it, did not run: the user interrupted.
    static func interruptedDiagnostic(at span: Span) -> Diagnostic {
        .error(
            .interrupted, "interrupted: this statement and those after it did not run", at: span,
            notes: ["the session keeps everything that ran before"])
    }

    static func sourceOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let sa = a.primary.span, sb = b.primary.span
        if sa.source !== sb.source { return false }
        return sa.start < sb.start
    }

    // MARK: - Lookups shared by the analyses

    /// The outcome named by an analysis statement, or an error with a "did you mean".
    func outcome(_ name: Located<String>) throws(DiagnosticList) -> OutcomeInfo {
        if let info = outcomes[name.value] { return info }
        if outcomeOrder.isEmpty {
            throw DiagnosticList([
                .error(
                    .unknownOutcome, "unknown outcome `\(name.value)`: no study has been defined yet", at: name.span,
                    help: "define studies first, e.g. study \"Ke 2011\" < \(name.value): 12/30 vs 6/30 >")
            ])
        }
        throw DiagnosticList([
            .error(
                .unknownOutcome, "unknown outcome `\(name.value)`", at: name.span,
                notes: ["outcomes defined so far: " + outcomeOrder.joined(separator: ", ")],
                help: Suggest.help(name.value, among: outcomeOrder))
        ])
    }

    /// The studies reporting an outcome, in the order they were defined — a study with
    /// qualified rows for it as one entry per row (`Study.rows(for:)`).
    func studies(reporting outcome: String) -> [Study] {
        // Every study its own row (each reports the outcome once, unqualified): the session's
        // own array, shared rather than copied study by study (a million studies' copies were
        // a tenth of pooling them).
        if studies.allSatisfy({ $0.isOwnRow(for: outcome) }) { return studies }
        var rows: [Study] = []
        rows.reserveCapacity(studies.count)
        for study in studies {
            // A study with one unqualified entry is its own row: no array of one per study.
            if study.isOwnRow(for: outcome) {
                rows.append(study)
            } else {
                rows += study.rows(for: outcome)
            }
        }
        return rows
    }

    /// Every attribute name used by any study, in order of first use.
    public var attributeNames: [String] {
        var seen: [String] = []
        for study in studies {
            for attribute in study.attributes where !seen.contains(attribute.name) { seen.append(attribute.name) }
        }
        return seen
    }
}

/// Several diagnostics thrown together by one statement.
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// A file a statement asks to write: its path, and the figure and outcome it is for (to
/// suggest a name).
public struct OutputRequest: Sendable, Hashable {
    public var path: String
    /// "forest" or "funnel".
    public var figure: String
    public var outcome: String
}

/// Why an output file cannot be written, in words, with advice when there is an obvious fix.
public struct OutputProblem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// No format Forest writes has the file's extension (the reason is the whole message).
        case unsupportedFormat
        /// The path cannot be written (the reason completes "cannot write PATH: …").
        case unwritable
    }

    public var kind: Kind
    public var reason: String
    public var help: String?

    public init(_ kind: Kind = .unwritable, reason: String, help: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.help = help
    }
}
