import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax
import Testing

/// One test per diagnostic: each id, the smallest script that triggers it, and where.
/// A new `DiagnosticID` without an entry here fails `everyDiagnosticHasATest`.
@Suite("Diagnostics")
struct DiagnosticTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var id: DiagnosticID
        var script: String
        /// Line and column of the primary span.
        var at: (Int, Int)
        var message: String
        var severity: Diagnostic.Severity = .error
        /// CSV files the script reads (`studies from`), by path; the location is in the file
        /// where the primary span is.
        var files: [String: String] = [:]
        var testDescription: String { id.rawValue }
    }

    static let binaryStudies = "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\n"
    static let attributed =
        "study \"A\" rob low stage 1 < X: 3/20 vs 5/20 >\nstudy \"B\" rob high < X: 4/25 vs 6/25 >\nstudy \"C\" rob low stage 2 < X: 7/30 vs 6/31 >\n"

    static let prCSV = "study,ai,n1i,ci,n2i,year\nKe 2011,12,30,6,30,2011\nDing 2016,15,42,9,40,2016\n"

    static let examples: [Example] = [
        Example(
            id: .robOverall,
            script: binaryStudies
                + "rob \"A\" randomisation low deviations low missing low measurement high selection low overall low\n"
                + "rob \"B\" randomisation low deviations low missing low measurement low selection low overall low\n"
                + "rob summary to \"r.svg\"",
            at: (3, 93), message: "study \"A\": overall low, where RoB 2's algorithm suggests high", severity: .warning),
        Example(
            id: .prismaArithmetic,
            script: binaryStudies + "prisma databases 100 duplicates 10 screened 80 studies 2\nprisma to \"p.svg\"",
            at: (3, 36), message: "80 screened, but identified − removed before screening gives 90"),
        Example(
            id: .unreadableFile, script: "studies from \"pr.csv\" outcome PR", at: (1, 14),
            message: "cannot read pr.csv: no such file"),
        Example(
            id: .missingColumn, script: "studies from \"pr.csv\" outcome PR", at: (1, 1),
            message: "pr.csv has no column `n2i` (binary data)",
            files: ["pr.csv": "study,ai,n1i,ci\nKe 2011,12,30,6\n"]),
        Example(
            id: .invalidColumn, script: "studies from \"pr.csv\" outcome PR", at: (1, 21),
            message: "the header \"Year of study\" is not a name Forest can use",
            files: ["pr.csv": "study,ai,n1i,ci,n2i,Year of study\nKe 2011,12,30,6,30,2011\n"]),
        Example(
            id: .rowLength, script: "studies from \"pr.csv\" outcome PR", at: (3, 1),
            message: "this row has 5 cells, the header 6",
            files: ["pr.csv": "study,ai,n1i,ci,n2i,year\nKe 2011,12,30,6,30,2011\nDing 2016,15,42,9,40\n"]),
        Example(
            id: .missingValue, script: "studies from \"pr.csv\" outcome PR", at: (3, 17),
            message: "a value is missing here",
            files: ["pr.csv": "study,ai,n1i,ci,n2i,year\nKe 2011,12,30,6,30,2011\nDing 2016,15,42,,40,2016\n"]),
        Example(
            id: .attributeConflict,
            script: "study \"Ke 2011\" year 2010 < OS: -0.2 se 0.1 >\nstudies from \"pr.csv\" outcome PR",
            at: (2, 20), message: "study \"Ke 2011\" has year 2011 here but 2010 where it is defined",
            files: ["pr.csv": prCSV]),
        Example(
            id: .unterminatedString, script: "study \"A < X: 1/2 vs 1/2 >", at: (1, 7), message: "unterminated string"),
        Example(
            id: .invalidEscape, script: "review \"a\\qb\"", at: (1, 10), message: "unknown escape `\\q` in a string"),
        Example(
            id: .invalidCharacter, script: binaryStudies + "pool X @", at: (3, 8), message: "unexpected character `@`"),
        Example(
            id: .invalidNumber, script: "study \"A\" < X: 12abc/30 vs 1/2 >", at: (1, 16),
            message: "`12abc` is not a number"),
        Example(
            id: .invalidName, script: "outcome 1y_survival label \"One-year survival\"", at: (1, 9),
            message: "`1y_survival` is not a name: a name starts with a letter or `_`"),
        Example(id: .hyphenInName, script: "pool my-outcome", at: (1, 6), message: "a name cannot contain `-`"),
        Example(
            id: .unexpectedEndOfInput, script: "study \"A\" < X: 1/2 vs", at: (1, 22),
            message: "expected the control arm's events, but the input ended"),
        Example(
            id: .unexpectedToken, script: "study \"A\" < X 1/2 vs 1/2 >", at: (1, 15),
            message: "expected `:` after the outcome name `X`, found a number"),
        Example(
            id: .unknownStatement, script: "stduy \"A\" < X: 1/2 vs 1/2 >", at: (1, 1),
            message: "unknown statement `stduy`"),
        Example(
            id: .unknownOption, script: binaryStudies + "pool X modle fixed", at: (3, 8),
            message: "unknown option `modle`"),
        Example(
            id: .invalidOptionValue, script: binaryStudies + "pool X model fixd", at: (3, 14),
            message: "unknown model `fixd`"),
        Example(
            id: .duplicateOption, script: binaryStudies + "pool X model fixed model random", at: (3, 20),
            message: "option `model` is given twice"),
        Example(id: .missingData, script: "study \"A\" year 2011", at: (1, 7), message: "study \"A\" has no data"),
        Example(
            id: .invalidCount, script: "study \"A\" < X: 1.5/20 vs 1/20 >", at: (1, 16),
            message: "counts must be whole numbers, not 1.5"),
        Example(
            id: .eventsExceedTotal, script: "study \"A\" < X: 35/30 vs 6/30 >", at: (1, 16),
            message: "35 events out of 30 in the experimental arm"),
        Example(
            id: .invalidSpread, script: "study \"A\" < X: 5.1 sd 0 n 20 vs 4.8 sd 1.1 n 20 >", at: (1, 23),
            message: "a standard deviation must be positive, not 0"),
        Example(
            id: .duplicateStudy, script: binaryStudies + "study \"A\" < X: 1/2 vs 1/2 >", at: (3, 7),
            message: "study \"A\" is already defined"),
        Example(
            id: .duplicateOutcomeInStudy, script: "study \"A\" < X: 1/2 vs 1/2, X: 1/3 vs 1/3 >", at: (1, 28),
            message: "outcome `X` appears twice in this study"),
        Example(
            id: .duplicateAttribute, script: "study \"A\" year 2011 year 2012 < X: 1/2 vs 1/2 >", at: (1, 21),
            message: "attribute `year` is given twice"),
        Example(
            id: .outcomeTypeConflict, script: binaryStudies + "study \"C\" < X: 0.3 se 0.1 >", at: (3, 13),
            message: "outcome `X` has generic data here but binary data elsewhere"),
        Example(
            id: .duplicateDeclaration, script: binaryStudies + "outcome X label \"a\"\noutcome X label \"b\"",
            at: (4, 9),
            message: "outcome `X` is already declared"),
        Example(
            id: .declarationConflict, script: binaryStudies + "outcome X scale log", at: (3, 11),
            message: "`scale` does not apply to binary data, which `X` has"),
        Example(
            id: .implausibleValue, script: "study \"A\" < X: 0.5 se 1e-300 >", at: (1, 23),
            message: "1e-300 is outside the range Forest computes with"),
        Example(
            id: .emptyLabel, script: "study \" \" < X: 1/2 vs 1/2 >", at: (1, 7), message: "a study needs a label"),
        Example(
            id: .numericalFailure,
            script: "study \"A\" < X: 1e100 se 1e-90 >\nstudy \"B\" < X: -1e100 se 1e-90 >\npool X",
            at: (3, 1), message: "the data of `X` give no finite pooled estimate"),
        Example(
            id: .predictionUnavailable, script: binaryStudies + "forest X model random prediction", at: (3, 23),
            message: "no prediction interval to draw: it needs at least 3 studies", severity: .warning),
        Example(id: .unknownOutcome, script: binaryStudies + "pool Y", at: (3, 6), message: "unknown outcome `Y`"),
        Example(
            id: .noUsableStudy, script: "study \"A\" < X: 0/20 vs 0/20 >\npool X", at: (2, 6),
            message: "no study of `X` can be pooled: its only study is not estimable"),
        Example(
            id: .incompatibleOption, script: binaryStudies + "pool X measure MD", at: (3, 16),
            message: "measure MD does not apply to binary data"),
        Example(
            id: .notConverged, script: binaryStudies + "study \"C\" < X: 9/20 vs 2/20 >\npool X tau REML", at: (4, 1),
            message: "the REML estimate of τ² did not converge (2 iterations)"),
        Example(
            id: .unknownAttribute, script: binaryStudies + "pool X by region", at: (3, 11),
            message: "no study of this outcome has the attribute `region`"),
        Example(
            id: .unknownAttributeValue, script: attributed + "sensitivity X exclude rob hgh", at: (4, 27),
            message: "no study of `X` has rob hgh"),
        Example(
            id: .missingAttribute, script: attributed + "pool X by stage", at: (4, 11),
            message: "1 study has no `stage` and is left out of the subgroup analysis: \"B\"", severity: .warning),
        Example(
            id: .tooFewStudies, script: binaryStudies + "bias X egger", at: (3, 8),
            message: "Egger's test needs at least 3 studies; `X` has 2 with an estimate"),
        Example(
            id: .fewStudiesForBiasTest, script: attributed + "bias X begg", at: (4, 8),
            message: "Begg's test on 3 studies has little power", severity: .warning),
        Example(
            id: .outputFailed, script: binaryStudies + "forest X to \"/nonexistent-folder/x.svg\"", at: (3, 13),
            message: "cannot write /nonexistent-folder/x.svg: the folder /nonexistent-folder does not exist"),
        Example(
            id: .unwritableOutput, script: binaryStudies + "forest X to \"/nonexistent-folder/x.svg\"", at: (3, 13),
            message: "cannot write /nonexistent-folder/x.svg: the folder /nonexistent-folder does not exist"),
        Example(
            id: .invalidUTF8, script: "study \"A\u{FFFD}\" < X: 1/2 vs 1/2 >", at: (1, 9),
            message: "the script is not UTF-8 text: byte 0xFF is not valid here"),
        Example(
            id: .interrupted, script: binaryStudies + "pool X", at: (1, 1),
            message: "interrupted: this statement and those after it did not run"),
        Example(
            id: .notEstimable,
            script: "study \"A\" < X: 1 se 0.1 >\nstudy \"B\" < X: 1 se 0.1 >\npool X model random hksj", at: (3, 1),
            message: "the Knapp-Hartung t test of `X` is not defined", severity: .warning),
        Example(
            id: .unknownStudy, script: binaryStudies + "sensitivity X exclude \"A\" \"b\"", at: (3, 27),
            message: "no study is labelled \"b\""),
        Example(
            id: .unusedDeclaration, script: binaryStudies + "outcome x label \"Deaths\"\npool X", at: (3, 9),
            message: "no study so far has data for outcome `x`", severity: .warning),
        Example(
            id: .localMaximum,
            script: """
                study "S0" < X: -1.5696 se 0.4331 >
                study "S1" < X: -1.7520 se 0.0508 >
                study "S2" < X: -0.7311 se 0.4091 >
                study "S3" < X: -0.5705 se 0.8839 >
                pool X model random tau ML convention metafor
                """, at: (5, 1),
            message: "the ML estimate of τ² for `X` may have stopped at a local maximum; τ² = 0 was taken",
            severity: .warning),
    ]

    @Test func everyDiagnosticHasATest() {
        let covered = Set(Self.examples.map(\.id))
        for id in DiagnosticID.allCases {
            #expect(covered.contains(id), "no test for diagnostic `\(id.rawValue)`")
        }
    }

    @Test(arguments: examples)
    func diagnostic(_ example: Example) throws {
        var session = Session()
        if example.id == .notConverged { session.control.maxIterations = 1 }
        // The shell checks outputs before running; `output-failed` is what happens when a path
        // that passed the check (here: no check) fails when written.
        if example.id != .outputFailed { session.checkOutput = OutputPath.check }
        if example.id == .interrupted { session.isInterrupted = { true } }
        let files = example.files
        session.readTable = { path, _ in
            guard let text = files[path] else { return .failure(.unreadable(reason: "no such file", path: path)) }
            return CSVTableFile.table(name: path, bytes: Array(text.utf8))
        }
        var source = SourceFile(name: "bad.forest", text: example.script)
        var evaluation: Evaluation
        if example.id == .invalidUTF8 {
            // The script's U+FFFD stands for a byte 0xFF, which no Swift string can hold.
            let bytes = Array(example.script.utf8).split(separator: 0xEF, omittingEmptySubsequences: false)
            let raw = Array(bytes[0]) + [0xFF] + Array(bytes[1].dropFirst(2))
            let decoded = SourceFile.decode(name: "bad.forest", bytes: raw)
            source = decoded.0
            evaluation = Evaluation(diagnostics: [try #require(decoded.1)])
        } else {
            evaluation = session.evaluate(source)
        }
        // Files are written by the shell, which reports a failure as a diagnostic (a path that
        // looked writable when checked, but was not when written).
        if example.id == .outputFailed {
            let written = FigureFiles.write(evaluation)
            evaluation.diagnostics += written.problems
            evaluation.analyses = written.analyses.filter { if case .figure = $0 { false } else { true } }
        }
        let first = try #require(evaluation.diagnostics.first, "no diagnostic for \(example.id.rawValue)")
        #expect(first.id == example.id)
        #expect(first.message == example.message)
        let location = first.primary.span.source.location(of: first.primary.span.start)
        #expect(location.line == example.at.0 && location.column == example.at.1, "at \(location)")
        #expect(first.severity == example.severity)
        let rendered = DiagnosticRenderer().render(first)
        #expect(
            rendered.hasPrefix(
                "\(first.primary.span.source.name):\(example.at.0):\(example.at.1): \(example.severity.rawValue): \(example.message)\n"
            ))
        #expect(rendered.contains("^"))
        // An error stops its statement; a warning lets the analysis through.
        #expect(evaluation.analyses.isEmpty == (example.severity == .error))
    }

    /// A figure file whose extension names no format Forest writes: the shell's check (the
    /// format registry), not the evaluator, rejects it, at the file name.
    @Test func aFigureFileMustNameAFormat() throws {
        var session = Session()
        session.checkOutput = OutputPath.check
        let evaluation = session.evaluate(
            SourceFile(name: "bad.forest", text: Self.binaryStudies + "forest X to \"x.gif\""))
        let first = try #require(evaluation.diagnostics.first)
        #expect(first.id == .invalidOptionValue)
        #expect(
            first.message == "figures are written as SVG, PNG or PDF; the file name must end in .svg, .png or .pdf")
        #expect(first.help == "e.g. to \"x-forest.svg\"")
        #expect(first.primary.span.text == "\"x.gif\"")
        #expect(evaluation.analyses.isEmpty && evaluation.outputs.isEmpty)
    }
}
