import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `prisma`: the counts of the PRISMA 2020 flow diagram, their arithmetic, and the diagram.
@Suite("PRISMA flow diagram")
struct PrismaTests {
    static let studies = "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\n"
    static let counts = """
        prisma databases "PubMed" 2706, "Embase" 1972 other 34 duplicates 441 screened 4237
        prisma excluded 4200 sought 37 unretrieved 0 assessed 37 reasons "Not an RCT" 30, "No usable data" 5
        prisma studies 2

        """

    static func run(_ script: String) -> (Session, Evaluation) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: script))
        return (session, evaluation)
    }

    @Test func consistentCountsMakeTheDiagram() throws {
        let (_, evaluation) = Self.run(Self.studies + Self.counts + "prisma to \"prisma.svg\"")
        #expect(evaluation.diagnostics.isEmpty, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        guard case .prisma(let flow)? = evaluation.analyses.last else { Issue.record("no diagram"); return }
        #expect(
            flow.counts["databases"]
                == .init(total: 4678, parts: [.init(name: "PubMed", count: 2706), .init(name: "Embase", count: 1972)]))
        #expect(flow.counts["reasons"]?.total == 35)
        #expect(evaluation.outputs.map(\.path) == ["prisma.svg"])
        let svg = PrismaSVG.render(flow)
        for line in [
            "Databases (n = 4678)", "PubMed (n = 2706)", "Other methods (n = 34)", "Duplicate records (n = 441)",
            "Records screened (n = 4237)", "Records excluded (n = 4200)", "Reports sought for retrieval (n = 37)",
            "Reports not retrieved (n = 0)", "Reports assessed for eligibility (n = 37)", "Reports excluded (n = 35):",
            "Not an RCT (n = 30)", "Studies included in review (n = 2)", ">Identification<", ">Screening<",
            ">Included<",
            "Marked as ineligible by automation tools (n = not reported)",
        ] {
            #expect(svg.contains(line), "\(line)")
        }
        // Four arrows down the main column, four to the side: eight arrow heads.
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 8)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        let json = JSONReport.document(evaluation.analyses).serialized(indent: 2)
        #expect(SchemaCheck.problems(json) == [])
    }

    @Test func everyInconsistencyIsReportedAtItsNumbers() {
        let wrong = Self.counts.replacing("screened 4237", with: "screened 4230").replacing(
            "studies 2", with: "studies 3")
        let (_, evaluation) = Self.run(Self.studies + wrong + "prisma to \"prisma.svg\"")
        #expect(evaluation.diagnostics.map(\.id) == Array(repeating: .prismaArithmetic, count: 4))
        #expect(
            evaluation.diagnostics.map(\.message) == [
                "4230 screened, but identified − removed before screening gives 4237",
                "37 sought, but screened − excluded gives 30",
                "3 studies, but assessed − excluded with reasons gives 2",
                "3 studies included, but the script defines 2",
            ])
        #expect(evaluation.diagnostics[0].secondary.map(\.message) == ["4678 databases", "441 duplicates"])
        #expect(evaluation.analyses.isEmpty)
    }

    @Test func unknownCountsAreNotCheckedAndDrawnAsNotReported() throws {
        let script = Self.studies + "prisma databases 100 duplicates unknown screened 80 studies 2\nprisma to \"p.svg\""
        let (_, evaluation) = Self.run(script)
        #expect(evaluation.diagnostics.isEmpty)
        guard case .prisma(let flow)? = evaluation.analyses.last else { Issue.record("no diagram"); return }
        #expect(PrismaSVG.render(flow).contains("Duplicate records (n = not reported)"))
    }

    @Test func aCountTwiceAWrongCountAndNoCounts() {
        let (session, twice) = Self.run("prisma screened 10 excluded 2\nprisma screened 12")
        #expect(twice.diagnostics.map(\.id) == [.duplicateDeclaration])
        #expect(twice.diagnostics.first?.secondary.first?.message == "first given here")
        _ = session
        let (_, fraction) = Self.run("prisma screened 10.5")
        #expect(fraction.diagnostics.map(\.id) == [.invalidCount])
        let (_, none) = Self.run("prisma to \"p.svg\"")
        #expect(none.diagnostics.map(\.id) == [.missingData])
        let (_, syntax) = Self.run("prisma screend 10")
        #expect(syntax.diagnostics.first?.help == "did you mean `screened`?")
    }

    @Test func theStatementsAreWrittenBackAsWritten() {
        for text in [
            "prisma databases \"PubMed\" 30, \"Scopus\" 1972 duplicates unknown screened 4271", "prisma to \"p.svg\"",
        ] {
            let (script, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
            #expect(diagnostics.isEmpty)
            #expect(script.statements.map(ScriptWriter.text) == [text])
        }
    }
}
