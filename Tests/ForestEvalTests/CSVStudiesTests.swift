import ForestEval
import ForestFiles
import ForestRender
import ForestStats
import ForestSyntax
import Testing

/// `studies from "FILE.csv"`: the rows of a CSV file as studies, checked as `study` statements
/// are, with problems at their cell in the file.
@Suite("Studies from CSV files")
struct CSVStudiesTests {
    /// A session that reads the given files (by path) instead of the file system.
    static func session(_ files: [String: String]) -> Session {
        var session = Session()
        session.readTable = { path, _ in
            guard let text = files[path] else { return .failure(.unreadable(reason: "no such file", path: path)) }
            return CSVTableFile.table(name: path, bytes: Array(text.utf8))
        }
        return session
    }

    static func run(_ files: [String: String], _ script: String) -> (Session, Evaluation) {
        var session = session(files)
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: script))
        return (session, evaluation)
    }

    static func pooled(_ evaluation: Evaluation) -> [PoolResult] {
        evaluation.analyses.compactMap { if case .pool(let p) = $0 { p.result } else { nil } }
    }

    static let binary = """
        study,ai,n1i,ci,n2i,year,stage
        Ke 2011,12,30,6,30,2011,I
        Ding 2016,15,42,9,40,2016,II
        "Li, 2014",10,25,5,25,2014,II

        """

    @Test func aFileGivesTheSameResultsAsTheSameStudiesWritten() throws {
        let (_, fromFile) = Self.run(["pr.csv": Self.binary], "studies from \"pr.csv\" outcome PR\npool PR by stage")
        let (_, written) = Self.run(
            [:],
            """
            study "Ke 2011" year 2011 stage "I" < PR: 12/30 vs 6/30 >
            study "Ding 2016" year 2016 stage "II" < PR: 15/42 vs 9/40 >
            study "Li, 2014" year 2014 stage "II" < PR: 10/25 vs 5/25 >
            pool PR by stage
            """)
        #expect(!fromFile.hasErrors && !written.hasErrors)
        let render = TextReport()
        #expect(render.render(fromFile.analyses) == render.render(written.analyses))
    }

    @Test func continuousAndGenericColumnsAndNumberAttributes() throws {
        let files = [
            "qol.csv": "study,m1i,sd1i,n1i,m2i,sd2i,n2i,dose\nA,61.2,8.1,30,55,9.4,30,10\nB,60,7,25,58,8,24,high\n",
            "os.csv": "study,yi,sei\nA,-0.29,0.12\nB,-0.1,0.2\n",
        ]
        let (session, evaluation) = Self.run(
            files,
            "studies from \"qol.csv\" outcome QoL\nstudies from \"os.csv\" outcome OS\npool QoL measure MD\npool OS")
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        #expect(session.studies.map(\.label) == ["A", "B"])
        #expect(session.study(labelled: "A")?.attribute("dose") == .number(10))
        #expect(session.study(labelled: "B")?.attribute("dose") == .string("high"))
        #expect(session.study(labelled: "B")?.outcomes.map(\.name) == ["QoL", "OS"])
        #expect(Self.pooled(evaluation).map(\.k) == [2, 2])
    }

    @Test func rowsAddToStudiesOfTheSameLabelAndLongFilesNameTheirOutcomes() throws {
        let long =
            "study,outcome,ai,n1i,ci,n2i,stage\nKe 2011,CR,1,10,0,9,I\nKe 2011,CR,2,10,1,11,II\nDing 2016,CR,3,20,1,20,I\nDing 2016,PD,3,20,1,20,I\n"
        let (session, evaluation) = Self.run(
            ["long.csv": long],
            "study \"Ke 2011\" year 2011 < OS: -0.2 se 0.1 >\nstudies from \"long.csv\" rows by stage\npool CR")
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        let ke = try #require(session.study(labelled: "Ke 2011"))
        #expect(ke.outcomes.map(\.name) == ["OS", "CR", "CR"])
        #expect(ke.attribute("year") == .number(2011))
        #expect(session.study(labelled: "Ding 2016")?.attribute("stage") == nil)
        #expect(Self.pooled(evaluation).first?.studies.count == 3)
    }

    @Test func aFileWithOneBadRowAddsNothing() {
        let bad = Self.binary.replacing("Ding 2016,15,42", with: "Ding 2016,50,42")
        var session = Self.session(["pr.csv": bad])
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: "studies from \"pr.csv\" outcome PR"))
        #expect(evaluation.diagnostics.map(\.id) == [.eventsExceedTotal])
        #expect(session.studies.isEmpty && session.outcomeOrder.isEmpty)
        // The problem is at its cells in the file, and the statement is a secondary label.
        let problem = evaluation.diagnostics[0]
        #expect(problem.primary.span.source.name == "pr.csv")
        #expect(problem.primary.span.source.location(of: problem.primary.span.start) == (3, 11))
        #expect(problem.secondary.last?.span.source.name == "t.forest")
    }

    @Test func aStudyTwiceForAnOutcomeIsReportedAtItsSecondRow() {
        let twice = Self.binary + "Ke 2011,1,3,1,3,2011,I\n"
        let (_, evaluation) = Self.run(["pr.csv": twice], "studies from \"pr.csv\" outcome PR")
        #expect(evaluation.diagnostics.map(\.id) == [.duplicateOutcomeInStudy])
        let span = evaluation.diagnostics[0].primary.span
        #expect(span.source.location(of: span.start).line == 5)
    }

    @Test func quotedCellsLineBreaksCRLFAByteOrderMarkAndSemicolonsAreRead() throws {
        let text = "\u{FEFF}study;ai;n1i;ci;n2i;note\r\n\"A\";1;10;2;10;\"two\r\nlines\"\r\nB;x;10;2;10;plain\r\n"
        let (_, evaluation) = Self.run(["s.csv": text], "studies from \"s.csv\" outcome X")
        // B's `x` is on the fourth line of the file (the quoted cell spans two), column 3.
        let problem = try #require(evaluation.diagnostics.first)
        #expect(problem.id == .invalidNumber)
        #expect(problem.primary.span.source.location(of: problem.primary.span.start) == (4, 3))
        let decimals = Self.run(["d.csv": "study;yi;sei\nA;0,5;0,1\n"], "studies from \"d.csv\" outcome X").1
        #expect(decimals.diagnostics.first?.help == "write decimals with a point: 0.5")
    }

    @Test func columnsNameTheHeadersAFileUses() throws {
        let text = "Trial,Events (E),N (E),Events (C),N (C),Year of study\nA,1,10,2,10,2001\nB,3,12,2,11,2003\n"
        let (session, evaluation) = Self.run(
            ["t.csv": text],
            "studies from \"t.csv\" outcome X columns study \"Trial\" ai \"Events (E)\" n1i \"N (E)\" ci \"Events (C)\" n2i \"N (C)\" year \"Year of study\"\npool X"
        )
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        #expect(session.study(labelled: "B")?.attribute("year") == .number(2003))
        #expect(Self.pooled(evaluation).first?.k == 2)
    }

    @Test func theStatementIsWrittenBackAsItWasWritten() {
        let text = "studies from \"t.csv\" outcome X rows by stage columns study \"Trial\" year \"Year of study\""
        let (script, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
        #expect(diagnostics.isEmpty)
        #expect(script.statements.map(ScriptWriter.text) == [text])
    }

    /// A file that is not UTF-8 (a spreadsheet's Windows-1252 export) is an error at the first
    /// bad byte, with the statement that read it; nothing is read.
    @Test func aFileThatIsNotUTF8IsAnErrorAtItsFirstBadByte() throws {
        let bytes = Array("study,ai,n1i,ci,n2i\nM".utf8) + [0xFC] + Array("ller,1,10,2,10\n".utf8)
        guard case .failure(.malformed(let problem)) = CSVTableFile.table(name: "w.csv", bytes: bytes) else {
            Issue.record("a Latin-1 file was read")
            return
        }
        #expect(problem.id == .invalidUTF8)
        #expect(problem.message == "w.csv is not UTF-8 text: byte 0xFC is not valid here")
        #expect(problem.primary.span.source.location(of: problem.primary.span.start) == (2, 2))
        var session = Session()
        session.readTable = { _, _ in CSVTableFile.table(name: "w.csv", bytes: bytes) }
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: "studies from \"w.csv\" outcome X"))
        #expect(evaluation.diagnostics.map(\.id) == [.invalidUTF8])
        #expect(evaluation.diagnostics.first?.secondary.last?.message == "read here")
        #expect(session.studies.isEmpty)
    }

    @Test func numbersAreTheGrammarsNumbers() {
        for good in ["12", "-0.5", "+3", ".5", "5.", "1e-3", "2.5E+2"] {
            #expect(NumberSyntax.isNumber(good), "\(good)")
        }
        for bad in ["", "NA", "1,5", "inf", "nan", "0x10", "1e", "-", ".", "1 2", " 1"] {
            #expect(!NumberSyntax.isNumber(bad), "\(bad)")
        }
    }
}
