import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `characteristics`: the table of study characteristics, printed and in its file formats.
@Suite("Study characteristics")
struct CharacteristicsTests {
    static let studies = """
        study "Ke 2011" year 2011 design "RCT" arm_e "3DCRT & HIFU" arm_c "Surgical | resection" < PR: 12/30 vs 6/30 >
        study "Ding 2016" year 2016 arm_e "<RFA>" < PR: 15/42 vs 9/40 >

        """

    static func table(_ statement: String) -> (ReviewTable?, [Diagnostic]) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: Self.studies + statement))
        guard case .table(let table)? = evaluation.analyses.last else { return (nil, evaluation.diagnostics) }
        return (table, evaluation.diagnostics)
    }

    @Test func everyAttributeOrTheOnesNamedUnderTheirTitles() throws {
        let all = try #require(Self.table("characteristics").0)
        #expect(all.columns == ["Study", "year", "design", "arm_e", "arm_c"])
        #expect(
            all.rows == [
                ["Ke 2011", "2011", "RCT", "3DCRT & HIFU", "Surgical | resection"],
                ["Ding 2016", "2016", "", "<RFA>", ""],
            ])
        let named = try #require(Self.table("characteristics arm_e \"Experimental arm\" year").0)
        #expect(named.columns == ["Study", "Experimental arm", "year"])
        #expect(named.rows[1] == ["Ding 2016", "<RFA>", "2016"])
        #expect(named.file == nil)
    }

    @Test func anUnknownAttributeAndAFormatForestDoesNotWriteAreErrors() {
        let (table, problems) = Self.table("characteristics desgn")
        #expect(table == nil)
        #expect(problems.map(\.id) == [.unknownAttribute])
        #expect(problems.first?.help == "did you mean `design`?")
        var session = Session()
        session.checkOutput = { request in
            request.path.hasSuffix(".md") ? nil : OutputProblem(.unsupportedFormat, reason: "tables are …")
        }
        let evaluation = session.evaluate(SourceFile(name: "t", text: Self.studies + "characteristics to \"t.docx\""))
        #expect(evaluation.diagnostics.map(\.id) == [.invalidOptionValue])
    }

    @Test func textMarkdownHTMLAndCSV() throws {
        let table = try #require(Self.table("characteristics year \"Year\" arm_c \"Control arm\"").0)
        let text = TextReport().render([.table(table)])
        #expect(text.contains("Study      Year  Control arm"))
        #expect(text.contains("Ke 2011    2011  Surgical | resection"))
        let markdown = CharacteristicsText.markdown(table)
        #expect(
            markdown.contains(
                "| Study | Year | Control arm |\n|---|---|---|\n| Ke 2011 | 2011 | Surgical \\| resection |"))
        let html = CharacteristicsText.html(try #require(Self.table("characteristics arm_e").0))
        #expect(html.contains("<td>&lt;RFA&gt;</td>") && html.contains("<td>3DCRT &amp; HIFU</td>"))
        #expect(!html.contains("http"))
        let csv = CharacteristicsText.csv(table)
        #expect(csv == "Study,Year,Control arm\r\nKe 2011,2011,Surgical | resection\r\nDing 2016,2016,\r\n")
        let json = JSONReport.document([.table(table)]).serialized(indent: 2)
        #expect(SchemaCheck.problems(json) == [])
    }

    @Test func theStatementIsWrittenBackAsItWasWritten() {
        let text = "characteristics year \"Year\" design to \"table1.md\""
        let (script, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
        #expect(diagnostics.isEmpty)
        #expect(script.statements.map(ScriptWriter.text) == [text])
    }
}
