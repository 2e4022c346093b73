/// A recursive-descent parser for `Grammar/forest.ebnf`: one method per grammar rule, named
/// after it, with the production in its doc comment.
///
/// A syntax error abandons the statement it is in; the parser then skips to the next statement
/// boundary and goes on, so a single run reports every error in the script.
public struct Parser {
    /// The tokens read so far — when parsing a source, a window from just before the current
    /// statement to the first token of the next one (`fill`), so that a file of a million
    /// studies is never held as tokens all at once.
    private var tokens: [Token]
    private var index = 0
    private var diagnostics: [Diagnostic] = []
    /// Depth of `< … >`: inside, newlines are white space.
    private var dataDepth = 0
    /// What was expected when the input ran out (the first time it did): completion's source.
    private(set) var expectation: Expectation?
    /// The source's lexer, reading tokens as the parser needs them (nil: all tokens given).
    private var lexer: Lexer?
    /// Index in `tokens` of the last token read that can start a statement (a statement keyword
    /// after a separator, outside `< … >`) or of the end of the input.
    private var boundary = Int.max
    /// `< … >` depth and whether the last token read was a separator, for `boundary`.
    private var readDepth = 0
    private var afterSeparator = true
    /// Whether one-line studies are read by `StudyFastPath` (off only to test that it gives
    /// what the ordinary path gives).
    private var useFastPath = true

    /// Parses a whole source; returns the statements that parsed and every diagnostic.
    public static func parse(_ source: SourceFile) -> (script: Script, diagnostics: [Diagnostic]) {
        parse(source, studyFastPath: true)
    }

    /// `parse(_:)` with `studyFastPath` false: every statement goes through the lexer and
    /// parser, none through `StudyFastPath` — to check that it reads what they would (the
    /// tests and the fuzzer compare the two).
    public static func parse(
        _ source: SourceFile, studyFastPath: Bool
    ) -> (script: Script, diagnostics: [Diagnostic]) {
        var statements: [Statement] = []
        var comments: [Span] = []
        let diagnostics = parse(
            source, each: { statements.append($0) }, comments: { comments = $0 }, fastPath: studyFastPath)
        return (Script(statements: statements, comments: comments), diagnostics)
    }

    /// Parses a source statement by statement, handing each to `body` as soon as it is parsed
    /// (before the next is read); returns every diagnostic, in source order.
    public static func parse(_ source: SourceFile, each body: (Statement) -> Void) -> [Diagnostic] {
        parse(source, each: body, comments: { _ in })
    }

    /// The parse behind both, which also hands over the source's comments at the end.
    ///
    /// A statement holding a lexical error is not handed out (its numbers or names are not
    /// what the user meant), and a syntax error at a token the lexer already reported is the
    /// same problem told twice.
    static func parse(
        _ source: SourceFile, each body: (Statement) -> Void, comments: ([Span]) -> Void, fastPath: Bool = true
    ) -> [Diagnostic] {
        var parser = Parser(tokens: [])
        parser.useFastPath = fastPath
        parser.lexer = Lexer(source)
        parser.boundary = -1
        parser.parseScript(each: body)
        comments(parser.lexer!.comments)
        let lexical = parser.lexer!.diagnostics
        // Where a name is expected, `1y_survival` is a name that starts with a digit: the
        // parser's `invalid-name` replaces the lexer's "is not a number" at that token.
        let names = Set(parser.diagnostics.filter { $0.id == .invalidName }.map(\.primary.span))
        let lexicalSpans = Set(lexical.map(\.primary.span))
        let syntactic = parser.diagnostics.filter {
            !lexicalSpans.contains($0.primary.span) || names.contains($0.primary.span)
        }
        return (lexical.filter { !names.contains($0.primary.span) } + syntactic)
            .sorted { $0.primary.span.start < $1.primary.span.start }
    }

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Reads tokens until the window holds the first token of the statement after the current
    /// one (or the end of the input). The parser never looks further ahead than that.
    private mutating func fill() {
        guard lexer != nil else { return }
        while boundary <= index {
            if let last = tokens.last, case .endOfInput = last.kind { return }
            let token = lexer!.next()
            var separator = false
            switch token.kind {
            case .lessThan: readDepth += 1
            case .greaterThan: readDepth = max(0, readDepth - 1)
            case .newline, .semicolon: separator = true
            case .endOfInput: boundary = tokens.count
            case .word(let word):
                if afterSeparator && readDepth == 0 && StatementKeyword.named(word) != nil {
                    boundary = tokens.count
                }
            default: break
            }
            afterSeparator = separator
            tokens.append(token)
        }
    }

    /// Whether the lexer reported a problem inside the statement. Statements come in source
    /// order, so the lexer's diagnostics before it (`reported`) are never looked at again.
    private func hasLexicalError(_ statement: Statement, reported: inout Int) -> Bool {
        guard let lexical = lexer?.diagnostics else { return false }
        while reported < lexical.count && lexical[reported].primary.span.start < statement.span.start {
            reported += 1
        }
        return reported < lexical.count && lexical[reported].primary.span.start < statement.span.end
    }

    /// Drops the tokens of statements already parsed (keeping the one before the current).
    private mutating func compact() {
        guard lexer != nil, index > 4096 else { return }
        let dropped = index - 1
        tokens.removeFirst(dropped)
        index -= dropped
        boundary -= dropped
    }

    // MARK: - Token access

    /// Index of the current token: inside `< … >` newlines are skipped.
    private var currentIndex: Int {
        var i = index
        if dataDepth > 0 {
            while tokens[i].kind == .newline { i += 1 }
        }
        return i
    }

    private var current: Token { tokens[currentIndex] }

    @discardableResult
    private mutating func advance() -> Token {
        if dataDepth > 0 {
            while tokens[index].kind == .newline { index += 1 }
        }
        let token = tokens[index]
        if token.kind != .endOfInput { index += 1 }
        return token
    }

    private var atStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .endOfInput: true
        default: false
        }
    }

    private func isWord(_ word: String) -> Bool { current.word == word }

    /// Records what the grammar expects here, if this is where the input ends.
    private mutating func note(_ expected: @autoclosure () -> Expectation) {
        if expectation == nil && current.kind == .endOfInput { expectation = expected() }
    }

    /// An error at the current token: "expected X, found Y". At the end of the input the id is
    /// `unexpectedEndOfInput`, which the REPL takes as "ask for another line".
    private func expected(_ what: String, help: String? = nil, secondary: [Diagnostic.Label] = []) -> Diagnostic {
        let token = current
        if token.kind == .endOfInput {
            // Inside `< … >` the statement may go on on the next line: the REPL asks for one.
            return .error(
                dataDepth > 0 ? .unexpectedEndOfInput : .unexpectedToken,
                "expected \(what), but the input ended", at: token.span, secondary: secondary, help: help)
        }
        return .error(
            .unexpectedToken, "expected \(what), found \(token.kind.description)", at: token.span,
            label: "expected \(what)", secondary: secondary, help: help)
    }

    private mutating func expectWord(_ word: String) throws(Diagnostic) -> Span {
        guard isWord(word) else { throw expected("`\(word)`") }
        return advance().span
    }

    private mutating func parseName(
        _ what: String, expecting: Expectation = .nothing
    ) throws(Diagnostic)
        -> Located<String>
    {
        note(expecting)
        guard case .word(let w) = current.kind else { throw nameError(what) }
        return Located(w, advance().span)
    }

    /// "expected NAME" — or, at a number that runs into letters (`1y_survival`), the error
    /// that a name starts with a letter or `_`.
    private func nameError(_ what: String, secondary: [Diagnostic.Label] = []) -> Diagnostic {
        let text = current.span.text
        if case .number(let value) = current.kind, value.isNaN, text.first?.isNumber == true,
            text.contains(where: \.isLetter)
        {
            return .error(
                .invalidName, "`\(text)` is not a name: a name starts with a letter or `_`", at: current.span,
                help: "e.g. `_\(text)`")
        }
        return expected(what, secondary: secondary)
    }

    private mutating func parseString(_ what: String, help: String? = nil) throws(Diagnostic) -> Located<String> {
        guard case .string(let s) = current.kind else { throw expected(what, help: help) }
        return Located(s, advance().span)
    }

    private mutating func parseNumber(_ what: String) throws(Diagnostic) -> Located<NumberLiteral> {
        guard case .number(let value) = current.kind else { throw expected(what) }
        return Located(NumberLiteral(value: value), advance().span)
    }

    // MARK: - Script and statements

    /// script = { separator } [ statement { separator { separator } statement } ] { separator } ;
    /// separator = NEWLINE | ";" ;
    mutating func parseScript() -> Script {
        var statements: [Statement] = []
        parseScript { statements.append($0) }
        return Script(statements: statements)
    }

    private mutating func parseScript(each body: (Statement) -> Void) {
        var reported = 0
        while true {
            if let statement = directStudy() {
                body(.study(statement))
                continue
            }
            compact()
            fill()
            while current.kind == .newline || current.kind == .semicolon { advance() }
            if let statement = fastStudy() {
                body(.study(statement))
                continue
            }
            fill()
            if index == 0 || [.newline, .semicolon].contains(tokens[index - 1].kind) { note(.statementKeyword) }
            if current.kind == .endOfInput { break }
            do throws(Diagnostic) {
                let statement = try parseStatement()
                guard atStatementEnd else {
                    throw expected(
                        "the end of the statement (a new line or `;`)",
                        help: Suggest.help(current.word ?? "", among: optionWords(for: statement)))
                }
                if !hasLexicalError(statement, reported: &reported) { body(statement) }
            } catch {
                diagnostics.append(error)
                synchronize()
            }
        }
    }

    /// A study statement read by `StudyFastPath` when the current token is its keyword and
    /// nothing after it has been lexed yet; the window then starts afresh after it.
    private mutating func fastStudy() -> StudyStatement? {
        guard useFastPath, let lexer, index == tokens.count - 1, current.word == "study",
            let (statement, end) = StudyFastPath.read(lexer.source, after: current.span)
        else { return nil }
        self.lexer!.position = end
        tokens.removeAll(keepingCapacity: true)
        (index, boundary, readDepth, afterSeparator) = (0, -1, 0, false)
        return statement
    }

    /// `fastStudy` before any token is lexed: with the window empty and nothing open (as after
    /// a study `StudyFastPath` read, or at the start), a `study` keyword after only blanks,
    /// line breaks and `;` is found in the bytes, and neither it nor they become tokens. What
    /// it skips is the grammar's `{ separator }` between statements (`script`, with the blanks
    /// the lexer skips); anything else — a comment, a carriage return — goes the ordinary way,
    /// so the grammar stays the rule (StudyFastPathTests and the fuzzer compare both paths).
    private mutating func directStudy() -> StudyStatement? {
        guard useFastPath, let lexer, tokens.isEmpty, index == 0, boundary == -1, readDepth == 0,
            let start = StudyFastPath.keyword(in: lexer.source, from: lexer.position),
            let (statement, end) = StudyFastPath.read(
                lexer.source, after: Span(source: lexer.source, start: start, end: start + 5))
        else { return nil }
        self.lexer!.position = end
        afterSeparator = false
        return statement
    }

    private func optionWords(for statement: Statement) -> [String] {
        switch statement {
        case .pool: OptionName.allowed(after: .pool).map(\.rawValue)
        case .sensitivity: OptionName.allowed(after: .sensitivity).map(\.rawValue)
        case .cumulative: OptionName.allowed(after: .cumulative).map(\.rawValue)
        case .bias: OptionName.allowed(after: .bias).map(\.rawValue)
        case .metareg: OptionName.allowed(after: .metareg).map(\.rawValue)
        case .influence: OptionName.allowed(after: .influence).map(\.rawValue)
        case .figure(let figure): OptionName.allowed(after: figure.kind.keyword).map(\.rawValue)
        case .outcome: Keywords.outcomeOptions + OptionName.inherited.map(\.rawValue)
        case .defaults: OptionName.inherited.map(\.rawValue)
        case .studies: Keywords.studiesSettings
        case .review, .study, .characteristics, .label: []
        case .prisma: Keywords.prismaFields
        case .finding: Keywords.findingSettings + OptionName.inherited.map(\.rawValue)
        case .findings, .report: []
        case .rob: Keywords.robDomains
        }
    }

    /// Skips to the next statement boundary after an error. Inside an open `< … >` it skips to
    /// the closing `>`, unless a line starting with a statement keyword comes first.
    private mutating func synchronize() {
        let inData = dataDepth > 0
        dataDepth = 0
        while true {
            let token = tokens[index]
            switch token.kind {
            case .endOfInput:
                return
            case .semicolon:
                if !inData { return }
                // Inside an unclosed `< … >`, `;` before a statement keyword still ends it.
                if let word = tokens[index + 1].word, Keywords.statements.contains(word) {
                    index += 1
                    return
                }
                index += 1
            case .greaterThan where inData:
                index += 1
                return
            case .newline:
                if !inData { return }
                if let next = tokens[(index + 1)...].first(where: { $0.kind != .newline }),
                    let word = next.word, Keywords.statements.contains(word)
                {
                    return
                }
                index += 1
            default:
                index += 1
            }
        }
    }

    /// statement = reviewStatement | studyStatement | studiesStatement | outcomeStatement
    ///           | defaultsStatement | labelStatement
    ///           | poolStatement | sensitivityStatement | cumulativeStatement | biasStatement
    ///           | metaregStatement | influenceStatement
    ///           | figureStatement | characteristicsStatement | prismaStatement
    ///           | findingStatement | findingsStatement | robStatement | reportStatement ;
    mutating func parseStatement() throws(Diagnostic) -> Statement {
        guard case .word(let keyword) = current.kind else {
            throw Diagnostic.error(
                .unexpectedToken, "expected a statement, found \(current.kind.description)", at: current.span,
                notes: ["a statement starts with one of: " + Keywords.statements.joined(separator: ", ")])
        }
        switch StatementKeyword.named(keyword) {
        case .review?: return .review(try parseReviewStatement())
        case .study?: return .study(try parseStudyStatement())
        case .studies?: return .studies(try parseStudiesStatement())
        case .outcome?: return .outcome(try parseOutcomeStatement())
        case .defaults?: return .defaults(try parseDefaultsStatement())
        case .label?: return .label(try parseLabelStatement())
        case .pool?: return .pool(try parsePoolStatement())
        case .sensitivity?: return .sensitivity(try parseSensitivityStatement())
        case .cumulative?: return .cumulative(try parseCumulativeStatement())
        case .bias?: return .bias(try parseBiasStatement())
        case .metareg?: return .metareg(try parseMetaregStatement())
        case .influence?: return .influence(try parseInfluenceStatement())
        case .forest?, .funnel?, .labbe?, .galbraith?: return .figure(try parseFigureStatement())
        case .characteristics?: return .characteristics(try parseCharacteristicsStatement())
        case .prisma?: return .prisma(try parsePrismaStatement())
        case .finding?: return .finding(try parseFindingStatement())
        case .findings?: return .findings(try parseFindingsStatement())
        case .rob?: return .rob(try parseRobStatement())
        case .report?: return .report(try parseReportStatement())
        case nil:
            throw Diagnostic.error(
                .unknownStatement, "unknown statement `\(keyword)`", at: current.span,
                notes: ["a statement starts with one of: " + Keywords.statements.joined(separator: ", ")],
                help: Suggest.help(keyword, among: Keywords.statements))
        }
    }

    /// reviewStatement = "review" STRING ;
    mutating func parseReviewStatement() throws(Diagnostic) -> ReviewStatement {
        let start = try expectWord("review")
        let title = try parseString(
            "the review's title in double quotes", help: "e.g. review \"Aspirin after myocardial infarction\"")
        return ReviewStatement(title: title, span: start.merged(with: title.span))
    }

    /// One of `Word`'s words here, or "expected WHAT (word, word, …)" with a did-you-mean; the
    /// words are also what completion offers at this point.
    private mutating func parseWord<Word: RawRepresentable & CaseIterable>(
        _ what: String, _: Word.Type
    ) throws(Diagnostic) -> Located<Word> where Word.RawValue == String {
        let words = Word.allCases.map(\.rawValue)
        note(.words(words))
        guard let word = current.word, let value = Word(rawValue: word) else {
            throw expected(
                "\(what) (\(words.joined(separator: ", ")))",
                help: current.word.flatMap { Suggest.help($0, among: words) })
        }
        return Located(value, advance().span)
    }

    /// robStatement = "rob" ( STRING robJudgement { robJudgement } | robFigure "to" STRING ) ;
    mutating func parseRobStatement() throws(Diagnostic) -> RobStatement {
        let start = try expectWord("rob")
        note(.words(Keywords.robFigures))
        if let word = current.word, RobFigureWord(rawValue: word) != nil {
            let name = try parseRobFigure()
            note(.words(["to"]))
            _ = try expectWord("to")
            let file = try parseString("the figure's file name", help: "e.g. rob summary to \"rob-summary.svg\"")
            return RobStatement(kind: .figure(name, file: file), span: start.merged(with: file.span))
        }
        let study = try parseString(
            "a study's label in double quotes, or `graph` or `summary`", help: "e.g. rob \"Ke 2011\" sequence low")
        var judgements: [RobStatement.Judgement] = []
        repeat {
            judgements.append(try parseRobJudgement())
        } while !atStatementEnd
        return RobStatement(
            kind: .judgements(study: study, judgements), span: start.merged(with: tokens[index - 1].span))
    }

    /// robFigure = "graph" | "summary" ;
    mutating func parseRobFigure() throws(Diagnostic) -> Located<RobFigureWord> {
        guard let word = current.word, let figure = RobFigureWord(rawValue: word) else {
            throw expected("`graph` or `summary`")
        }
        return Located(figure, advance().span)
    }

    /// robJudgement = robDomain robLevel [ STRING ] ;
    mutating func parseRobJudgement() throws(Diagnostic) -> RobStatement.Judgement {
        let domain = try parseRobDomain()
        let judged = try parseRobLevel()
        var support: Located<String>? = nil
        if case .string(let text) = current.kind { support = Located(text, advance().span) }
        return .init(domain: domain, level: judged, support: support)
    }

    /// robLevel = "low" | "unclear" | "high" | "some-concerns" ;
    mutating func parseRobLevel() throws(Diagnostic) -> Located<RobLevel> {
        try parseWord("a judgement", RobLevel.self)
    }

    /// robDomain = "sequence" | "allocation" | "performance" | "detection" | "attrition" | "reporting"
    ///           | "other" | "randomisation" | "deviations" | "missing" | "measurement" | "selection"
    ///           | "overall" ;
    mutating func parseRobDomain() throws(Diagnostic) -> Located<RobDomain> {
        try parseWord("a risk-of-bias domain", RobDomain.self)
    }

    /// findingStatement = "finding" NAME { findingSetting | poolOption } ;
    mutating func parseFindingStatement() throws(Diagnostic) -> FindingStatement {
        let start = try expectWord("finding")
        let outcome = try parseName("the outcome's name", expecting: .outcomeName)
        var statement = FindingStatement(outcome: outcome, risk: nil, downgrades: [], options: [], span: start)
        while true {
            note(.words(Keywords.findingSettings + OptionName.inherited.map(\.rawValue)))
            if atStatementEnd { break }
            if let word = current.word, let option = OptionName(rawValue: word), OptionName.inherited.contains(option) {
                statement.options = try parseOptions(
                    allowed: OptionName.inherited, continuing: statement.options, about: outcome.value)
                continue
            }
            try parseFindingSetting(into: &statement)
        }
        statement.span = start.merged(with: tokens[index - 1].span)
        return statement
    }

    /// findingSetting = "risk" NUMBER | "downgrade" gradeDomain NUMBER [ STRING ] ;
    mutating func parseFindingSetting(into statement: inout FindingStatement) throws(Diagnostic) {
        guard let setting = current.word.flatMap(FindingSettingName.init(rawValue:)) else {
            throw expected(
                "`risk`, `downgrade` or a pool option",
                help: current.word.flatMap { Suggest.help($0, among: Keywords.findingSettings) })
        }
        let keyword = advance().span
        switch setting {
        case .risk:
            if let earlier = statement.risk {
                throw Diagnostic.error(
                    .duplicateOption, "`risk` is given twice", at: keyword,
                    secondary: [Diagnostic.Label(earlier.span, "first given here")])
            }
            statement.risk = try parseNumber("the assumed control risk, a proportion (0.25) or per 1,000 (250)")
        case .downgrade:
            let domain = try parseGradeDomain()
            let levels = try parseNumber("the levels to downgrade by, 1 or 2")
            var reason: Located<String>? = nil
            if case .string(let text) = current.kind { reason = Located(text, advance().span) }
            statement.downgrades.append(.init(domain: domain, levels: levels, reason: reason))
        }
    }

    /// gradeDomain = "bias" | "inconsistency" | "indirectness" | "imprecision" | "publication" ;
    mutating func parseGradeDomain() throws(Diagnostic) -> Located<GradeDomain> {
        try parseWord("a GRADE domain", GradeDomain.self)
    }

    /// reportStatement = "report" "to" STRING ;
    mutating func parseReportStatement() throws(Diagnostic) -> ReportStatement {
        let start = try expectWord("report")
        note(.words(["to"]))
        guard isWord("to") else {
            throw expected("`to` and the report's file name", help: "e.g. report to \"review.html\"")
        }
        advance()
        let file = try parseString("the report's file name", help: "e.g. report to \"review.html\"")
        return ReportStatement(file: file, span: start.merged(with: tokens[index - 1].span))
    }

    /// findingsStatement = "findings" [ "to" STRING ] ;
    mutating func parseFindingsStatement() throws(Diagnostic) -> FindingsStatement {
        let start = try expectWord("findings")
        var statement = FindingsStatement(file: nil, span: start)
        note(.words(["to"]))
        if isWord("to") {
            advance()
            statement.file = try parseString("the table's file name", help: "e.g. findings to \"sof.md\"")
        }
        statement.span = start.merged(with: tokens[index - 1].span)
        return statement
    }

    /// prismaStatement = "prisma" ( prismaCount { prismaCount } | "to" STRING ) ;
    mutating func parsePrismaStatement() throws(Diagnostic) -> PrismaStatement {
        let start = try expectWord("prisma")
        var statement = PrismaStatement(counts: [], file: nil, span: start)
        if isWord("to") {
            advance()
            statement.file = try parseString("the diagram's file name", help: "e.g. prisma to \"prisma.svg\"")
        } else {
            repeat {
                statement.counts.append(try parsePrismaCount())
                note(.words(Keywords.prismaFields))
            } while !atStatementEnd
        }
        statement.span = start.merged(with: tokens[index - 1].span)
        return statement
    }

    /// prismaCount = prismaField ( NUMBER | "unknown" | STRING NUMBER { "," STRING NUMBER } ) ;
    mutating func parsePrismaCount() throws(Diagnostic) -> PrismaStatement.Count {
        let name = try parsePrismaField()
        let field = name.value
        let value: PrismaStatement.Value
        if isWord("unknown") {
            value = .unknown(advance().span)
        } else if field.takesList, case .string = current.kind {
            var list: [PrismaStatement.NamedCount] = []
            repeat {
                if !list.isEmpty { advance() }
                let source = try parseString("a source's name", help: "e.g. databases \"PubMed\" 2706, \"Embase\" 1972")
                list.append(.init(name: source, count: try parseNumber("its number of records")))
            } while current.kind == .comma
            value = .list(list)
        } else {
            value = .number(try parseNumber("a count, or `unknown`"))
        }
        return .init(field: name, value: value, span: name.span.merged(with: tokens[index - 1].span))
    }

    /// prismaField = "databases" | "registers" | "other" | "duplicates" | "automation" | "removed"
    ///             | "screened" | "excluded" | "sought" | "unretrieved" | "assessed" | "reasons"
    ///             | "studies" | "reports" ;
    mutating func parsePrismaField() throws(Diagnostic) -> Located<PrismaField> {
        try parseWord("a PRISMA count", PrismaField.self)
    }

    /// characteristicsStatement = "characteristics" { NAME [ STRING ] } [ "to" STRING ] ;
    mutating func parseCharacteristicsStatement() throws(Diagnostic) -> CharacteristicsStatement {
        let start = try expectWord("characteristics")
        var statement = CharacteristicsStatement(columns: [], file: nil, span: start)
        while true {
            note(.attributeName)
            guard case .word(let word) = current.kind else { break }
            if word == "to", index + 1 < tokens.count, tokens[index + 1].kind.isString {
                advance()
                statement.file = try parseString("the file's name", help: "e.g. to \"table1.md\"")
                break
            }
            let name = Located(word, advance().span)
            var title: Located<String>? = nil
            if case .string(let text) = current.kind { title = Located(text, advance().span) }
            statement.columns.append(.init(name: name, title: title))
        }
        statement.span = start.merged(with: tokens[index - 1].span)
        return statement
    }

    /// studiesStatement = "studies" "from" STRING { studiesSetting } ;
    mutating func parseStudiesStatement() throws(Diagnostic) -> StudiesStatement {
        let start = try expectWord("studies")
        note(.words(["from"]))
        _ = try expectWord("from")
        let path = try parseString(
            "the CSV file's path in double quotes", help: "e.g. studies from \"pr.csv\" outcome PR")
        var statement = StudiesStatement(path: path, outcome: nil, rowsBy: nil, columns: [], span: start)
        var given: [StudiesSettingName: Span] = [:]
        while true {
            let remaining = StudiesSettingName.allCases.filter { given[$0] == nil }.map(\.rawValue)
            note(.words(remaining))
            guard !atStatementEnd else { break }
            let keyword = current.span
            let setting = try parseStudiesSetting(into: &statement)
            if let first = given[setting] {
                throw Diagnostic.error(
                    .duplicateOption, "`\(setting.rawValue)` is given twice", at: keyword,
                    secondary: [Diagnostic.Label(first, "first given here")])
            }
            given[setting] = keyword
        }
        statement.span = start.merged(with: tokens[index - 1].span)
        return statement
    }

    /// studiesSetting = "outcome" NAME | "rows" "by" NAME | "columns" columnName { columnName } ;
    mutating func parseStudiesSetting(
        into statement: inout StudiesStatement
    ) throws(Diagnostic)
        -> StudiesSettingName
    {
        guard let setting = current.word.flatMap(StudiesSettingName.init(rawValue:)) else {
            throw expected(
                "`outcome`, `rows by` or `columns`",
                help: current.word.flatMap { Suggest.help($0, among: Keywords.studiesSettings) })
        }
        advance()
        switch setting {
        case .outcome:
            statement.outcome = try parseName("the outcome's name", expecting: .outcomeName)
        case .rows:
            note(.words(["by"]))
            _ = try expectWord("by")
            statement.rowsBy = try parseName("the column that tells a study's rows apart", expecting: .attributeName)
        case .columns:
            repeat {
                statement.columns.append(try parseColumnName())
            } while current.word != nil && index + 1 < tokens.count && tokens[index + 1].kind.isString
        }
        return setting
    }

    /// columnName = NAME STRING ;
    mutating func parseColumnName() throws(Diagnostic) -> StudiesStatement.ColumnName {
        let name = try parseName("what a column holds (`study`, `ai`, `n1i`, … or an attribute's name)")
        let header = try parseString(
            "the column's header in double quotes", help: "e.g. columns study \"Trial\" ai \"Events (E)\"")
        return StudiesStatement.ColumnName(name: name, header: header)
    }

    /// studyStatement = "study" STRING { attribute } outcomeData ;
    ///
    /// The grammar stays the rule: `StudyFastPath` reads only a subset of it (one line, no
    /// escapes, qualifiers or other data forms) into the tree this function would build, and
    /// leaves everything else to it.
    mutating func parseStudyStatement() throws(Diagnostic) -> StudyStatement {
        let start = try expectWord("study")
        let label = try parseString(
            "the study's label in double quotes", help: "e.g. study \"Ke 2011\" year 2011 < PR: 12/30 vs 6/30 >")
        var attributes: [Attribute] = []
        note(.attributeName)
        while case .word = current.kind {
            attributes.append(try parseAttribute())
            note(.attributeName)
        }
        // The data block may start on a later line: a study is not complete until its `< … >`.
        if current.kind == .newline, let next = tokens[index...].firstIndex(where: { $0.kind != .newline }) {
            if tokens[next].kind == .lessThan { index = next }
            if tokens[next].kind == .endOfInput && expectation == nil { expectation = .studyData }
        }
        guard current.kind == .lessThan else {
            if atStatementEnd {
                throw Diagnostic.error(
                    .missingData, "study \"\(label.value)\" has no data", at: label.span,
                    label: "expected `< OUTCOME: DATA >` after this study",
                    help: "give its data in angle brackets, e.g. < PR: 12/30 vs 6/30 >")
            }
            throw expected("an attribute name or `<` to start the study's data")
        }
        let (entries, end) = try parseOutcomeData()
        return StudyStatement(label: label, attributes: attributes, entries: entries, span: start.merged(with: end))
    }

    /// labelStatement = "label" NAME attributeValue STRING { attributeValue STRING } ;
    mutating func parseLabelStatement() throws(Diagnostic) -> LabelStatement {
        let start = try expectWord("label")
        let attribute = try parseName("an attribute name", expecting: .attributeName)
        var labels: [LabelStatement.ValueLabel] = []
        repeat {
            note(.attributeValue(attribute: attribute.value, outcome: nil))
            guard !atStatementEnd else {
                throw expected(
                    "a value of `\(attribute.value)` and its label",
                    help: "e.g. label \(attribute.value) \"I\" \"Stage I (BCLC A)\"")
            }
            let value = try parseAttributeValue()
            let text = try parseString(
                "the subgroup's label in double quotes after \(value.value.text)",
                help: "e.g. label \(attribute.value) \(value.value.text) \"Stage I (BCLC A)\"")
            labels.append(LabelStatement.ValueLabel(value: value, text: text))
        } while !atStatementEnd
        return LabelStatement(attribute: attribute, labels: labels, span: start.merged(with: labels.last!.text.span))
    }

    /// attribute = NAME attributeValue ;
    mutating func parseAttribute() throws(Diagnostic) -> Attribute {
        let name = try parseName("an attribute name", expecting: .attributeName)
        guard !atStatementEnd, current.kind != .lessThan else {
            throw expected("a value for attribute `\(name.value)` (a number, a string or a name)")
        }
        return Attribute(name: name, value: try parseAttributeValue())
    }

    /// attributeValue = NUMBER | STRING | NAME ;
    mutating func parseAttributeValue() throws(Diagnostic) -> Located<AttributeValue> {
        switch current.kind {
        case .number(let n): return Located(.number(n), advance().span)
        case .string(let s): return Located(.string(s), advance().span)
        case .word(let w): return Located(.name(w), advance().span)
        default: throw expected("a value (a number, a string or a name)")
        }
    }

    /// outcomeData = "<" outcomeEntry { "," outcomeEntry } [ "," ] ">" ;
    /// Inside the brackets newlines are white space.
    mutating func parseOutcomeData() throws(Diagnostic) -> (entries: [OutcomeEntry], end: Span) {
        let open = advance().span
        dataDepth += 1
        var entries: [OutcomeEntry] = []
        let unclosed = Diagnostic.Label(open, "the data starts here")
        while true {
            if current.kind == .greaterThan && !entries.isEmpty { break }
            note(.outcomeName)
            guard case .word = current.kind else {
                if current.kind == .endOfInput {
                    throw Diagnostic.error(
                        .unexpectedEndOfInput, "unterminated `<`: the study's data is not closed with `>`",
                        at: open, label: "this `<` is never closed", help: "end the data with `>`")
                }
                throw nameError(
                    entries.isEmpty ? "an outcome name, as in `PR: 12/30 vs 6/30`" : "an outcome name or `>`",
                    secondary: [unclosed])
            }
            entries.append(try parseOutcomeEntry())
            if current.kind == .comma {
                advance()
                continue
            }
            if current.kind == .greaterThan { break }
            if current.kind == .endOfInput {
                throw Diagnostic.error(
                    .unexpectedEndOfInput, "unterminated `<`: the study's data is not closed with `>`",
                    at: open, label: "this `<` is never closed", help: "end the data with `>`")
            }
            throw expected("`,` or `>` after the outcome's data", secondary: [unclosed])
        }
        let close = advance().span
        dataDepth -= 1
        return (entries, close)
    }

    /// outcomeEntry = NAME [ "[" attribute "]" ] ":" data ;
    mutating func parseOutcomeEntry() throws(Diagnostic) -> OutcomeEntry {
        let name = try parseName("an outcome name")
        var qualifier: Attribute? = nil
        if current.kind == .leftBracket {
            advance()
            qualifier = try parseAttribute()
            guard current.kind == .rightBracket else { throw expected("`]` after the qualifying attribute") }
            advance()
        }
        guard current.kind == .colon else {
            throw expected(
                qualifier == nil ? "`:` after the outcome name `\(name.value)`" : "`:` after `\(name.value)[…]`")
        }
        advance()
        let (data, end) = try parseData()
        return OutcomeEntry(name: name, qualifier: qualifier, data: data, span: name.span.merged(with: end))
    }

    /// data = binaryData | proportionData | continuousData | genericData | oeData | rateData
    ///      | correlationData ;
    mutating func parseData() throws(Diagnostic) -> (DataSpec, Span) {
        guard case .number = current.kind else {
            throw expected(
                "the outcome's data: `a/n1 vs c/n2`, `M1 sd S1 n N1 vs M2 sd S2 n N2`, `Y se S`, `x/n`, "
                    + "`Z var V`, `x1 per T1 vs x2 per T2` or `r n N`")
        }
        let after = tokens[(currentIndex + 1)...].first { $0.kind != .newline }
        if after?.kind == .slash { return try parseBinaryData() }
        switch after?.word {
        case "sd": return try parseContinuousData()
        case "se": return try parseGenericData()
        case "var": return try parseObservedMinusExpectedData()
        case "per": return try parseRateData()
        case "n": return try parseCorrelationData()
        default:
            advance()
            throw expected(
                "`/` (binary a/n1 vs c/n2, or a proportion x/n), `sd` (continuous: M sd S n N), `se` (generic: "
                    + "Y se S), `var` (O − E: Z var V), `per` (rates: x1 per T1 vs x2 per T2) or `n` (r n N)")
        }
    }

    /// binaryData = NUMBER "/" NUMBER "vs" NUMBER "/" NUMBER ;
    /// proportionData = NUMBER "/" NUMBER ;
    mutating func parseBinaryData() throws(Diagnostic) -> (DataSpec, Span) {
        let eventsE = try parseNumber("the experimental arm's events")
        guard current.kind == .slash else { throw expected("`/`") }
        advance()
        let totalE = try parseNumber("the experimental arm's total after `/`")
        guard current.word == "vs" else {
            return (.proportion(events: eventsE, total: totalE), eventsE.span.merged(with: totalE.span))
        }
        _ = try expectWord("vs")
        let eventsC = try parseNumber("the control arm's events")
        guard current.kind == .slash else { throw expected("`/`") }
        advance()
        let totalC = try parseNumber("the control arm's total after `/`")
        return (
            .binary(eventsE: eventsE, totalE: totalE, eventsC: eventsC, totalC: totalC),
            eventsE.span.merged(with: totalC.span)
        )
    }

    /// continuousData = arm "vs" arm ;
    mutating func parseContinuousData() throws(Diagnostic) -> (DataSpec, Span) {
        let experimental = try parseArm()
        _ = try expectWord("vs")
        let control = try parseArm()
        return (
            .continuous(experimental: experimental, control: control),
            experimental.mean.span.merged(with: control.n.span)
        )
    }

    /// arm = NUMBER "sd" NUMBER "n" NUMBER ;
    mutating func parseArm() throws(Diagnostic) -> Arm {
        let mean = try parseNumber("the arm's mean")
        _ = try expectWord("sd")
        let sd = try parseNumber("the arm's standard deviation after `sd`")
        _ = try expectWord("n")
        let n = try parseNumber("the arm's size after `n`")
        return Arm(mean: mean, sd: sd, n: n)
    }

    /// genericData = NUMBER "se" NUMBER ;
    mutating func parseGenericData() throws(Diagnostic) -> (DataSpec, Span) {
        let estimate = try parseNumber("the effect estimate")
        _ = try expectWord("se")
        let se = try parseNumber("the standard error after `se`")
        return (.generic(estimate: estimate, standardError: se), estimate.span.merged(with: se.span))
    }

    /// oeData = NUMBER "var" NUMBER ;
    mutating func parseObservedMinusExpectedData() throws(Diagnostic) -> (DataSpec, Span) {
        let z = try parseNumber("O − E")
        _ = try expectWord("var")
        let v = try parseNumber("the variance of O − E after `var`")
        return (.observedMinusExpected(oMinusE: z, variance: v), z.span.merged(with: v.span))
    }

    /// rateData = NUMBER "per" NUMBER "vs" NUMBER "per" NUMBER ;
    mutating func parseRateData() throws(Diagnostic) -> (DataSpec, Span) {
        let eventsE = try parseNumber("the experimental arm's events")
        _ = try expectWord("per")
        let timeE = try parseNumber("the experimental arm's person-time after `per`")
        _ = try expectWord("vs")
        let eventsC = try parseNumber("the control arm's events")
        _ = try expectWord("per")
        let timeC = try parseNumber("the control arm's person-time after `per`")
        return (
            .rate(eventsE: eventsE, timeE: timeE, eventsC: eventsC, timeC: timeC), eventsE.span.merged(with: timeC.span)
        )
    }

    /// correlationData = NUMBER "n" NUMBER ;
    mutating func parseCorrelationData() throws(Diagnostic) -> (DataSpec, Span) {
        let r = try parseNumber("the correlation coefficient")
        _ = try expectWord("n")
        let n = try parseNumber("the sample size after `n`")
        return (.correlation(r: r, n: n), r.span.merged(with: n.span))
    }

    /// outcomeStatement = "outcome" NAME { outcomeSetting | poolOption } ;
    mutating func parseOutcomeStatement() throws(Diagnostic) -> OutcomeStatement {
        let start = try expectWord("outcome")
        let name = try parseName("the outcome's name", expecting: .outcomeName)
        var settings: [(keyword: Span, setting: OutcomeStatement.Setting)] = []
        var options: [AnalysisOption] = []
        var end = name.span
        while true {
            let given = Set(settings.map(\.setting.keyword.rawValue) + options.map(\.name.value.rawValue))
            let words = Keywords.outcomeOptions + OptionName.inherited.map(\.rawValue)
            note(.words(words.filter { !given.contains($0) }))
            if atStatementEnd { break }
            if let word = current.word, let option = OptionName(rawValue: word), OptionName.inherited.contains(option) {
                options = try parseOptions(allowed: OptionName.inherited, continuing: options, about: name.value)
                end = options.last!.span
                continue
            }
            let (keyword, setting, last) = try parseOutcomeSetting()
            if let earlier = settings.first(where: { $0.setting.keyword == setting.keyword }) {
                throw Diagnostic.error(
                    .duplicateOption, "`\(setting.keyword.rawValue)` is given twice", at: keyword,
                    secondary: [Diagnostic.Label(earlier.keyword, "first given here")])
            }
            settings.append((keyword, setting))
            end = last
        }
        return OutcomeStatement(name: name, settings: settings, options: options, span: start.merged(with: end))
    }

    /// defaultsStatement = "defaults" poolOption { poolOption } ;
    mutating func parseDefaultsStatement() throws(Diagnostic) -> DefaultsStatement {
        let start = try expectWord("defaults")
        note(.option(among: OptionName.inherited, statement: .defaults, outcome: ""))
        guard !atStatementEnd else {
            throw expected(
                "an option for every analysis (\(OptionName.inherited.map(\.rawValue).joined(separator: ", ")))",
                help: "e.g. defaults model random convention metafor")
        }
        let options = try parseOptions(allowed: OptionName.inherited, in: .defaults, about: "")
        return DefaultsStatement(options: options, span: start.merged(with: options.last!.span))
    }

    /// outcomeSetting = "label" STRING | "scale" ( "log" | "identity" ) | "effect" STRING
    ///                | "arms" STRING STRING | "favours" STRING STRING ;
    mutating func parseOutcomeSetting() throws(Diagnostic) -> (Span, OutcomeStatement.Setting, Span) {
        guard case .word(let word) = current.kind else {
            throw expected("an outcome setting (\(Keywords.outcomeOptions.joined(separator: ", ")))")
        }
        let keyword = current.span
        switch OutcomeSettingName(rawValue: word) {
        case .label?:
            advance()
            let text = try parseString("the outcome's label in double quotes")
            return (keyword, .label(text), text.span)
        case .effect?:
            advance()
            let text = try parseString("the effect's name in double quotes, e.g. \"Hazard Ratio\"")
            return (keyword, .effect(text), text.span)
        case .scale?:
            advance()
            let value = try parseName("`log` or `identity`", expecting: .words(Keywords.scales))
            guard let scale = ScaleWord(rawValue: value.value) else {
                throw Diagnostic.error(
                    .invalidOptionValue, "unknown scale `\(value.value)`", at: value.span,
                    notes: ["scale is `log` (shown exponentiated, e.g. hazard ratios) or `identity`"],
                    help: Suggest.help(value.value, among: Keywords.scales))
            }
            return (keyword, .scale(Located(scale, value.span)), value.span)
        case .arms?, .favours?:
            advance()
            let first = try parseString(
                word == "arms" ? "the experimental arm's name" : "the left-hand (favours experimental) label")
            let second = try parseString(
                word == "arms" ? "the control arm's name" : "the right-hand (favours control) label")
            return (keyword, word == "arms" ? .arms(first, second) : .favours(first, second), second.span)
        case nil where word == OptionName.by.rawValue:
            throw Diagnostic.error(
                .unknownOption, "`by` is not an outcome setting: a subgroup analysis is asked for by a statement",
                at: keyword, help: "write `pool OUTCOME by ATTRIBUTE`")
        case nil:
            let words = Keywords.outcomeOptions + OptionName.inherited.map(\.rawValue)
            throw Diagnostic.error(
                .unknownOption, "unknown outcome setting `\(word)`", at: keyword,
                notes: [
                    "an outcome takes: " + Keywords.outcomeOptions.joined(separator: ", ")
                        + ", and the pool options " + OptionName.inherited.map(\.rawValue).joined(separator: ", ")
                ],
                help: Suggest.help(word, among: words))
        }
    }

    /// poolStatement = "pool" NAME { poolOption | displayOption | absoluteOption | subgroupOption } ;
    /// subgroupOption = "common-tau" ;
    /// absoluteOption = "nnt" NUMBER ;
    mutating func parsePoolStatement() throws(Diagnostic) -> PoolStatement {
        let start = try expectWord("pool")
        let outcome = try parseName("the name of the outcome to pool", expecting: .outcomeName)
        let options = try parseOptions(allowed: OptionName.allowed(after: .pool), in: .pool, about: outcome.value)
        return PoolStatement(
            outcome: outcome, options: options, span: start.merged(with: options.last?.span ?? outcome.span))
    }

    /// sensitivityStatement = "sensitivity" NAME ( "leave-one-out" | "exclude" exclusion )
    ///                        { poolOption | "to" STRING } ;
    /// exclusion = NAME attributeValue | STRING { STRING } ;
    mutating func parseSensitivityStatement() throws(Diagnostic) -> SensitivityStatement {
        let start = try expectWord("sensitivity")
        let outcome = try parseName("the outcome's name", expecting: .outcomeName)
        let kind: SensitivityStatement.Kind
        var end: Span
        note(.words(Keywords.sensitivityKinds))
        switch current.word.flatMap(SensitivityKindWord.init(rawValue:)) {
        case .leaveOneOut?:
            end = advance().span
            kind = .leaveOneOut(end)
        case .exclude?:
            advance()
            if case .string = current.kind {
                var labels: [Located<String>] = []
                while case .string(let label) = current.kind { labels.append(Located(label, advance().span)) }
                kind = .excludeStudies(labels)
                end = labels.last!.span
                break
            }
            let attribute = try parseName(
                "the attribute that marks the studies to exclude", expecting: .attributeName)
            note(.attributeValue(attribute: attribute.value, outcome: outcome.value))
            let value = try parseAttributeValue()
            kind = .exclude(attribute: attribute, value: value)
            end = value.span
        case nil:
            throw Diagnostic.error(
                .unexpectedToken, "expected `leave-one-out`, `exclude ATTRIBUTE VALUE` or `exclude \"STUDY\" …`",
                at: current.span,
                help: current.word.flatMap { Suggest.help($0, among: Keywords.sensitivityKinds) })
        }
        let options = try parseOptions(
            allowed: OptionName.allowed(after: .sensitivity), in: .sensitivity, about: outcome.value)
        end = options.last?.span ?? end
        return SensitivityStatement(outcome: outcome, kind: kind, options: options, span: start.merged(with: end))
    }

    /// metaregStatement = "metareg" NAME "on" NAME { NAME } { poolOption | regressionOption | "to" STRING } ;
    /// regressionOption = "reference" NAME attributeValue ;
    mutating func parseMetaregStatement() throws(Diagnostic) -> MetaregStatement {
        let start = try expectWord("metareg")
        let outcome = try parseName("the outcome's name", expecting: .outcomeName)
        note(.words(["on"]))
        guard isWord("on") else {
            throw expected("`on` and the moderators", help: "e.g. metareg \(outcome.value) on year")
        }
        _ = advance()
        let allowed = OptionName.allowed(after: .metareg)
        var moderators: [Located<String>] = []
        repeat {
            moderators.append(try parseName("a study attribute as moderator", expecting: .attributeName))
            note(.attributeName)
        } while !atStatementEnd && current.word.flatMap(OptionName.init(rawValue:)) == nil
        let options = try parseOptions(allowed: allowed, in: .metareg, about: outcome.value)
        return MetaregStatement(
            outcome: outcome, moderators: moderators, options: options,
            span: start.merged(with: options.last?.span ?? moderators.last!.span))
    }

    /// influenceStatement = "influence" NAME { poolOption | "to" STRING } ;
    mutating func parseInfluenceStatement() throws(Diagnostic) -> InfluenceStatement {
        let start = try expectWord("influence")
        let outcome = try parseName("the outcome's name", expecting: .outcomeName)
        let options = try parseOptions(
            allowed: OptionName.allowed(after: .influence), in: .influence, about: outcome.value)
        return InfluenceStatement(
            outcome: outcome, options: options, span: start.merged(with: options.last?.span ?? outcome.span))
    }

    /// cumulativeStatement = "cumulative" NAME { poolOption | "to" STRING } ;
    mutating func parseCumulativeStatement() throws(Diagnostic) -> CumulativeStatement {
        let start = try expectWord("cumulative")
        let outcome = try parseName("the outcome's name", expecting: .outcomeName)
        let options = try parseOptions(
            allowed: OptionName.allowed(after: .cumulative), in: .cumulative, about: outcome.value)
        return CumulativeStatement(
            outcome: outcome, options: options, span: start.merged(with: options.last?.span ?? outcome.span))
    }

    /// biasStatement = "bias" NAME ( "egger" | "begg" | "trimfill" | "rosenthal" | "rosenberg" | "orwin"
    ///                 | "peters" | "harbord" ) { poolOption | biasOption } ;
    /// biasOption = "estimator" ( "L0" | "R0" ) | "side" ( "left" | "right" ) | "target" NUMBER ;
    mutating func parseBiasStatement() throws(Diagnostic) -> BiasStatement {
        let start = try expectWord("bias")
        let outcome = try parseName("the outcome's name", expecting: .outcomeName)
        note(.words(Keywords.biasTests))
        guard let word = current.word, let name = BiasTestName(rawValue: word) else {
            throw Diagnostic.error(
                .unexpectedToken,
                "expected a test for small-study effects: "
                    + Keywords.biasTests.map { "`\($0)`" }.joined(separator: ", "),
                at: current.span, help: current.word.flatMap { Suggest.help($0, among: Keywords.biasTests) })
        }
        let test = Located(name, advance().span)
        let options = try parseOptions(allowed: OptionName.allowed(after: .bias), in: .bias, about: outcome.value)
        return BiasStatement(
            outcome: outcome, test: test, options: options, span: start.merged(with: options.last?.span ?? test.span))
    }

    /// figureStatement = ( "forest" | "funnel" | "labbe" | "galbraith" ) NAME
    ///                   { poolOption | displayOption | figureOption } ;
    mutating func parseFigureStatement() throws(Diagnostic) -> FigureStatement {
        let keyword = advance()
        let kind = FigureStatement.Kind(rawValue: keyword.word ?? "") ?? .forest
        let outcome = try parseName("the outcome's name", expecting: .outcomeName)
        let options = try parseOptions(
            allowed: OptionName.allowed(after: kind.keyword), in: kind.keyword, about: outcome.value)
        return FigureStatement(
            kind: kind, outcome: outcome, options: options,
            span: keyword.span.merged(with: options.last?.span ?? outcome.span))
    }

    /// { poolOption } with duplicates rejected.
    mutating func parseOptions(
        allowed: [OptionName], in statement: StatementKeyword, about outcome: String
    ) throws(Diagnostic) -> [AnalysisOption] {
        var options: [AnalysisOption] = []
        while true {
            let given = Set(options.map(\.name.value))
            note(.option(among: allowed.filter { !given.contains($0) }, statement: statement, outcome: outcome))
            if atStatementEnd { break }
            options = try parseOptions(allowed: allowed, continuing: options, about: outcome, once: true)
        }
        return options
    }

    /// One more option (or, unless `once`, a run of them up to a word that is not one of
    /// `allowed`) after `options`, with duplicates rejected.
    mutating func parseOptions(
        allowed: [OptionName], continuing options: [AnalysisOption], about outcome: String, once: Bool = false
    ) throws(Diagnostic) -> [AnalysisOption] {
        var options = options
        repeat {
            let option = try parsePoolOption(allowed: allowed, about: outcome)
            if let earlier = options.first(where: { $0.name.value == option.name.value }) {
                throw Diagnostic.error(
                    .duplicateOption, "option `\(option.name.value.rawValue)` is given twice", at: option.span,
                    secondary: [Diagnostic.Label(earlier.span, "first given here")],
                    help: "keep one of them")
            }
            options.append(option)
        } while !once && current.word.flatMap(OptionName.init(rawValue:)).map(allowed.contains) == true
        return options
    }

    /// poolOption = "measure" ( "OR" | "RR" | "RD" | "MD" | "SMD" | "HR" | "POR" | "PLO" | "PR" | "PFT"
    ///                          | "IRR" | "IRD" | "ZCOR" | "COR" )
    ///            | "method" ( "MH" | "IV" | "Peto" )
    ///            | "model" ( "fixed" | "random" )
    ///            | "tau" ( "DL" | "REML" | "ML" | "PM" | "HE" | "SJ" | "EB" )
    ///            | "hksj"
    ///            | "level" NUMBER
    ///            | "convention" ( "revman" | "metafor" )
    ///            | "by" NAME
    ///            | "only" NAME attributeValue ;
    /// figureOption = "to" STRING | "prediction" | "contours" | "trimfill" | "ascii" | "rob"
    ///              | styleOption ;
    /// displayOption = "sort" NAME [ "ascending" | "descending" ] ;
    ///
    /// Which of them a statement takes is `allowed`; the values come from `Keywords`.
    mutating func parsePoolOption(allowed: [OptionName], about outcome: String) throws(Diagnostic) -> AnalysisOption {
        let words = allowed.map(\.rawValue)
        guard case .word(let word) = current.kind else {
            throw expected("an option (\(words.joined(separator: ", ")))")
        }
        let nameToken = advance()
        guard let name = OptionName(rawValue: word), allowed.contains(name) else {
            var notes = ["options here: " + words.joined(separator: ", ")]
            var help = Suggest.help(word, among: words)
            if let option = allowed.first(where: { $0.choices?.contains(word) == true }) {
                help = "write `\(option.rawValue) \(word)`"
                notes = []
            }
            throw Diagnostic.error(
                .unknownOption, "unknown option `\(word)`", at: nameToken.span, notes: notes, help: help)
        }
        let located = Located(name, nameToken.span)
        switch name {
        case .by, .only, .reference: note(.attributeName)
        case .sort: note(.sortKey)
        default: note(.optionValue(name, outcome: outcome))
        }
        let value: AnalysisOption.Value?
        switch name.valueKind {
        case .flag: value = nil
        case .number where name == .level: value = try parseLevel()
        case .number, .numbers, .words, .colours: value = try parseStyleValue(of: name)
        case .string where name == .title:
            value = .string(try parseString("the plot's title in double quotes after `title`"))
        case .string:
            value = .string(try parseString("a file name in double quotes after `to`, e.g. to \"forest.svg\""))
        case .name: value = .word(try parseName("an attribute name after `by`"))
        case .selection:
            let example = name == .only ? "only design \"RCT\"" : "reference alloc \"random\""
            let attribute = try parseName(
                "an attribute after `\(name.rawValue)`, e.g. \(example)", expecting: .attributeName)
            note(.attributeValue(attribute: attribute.value, outcome: outcome))
            guard !atStatementEnd else {
                throw expected("a value for `\(attribute.value)` (a number, a string or a name)")
            }
            value = .selection(attribute, try parseAttributeValue())
        case .sortKey:
            let key = try parseName(
                "what to sort by after `sort`: label, effect, weight or an attribute such as year",
                expecting: .sortKey)
            var direction: Located<SortDirection>? = nil
            if let word = current.word, let chosen = SortDirection(rawValue: word) {
                direction = Located(chosen, advance().span)
            }
            value = .sortKey(key, direction: direction)
        case .choice(let choices): value = .word(try parseChoice(of: name, among: choices))
        }
        return AnalysisOption(
            name: located, value: value, span: nameToken.span.merged(with: value?.span ?? nameToken.span))
    }

    /// styleOption = "xlim" NUMBER NUMBER | "ticks" NUMBER { NUMBER } | "decimals" NUMBER
    ///             | "columns" columnWord { columnWord } | "colours" colourTarget STRING { colourTarget STRING }
    ///             | "fontsize" NUMBER | "title" STRING | "width" NUMBER ;
    /// columnWord = "data" | "weight" | "rob" ;
    /// colourTarget = "squares" | "diamonds" | "prediction" ;
    ///
    /// The value of a figure's style option: a number (`decimals 3`), numbers (`xlim 0.1 10`),
    /// words (`columns data weight`) or colours (`colours squares "#1f4e79"`). Whether each
    /// value makes sense is the evaluator's to say, at the value.
    private mutating func parseStyleValue(of name: OptionName) throws(Diagnostic) -> AnalysisOption.Value {
        let example = Self.styleExamples[name] ?? ""
        switch name.valueKind {
        case .number, .numbers:
            var numbers: [Located<Double>] = []
            let (least, most) = name.valueKind == .number ? (1, 1) : name.numberCount
            while numbers.count < most, case .number(let n) = current.kind {
                numbers.append(Located(n, advance().span))
            }
            guard numbers.count >= least else {
                throw expected(
                    least == 1 ? "a number after `\(name.rawValue)`" : "\(least) numbers after `\(name.rawValue)`",
                    help: "e.g. \(example)")
            }
            return name.valueKind == .number ? .number(numbers[0]) : .numbers(numbers)
        case .words(let choices):
            var words: [Located<String>] = []
            while let word = current.word, choices.contains(word) { words.append(Located(word, advance().span)) }
            guard !words.isEmpty else {
                throw expected("the columns to show (\(choices.joined(separator: ", ")))", help: "e.g. \(example)")
            }
            return .words(words)
        default:
            var settings: [AnalysisOption.ColourSetting] = []
            while let word = current.word, let target = ColourTarget(rawValue: word) {
                let located = Located(target, advance().span)
                let colour = try parseString("a colour in double quotes after `\(word)`", help: "e.g. \(example)")
                settings.append(AnalysisOption.ColourSetting(target: located, colour: colour))
            }
            guard !settings.isEmpty else {
                let targets = ColourTarget.allCases.map(\.rawValue).joined(separator: ", ")
                throw expected("what to colour (\(targets)) and its colour", help: "e.g. \(example)")
            }
            return .colours(settings)
        }
    }

    static let styleExamples: [OptionName: String] = [
        .xlim: "xlim 0.1 10", .ticks: "ticks 0.1 0.5 1 2 10", .decimals: "decimals 3", .fontsize: "fontsize 12",
        .width: "width 400", .columns: "columns weight", .nnt: "nnt 0.2", .target: "target 0.9",
        .colours: "colours squares \"#1f4e79\" diamonds \"black\"",
    ]

    /// The number after `level`: a percentage.
    private mutating func parseLevel() throws(Diagnostic) -> AnalysisOption.Value {
        guard case .number(let value) = current.kind else {
            throw expected("a confidence level in percent after `level`, e.g. `level 90`")
        }
        let valueToken = advance()
        // A level of 1% or less is surely a proportion written for a percentage (0.95); above
        // 99.99% the intervals are no longer computed reliably.
        guard value > 1 && value <= 99.99 else {
            let percent = value * 100
            throw Diagnostic.error(
                .invalidOptionValue,
                "a confidence level is a percentage above 1 and at most 99.99, not \(valueToken.span.text)",
                at: valueToken.span,
                help: percent > 1 && percent <= 99.99
                    ? "write the level in percent: `level \(NumberText.plain(percent))`" : "e.g. `level 90`")
        }
        return .number(Located(value, valueToken.span))
    }

    /// One of an option's words (`model random`).
    private mutating func parseChoice(
        of name: OptionName, among choices: [String]
    ) throws(Diagnostic) -> Located<String> {
        guard case .word(let value) = current.kind else {
            throw expected("a value for `\(name.rawValue)`: " + choices.joined(separator: ", "))
        }
        let valueToken = advance()
        guard choices.contains(value) else {
            throw Diagnostic.error(
                .invalidOptionValue, "unknown \(name.rawValue) `\(value)`", at: valueToken.span,
                notes: ["\(name.rawValue) is one of: " + choices.joined(separator: ", ")],
                help: Suggest.help(value, among: choices))
        }
        return Located(value, valueToken.span)
    }
}
