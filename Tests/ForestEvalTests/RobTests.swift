import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `rob`: risk-of-bias judgements, their checks, and the RoB graph and summary.
@Suite("Risk of bias")
struct RobTests {
    static let studies = """
        study "Ke 2011" < X: 3/20 vs 5/20 >
        study "Ding 2016" < X: 4/25 vs 6/25 >
        study "Li 2014" < X: 5/25 vs 7/25 >

        """
    static let judgements = """
        rob "Ke 2011"   sequence low "Random number table" allocation low performance high detection low attrition low reporting unclear other low
        rob "Ding 2016" sequence low allocation unclear performance unclear detection low attrition low reporting high other low
        rob "Li 2014"   sequence unclear allocation low performance high detection low attrition unclear reporting unclear other low

        """

    static func figure(_ script: String) -> (RobFigure?, [Diagnostic]) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: script))
        guard case .rob(let figure)? = evaluation.analyses.last else { return (nil, evaluation.diagnostics) }
        return (figure, evaluation.diagnostics)
    }

    @Test func theGraphsBarsAreTheShares() throws {
        let (figure, problems) = Self.figure(Self.studies + Self.judgements + "rob graph to \"g.svg\"")
        #expect(problems.isEmpty, "\(DiagnosticRenderer().render(problems))")
        let graph = try #require(figure)
        #expect(graph.domains.count == 7 && graph.domains[2].hasPrefix("Blinding of participants"))
        let svg = RobSVG.render(graph)
        Golden(besides: #filePath).check("rob-graph.svg", svg)
        // Performance bias: 1 of 3 unclear, 2 of 3 high — bars of 400/3 and 800/3 pixels.
        let widths = Self.rects(svg, row: 2)
        #expect(widths.count == 2)
        #expect(abs(widths[0] - 400.0 / 3) < 0.01 && abs(widths[1] - 800.0 / 3) < 0.01)
        // Every domain's bars add up to the full width.
        for row in 0..<7 { #expect(abs(Self.rects(svg, row: row).reduce(0, +) - 400) < 0.05, "row \(row)") }
    }

    @Test func theSummaryHasEachJudgementsColourAndSymbol() throws {
        let (figure, _) = Self.figure(Self.studies + Self.judgements + "rob summary to \"s.svg\"")
        let svg = RobSVG.render(try #require(figure))
        Golden(besides: #filePath).check("rob-summary.svg", svg)
        let circles = svg.components(separatedBy: "<circle").dropFirst()
        #expect(circles.count == 21)
        // Ke 2011 row: + + − + + ? + in domain order.
        let levels = circles.prefix(7).map { $0.components(separatedBy: "class=\"rob-")[1].prefix { $0 != "\"" } }
        #expect(levels == ["low", "low", "high", "low", "low", "unclear", "low"])
        #expect(svg.contains("fill=\"#d7261e\"") && svg.contains(">−</text>") && svg.contains(">?</text>"))
    }

    @Test func incompleteAndInconsistentJudgementsAreErrors() {
        let missingDomain = Self.judgements.replacing(" other low\nrob \"Ding", with: "\nrob \"Ding")
        #expect(
            Self.figure(Self.studies + missingDomain + "rob graph to \"g.svg\"").1.map(\.message) == [
                "study \"Ke 2011\" has no judgement for other"
            ])
        let unjudged = Self.judgements.components(separatedBy: "\n").prefix(2).joined(separator: "\n") + "\n"
        #expect(
            Self.figure(Self.studies + unjudged + "rob graph to \"g.svg\"").1.map(\.message) == [
                "no risk-of-bias judgements for \"Li 2014\""
            ])
        #expect(Self.figure(Self.studies + "rob \"Ke 2012\" sequence low").1.map(\.id) == [.unknownStudy])
        #expect(
            Self.figure(Self.studies + "rob \"Ke 2011\" sequence low sequence high").1.map(\.id) == [.duplicateOption])
        #expect(
            Self.figure(Self.studies + "rob \"Ke 2011\" sequence some-concerns").1.map(\.id) == [.invalidOptionValue])
        #expect(
            Self.figure(Self.studies + "rob \"Ke 2011\" sequence low overall low").1.map(\.id) == [.invalidOptionValue])
        #expect(Self.figure(Self.studies + "rob \"Ke 2011\" sequense low").1.first?.help == "did you mean `sequence`?")
        #expect(Self.figure(Self.studies + "rob graph to \"g.svg\"").1.map(\.id) == [.missingData])
    }

    /// `sensitivity … exclude rob LEVEL` and `exclude DOMAIN LEVEL` leave out studies by their
    /// judgements.
    @Test func exclusionByJudgement() throws {
        func excluded(_ criterion: String) -> [String]? {
            var session = Session()
            let evaluation = session.evaluate(
                SourceFile(name: "t", text: Self.studies + Self.judgements + "sensitivity X exclude \(criterion)"))
            guard case .exclusion(let e)? = evaluation.analyses.last else { return nil }
            return e.excluded
        }
        #expect(excluded("reporting high") == ["Ding 2016"])
        #expect(excluded("performance unclear") == ["Ding 2016"])
        #expect(excluded("allocation unclear") == ["Ding 2016"])
        #expect(excluded("attrition unclear") == ["Li 2014"])
        // Any domain: every study has one high or unclear judgement here.
        #expect(excluded("rob high") == nil)
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "t", text: Self.studies + Self.judgements + "sensitivity X exclude rob hihg"))
        #expect(evaluation.diagnostics.first?.help == "did you mean `high`?")
    }

    /// `forest … rob`: the judgements beside each study's row, as RevMan 5.3 draws them.
    @Test func aForestPlotShowsTheJudgementsBesideItsStudies() throws {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "t", text: Self.studies + Self.judgements + "forest X rob to \"f.svg\""))
        #expect(evaluation.diagnostics.isEmpty, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        guard case .figure(let figure)? = evaluation.analyses.last else { Issue.record("no figure"); return }
        #expect(figure.rob?.judgements["Li 2014"]?.first == "unclear")
        let svg = FigureSVG.render(figure)
        let circles = svg.components(separatedBy: "<circle").dropFirst()
        #expect(circles.count == 21)
        let firstRow = circles.prefix(7).map { $0.components(separatedBy: "class=\"rob-")[1].prefix { $0 != "\"" } }
        #expect(firstRow == ["low", "low", "high", "low", "low", "unclear", "low"])
        #expect(svg.contains(">Risk of bias</text>") && svg.contains("(C) Blinding of participants and personnel"))
        Golden(besides: #filePath).check("forest-rob.svg", svg)
        // In the terminal, or without judgements, it is an error.
        var other = Session()
        let text = other.evaluate(SourceFile(name: "t", text: Self.studies + Self.judgements + "forest X rob"))
        #expect(text.diagnostics.map(\.id) == [.incompatibleOption])
        var none = Session()
        let unjudged = none.evaluate(SourceFile(name: "t", text: Self.studies + "forest X rob to \"f.svg\""))
        #expect(unjudged.diagnostics.map(\.id) == [.missingData])
    }

    @Test func theStatementsAreWrittenBackAndTheJSONConforms() throws {
        for text in ["rob \"Ke 2011\" sequence low \"Random\" allocation unclear", "rob summary to \"s.svg\""] {
            let (script, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
            #expect(diagnostics.isEmpty)
            #expect(script.statements.map(ScriptWriter.text) == [text])
        }
        let (figure, _) = Self.figure(Self.studies + Self.judgements + "rob summary to \"s.svg\"")
        let json = JSONReport.document([.rob(try #require(figure))]).serialized(indent: 2)
        #expect(SchemaCheck.problems(json) == [])
        #expect(json.contains("\"Random number table\""))
    }

    /// The widths of the coloured bars of one domain's row of the graph.
    static func rects(_ svg: String, row: Int) -> [Double] {
        let y = 20.0 + Double(row) * 26 + 3
        return svg.components(separatedBy: "\n").filter {
            $0.contains("class=\"rob-") && $0.contains(" y=\"\(SVGNumber.text(y))\"")
        }
        .compactMap { line in
            line.components(separatedBy: "width=\"").dropFirst().first.flatMap { Double($0.prefix { $0 != "\"" }) }
        }
    }
}

/// How the SVG writer prints a coordinate (at most two decimals, none needless).
enum SVGNumber {
    static func text(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
