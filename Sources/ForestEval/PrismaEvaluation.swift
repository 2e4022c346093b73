import ForestSyntax

extension Session {
    /// `prisma FIELD COUNT …` records counts (each once in a script); `prisma to "FILE.svg"`
    /// checks their arithmetic and makes the flow diagram of them.
    mutating func prisma(_ statement: PrismaStatement) throws(DiagnosticList) -> PrismaFlow? {
        guard let file = statement.file else {
            try record(statement.counts)
            return nil
        }
        if let problem = checkOutput(OutputRequest(path: file.value, figure: "prisma", outcome: "prisma")) {
            throw DiagnosticList([
                problem.kind == .unsupportedFormat
                    ? .error(.invalidOptionValue, problem.reason, at: file.span, help: problem.help)
                    : .error(.unwritableOutput, "cannot write \(file.value): \(problem.reason)", at: file.span)
            ])
        }
        return try prismaFlow(file: file.value, at: statement.span)
    }

    /// The flow diagram of the counts given so far, their arithmetic checked.
    func prismaFlow(file: String?, at span: Span) throws(DiagnosticList) -> PrismaFlow {
        guard !prismaCounts.isEmpty else {
            throw DiagnosticList([
                .error(
                    .missingData, "no PRISMA counts have been given", at: span,
                    help: "give them first, e.g. prisma databases \"PubMed\" 2706 duplicates 441 screened 2265")
            ])
        }
        let problems = prismaArithmetic()
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        var counts: [String: PrismaFlow.Count] = [:]
        for (field, count) in prismaCounts {
            switch count.value {
            case .number(let n): counts[field.rawValue] = .init(total: n.value.value)
            case .unknown: counts[field.rawValue] = .init(total: nil)
            case .list(let list):
                counts[field.rawValue] = .init(
                    total: list.reduce(0) { $0 + $1.count.value.value },
                    parts: list.map { .init(name: $0.name.value, count: $0.count.value.value) })
            }
        }
        return PrismaFlow(counts: counts, file: file)
    }

    /// Whether any PRISMA count has been given.
    var hasPrismaCounts: Bool { !prismaCounts.isEmpty }

    /// Each count once, whole and not negative; all or none of a statement's counts are kept.
    private mutating func record(_ counts: [PrismaStatement.Count]) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        var seen = prismaCounts
        for count in counts {
            if let first = seen[count.field.value] {
                problems.append(
                    .error(
                        .duplicateDeclaration, "`\(count.field.value.rawValue)` is given twice", at: count.field.span,
                        secondary: [Diagnostic.Label(first.field.span, "first given here")]))
                continue
            }
            let numbers: [Located<NumberLiteral>]
            switch count.value {
            case .number(let n): numbers = [n]
            case .unknown: numbers = []
            case .list(let list): numbers = list.map(\.count)
            }
            for n in numbers where !(n.value.value >= 0 && n.value.value == n.value.value.rounded()) {
                problems.append(
                    .error(.invalidCount, "a count of records must be a whole number, 0 or more", at: n.span))
            }
            seen[count.field.value] = count
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        prismaCounts = seen
    }

    /// The flow's arithmetic, each step where every count in it is known: identified − removed
    /// = screened; screened − excluded = sought; sought − not retrieved = assessed; assessed −
    /// excluded reports = reports of included studies (or studies, when reports are not
    /// given); studies = the studies defined in the script.
    func prismaArithmetic() -> [Diagnostic] {
        func total(_ field: PrismaField) -> (value: Double, span: Span)? {
            guard let count = prismaCounts[field] else { return nil }
            switch count.value {
            case .number(let n): return (n.value.value, count.span)
            case .unknown: return nil
            case .list(let list): return (list.reduce(0) { $0 + $1.count.value.value }, count.span)
            }
        }
        var problems: [Diagnostic] = []
        func check(_ result: PrismaField, _ words: String, _ terms: [(PrismaField, Double)]) {
            guard let (value, span) = total(result) else { return }
            var expected = 0.0
            var labels: [Diagnostic.Label] = []
            for (field, sign) in terms {
                guard let term = total(field) else { return }
                expected += sign * term.value
                labels.append(Diagnostic.Label(term.span, "\(NumberText.plain(term.value)) \(field.rawValue)"))
            }
            guard value != expected else { return }
            problems.append(
                .error(
                    .prismaArithmetic,
                    "\(NumberText.plain(value)) \(result.rawValue), but \(words) gives \(NumberText.plain(expected))",
                    at: span, secondary: labels,
                    notes: ["PRISMA 2020's flow: each box is the one above it less the records taken out beside it"]))
        }
        let identified: [(PrismaField, Double)] = [(.databases, 1), (.registers, 1)]
        let removedBefore: [(PrismaField, Double)] = [(.duplicates, -1), (.automation, -1), (.removed, -1)]
        // Sources not given (no registers searched, nothing removed by automation) count 0.
        let given = { (terms: [(PrismaField, Double)]) in terms.filter { self.prismaCounts[$0.0] != nil } }
        if !given(identified).isEmpty {
            check(.screened, "identified − removed before screening", given(identified) + given(removedBefore))
        }
        check(.sought, "screened − excluded", [(.screened, 1), (.excluded, -1)])
        check(.assessed, "sought − not retrieved", [(.sought, 1), (.unretrieved, -1)])
        check(
            prismaCounts[.reports] != nil ? .reports : .studies, "assessed − excluded with reasons",
            [(.assessed, 1), (.reasons, -1)])
        if let studies = total(.studies), studies.value != Double(self.studies.count) {
            problems.append(
                .error(
                    .prismaArithmetic,
                    "\(NumberText.plain(studies.value)) studies included, but the script defines \(self.studies.count)",
                    at: studies.span, help: "the included studies are the studies of the script"))
        }
        return problems
    }
}
