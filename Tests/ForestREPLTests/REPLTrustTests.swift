import ForestEval
import ForestREPL
import ForestSyntax
import Foundation
import Testing

/// Issue 9 in the REPL (driven through the plain line reader).
@Suite("Trust: the REPL")
struct REPLTrustTests {
    typealias Transcript = REPLTests.Transcript

    func run(_ lines: [String]) -> (REPL, Transcript) { REPLTests().run(lines) }

    func temporary(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func item8_loadIsAllOrNothing() throws {
        let broken = try temporary(
            "broken.forest",
            "study \"B1\" < X: 3/20 vs 5/20 >\nstudy \"B2\" < X: 30/20 vs 5/20 >\nstudy \"B3\" < X: 4/25 vs 6/25 >\npool X\n"
        )
        let (repl, t) = run(["study \"A\" < X: 3/20 vs 5/20 >", ":load \(broken)", ":studies"])
        #expect(repl.session.studies.map(\.label) == ["A"], "nothing of the broken file is kept")
        #expect(t.errors.contains("1 error in \(broken); nothing from it was loaded"))
        #expect(!t.output.contains("Odds Ratio"), "no analysis of the broken file ran")
        #expect(repl.hadErrors)
        let good = try temporary("good.forest", "study \"G\" < X: 3/20 vs 5/20 >\npool X\n")
        let (again, u) = run([":load \(good)"])
        #expect(again.session.studies.map(\.label) == ["G"])
        #expect(u.output.contains("Odds Ratio"))
    }

    @Test func item2_aFailedFigureIsNotReportedAsWritten() {
        let (repl, t) = run([
            "study \"A\" < X: 3/20 vs 5/20 >", "study \"B\" < X: 4/25 vs 6/25 >", "forest X to \"nodir/x.svg\"",
        ])
        #expect(!t.output.contains("written to"))
        #expect(t.errors.contains("error: cannot write nodir/x.svg: the folder nodir does not exist"))
        #expect(repl.hadErrors)
    }

    @Test func item2_aFigureReportedAsWrittenIsWrittenEvenBesideAFailedStatement() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("x.svg").path
        let (_, t) = run([
            "study \"A\" < X: 3/20 vs 5/20 >", "study \"B\" < X: 4/25 vs 6/25 >", "forest X to \"\(path)\"; pool Y",
        ])
        #expect(t.errors.contains("unknown outcome `Y`"))
        #expect(t.output.contains("written to \(path)"))
        #expect(FileManager.default.fileExists(atPath: path), "reported as written, so it must exist")
    }

    @Test func item9_loadingAFileThatIsNotUTF8IsALocatedError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("latin1.forest").path
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x73, 0x74, 0xFF, 0x0A]))
        let (_, t) = run([":load \(path)"])
        #expect(t.errors.contains("\(path):1:3: error: the script is not UTF-8 text"))
    }

    @Test func item12_showWithAnUnclosedQuote() {
        let (_, t) = run(["study \"Trial 0\" < X: 3/20 vs 5/20 >", ":show \"Trial 0"])
        #expect(t.output.contains("study \"Trial 0\""))
        #expect(!t.output.contains("\"\"") && t.errors.isEmpty, "\(t.errors)")
    }

    @Test func item12_saveToAMissingFolderSaysWhy() {
        let (_, t) = run(["study \"A\" < X: 3/20 vs 5/20 >", ":save /no/such/dir/x.forest"])
        #expect(t.errors.contains("cannot write /no/such/dir/x.forest: the folder /no/such/dir does not exist"))
    }

    @Test func item12_figureOptionsOfTheOtherPlotAreNotOffered() {
        let (repl, _) = run(["study \"A\" < CR: 3/20 vs 5/20 >"])
        let forest = repl.complete("forest CR ").candidates
        #expect(forest.contains("prediction") && !forest.contains("contours") && !forest.contains("trimfill"))
        let funnel = repl.complete("funnel CR ").candidates
        #expect(funnel.contains("contours") && !funnel.contains("prediction"))
    }

    @Test func item12_helpShowsThatAFunnelPlotNeedsAFile() {
        let (_, t) = run([":help funnel"])
        #expect(t.output.contains("[trimfill] to \"FILE\"") && t.output.contains("the others always need a file"))
    }

    @Test func item14_aLongStatementIsNotReparsedOnEveryLine() {
        var lines = ["study \"Long\" < X: 3/20 vs 5/20,"]
        for i in 0..<8000 { lines.append("  Y\(i): \(i % 9 + 1)/30 vs 5/30,") }
        lines.append("  Z: 1/2 vs 1/2 >")
        let start = Date()
        let (repl, t) = run(lines)
        #expect(Date().timeIntervalSince(start) < 10, "took \(Date().timeIntervalSince(start)) s")
        #expect(repl.session.studies.first?.outcomes.count == 8002, "\(t.errors.prefix(500))")
    }

    @Test func item14_aStrayBracketIsAnErrorAtOnceNotAnEndlessContinuation() {
        let (repl, t) = run(["study \"A\" < < Y: 1 se 0.1 >", "study \"B\" < Y: 2 se 0.2 >", "pool Y"])
        #expect(t.errors.contains("error:"), "the stray `<` is reported")
        #expect(repl.session.studies.map(\.label) == ["B"], "the next lines are statements of their own")
        #expect(t.output.contains("Y — "), "pool ran")
    }

    @Test func item13_anInterruptStopsTheStatementAndKeepsTheSession() {
        let transcript = Transcript()
        let repl = REPL(
            reader: PlainLineReader(lines: []), output: { transcript.output += $0 },
            errors: { transcript.errors += $0 })
        repl.handle("study \"A\" < X: 3/20 vs 5/20 >")
        var session = repl.session
        session.isInterrupted = { true }
        let evaluation = session.evaluate(SourceFile(name: "x", text: "study \"B\" < X: 4/25 vs 6/25 >\npool X\n"))
        #expect(evaluation.diagnostics.map(\.id) == [.interrupted])
        #expect(session.studies.map(\.label) == ["A"], "what ran before is kept")
    }
}
