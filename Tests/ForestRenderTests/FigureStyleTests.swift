import ForestEval
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

@testable import ForestRender

/// A forest plot's style options (`xlim`, `ticks`, `decimals`, `columns`, `colours`,
/// `fontsize`, `title`, `width`): each changes what it says and nothing else, and each bad
/// value is an error at the value.
@Suite("Forest plot options")
struct FigureStyleTests {
    static let bcg = Examples.bcg + "\nforest TB measure RR model random prediction "

    static func svg(_ options: String) throws -> (FigureAnalysis, SVGDocument, String) {
        let figure = FigureTests.figure(bcg + options + " to \"x.svg\"")
        let text = FigureSVG.render(figure)
        return (figure, try SVGDocument(text), text)
    }

    static func diagnostics(_ options: String) -> [Diagnostic] {
        var session = Session()
        return session.evaluate(SourceFile(name: "t.forest", text: bcg + options)).diagnostics
    }

    @Test func golden() {
        let script =
            Self.bcg + "xlim 0.05 20 ticks 0.05 0.2 1 5 20 decimals 3 columns weight "
            + "colours squares \"grey\" diamonds \"#333\" prediction \"navy\" fontsize 12 "
            + "title \"BCG vaccine and tuberculosis\" width 360 to \"x.svg\""
        Golden().check("forest-styled.svg", FigureSVG.render(FigureTests.figure(script)))
    }

    @Test func xlimAndTicksSetTheAxis() throws {
        let (_, svg, _) = try Self.svg("xlim 0.2 5 ticks 0.2 0.5 1 2 5")
        let axis = try #require(svg.elements.first { $0.attributes["class"] == "axis" })
        #expect(abs(axis.number("data-min") - log(0.2)) < 1e-12 && abs(axis.number("data-max") - log(5)) < 1e-12)
        let labels = Set(svg.texts.map(\.content))
        #expect(["0.2", "0.5", "1", "2", "5"].allSatisfy(labels.contains))
        // Studies reaching past 0.2 or 5 end in arrows.
        #expect(svg.elements.contains { $0.attributes["class"] == "arrow" })
        // An asymmetric range keeps the line of no effect at 1.
        let (_, lopsided, _) = try Self.svg("xlim 0.1 2")
        let axis2 = try #require(lopsided.elements.first { $0.attributes["class"] == "axis" })
        let null = try #require(lopsided.elements.first { $0.attributes["class"] == "null-line" })
        let (x0, x1) = (axis2.number("x1"), axis2.number("x2"))
        let expected = x0 + (0 - log(0.1)) / (log(2) - log(0.1)) * (x1 - x0)
        #expect(abs(null.number("x1") - expected) <= 0.015)
    }

    @Test func decimalsColumnsTitleAndWidth() throws {
        let (figure, svg, text) = try Self.svg("decimals 3 columns weight title \"BCG\" width 400")
        let total = try #require(figure.pool.result.estimate)
        #expect(text.contains(NumberFormat.fixed(exp(total), 3)))
        let contents = Set(svg.texts.map(\.content))
        #expect(contents.contains("BCG") && !contents.contains("Tuberculosis"))
        #expect(contents.contains("Weight") && !contents.contains("Events") && !contents.contains("Total"))
        let axis = try #require(svg.elements.first { $0.attributes["class"] == "axis" })
        #expect(abs(axis.number("x2") - axis.number("x1") - 400) < 1e-9)
        let (_, dataOnly, _) = try Self.svg("columns data")
        let dataTexts = Set(dataOnly.texts.map(\.content))
        #expect(!dataTexts.contains("Weight") && dataTexts.contains("Events"))
    }

    @Test func coloursAndFontSize() throws {
        let (_, svg, text) = try Self.svg(
            "colours squares \"firebrick\" diamonds \"#123\" prediction \"grey\" fontsize 14")
        let squares = svg.elements.filter { $0.attributes["class"] == "square" }
        #expect(!squares.isEmpty && squares.allSatisfy { $0.attributes["fill"] == "firebrick" })
        #expect(
            svg.elements.filter { $0.attributes["class"] == "diamond" }.allSatisfy { $0.attributes["fill"] == "#123" })
        #expect(svg.elements.first { $0.attributes["class"] == "prediction" }?.attributes["fill"] == "grey")
        #expect(text.contains("font-size=\"14\""))
        // Larger text, same discipline: on the canvas, nothing overlapping.
        for t in svg.texts {
            #expect(t.box.minX >= 0 && t.box.maxX <= svg.width && t.box.maxY <= svg.height, "\(t.content)")
        }
        let texts = svg.texts
        for i in texts.indices {
            for j in texts.indices where j > i {
                #expect(
                    !texts[i].box.intersects(texts[j].box), "\"\(texts[i].content)\" overlaps \"\(texts[j].content)\"")
            }
        }
    }

    @Test func theDefaultsChangeNothing() throws {
        let plain = FigureSVG.render(FigureTests.figure(Self.bcg + "to \"x.svg\""))
        let (_, _, styled) = try Self.svg("decimals 2 columns data weight fontsize 11 width 280")
        #expect(plain == styled)
    }

    @Test(arguments: [
        (
            "xlim 0.5 0.9 to \"x.svg\"", DiagnosticID.invalidOptionValue,
            "the axis must hold the line of no effect (1) between its limits"
        ),
        ("xlim 0 10 to \"x.svg\"", .invalidOptionValue, "the axis of a ratio starts above 0, not at 0"),
        ("ticks 0.1 1 to \"x.svg\"", .incompatibleOption, "ticks need the axis limits they lie within"),
        ("xlim 0.5 2 ticks 0.1 1 to \"x.svg\"", .invalidOptionValue, "the tick at 0.1 lies outside xlim"),
        ("decimals 7 to \"x.svg\"", .invalidOptionValue, "decimals: a whole number from 0 to 6, not 7"),
        (
            "fontsize 11.5 to \"x.svg\"", .invalidOptionValue,
            "a font size (points): a whole number from 6 to 24, not 11.5"
        ),
        (
            "width 50 to \"x.svg\"", .invalidOptionValue,
            "the plot's width (pixels): a whole number from 100 to 2000, not 50"
        ),
        ("colours squares \"blu\" to \"x.svg\"", .invalidOptionValue, "\"blu\" is not a colour"),
        ("title \" \" to \"x.svg\"", .emptyLabel, "the plot's title is empty"),
        ("decimals 3", .incompatibleOption, "`decimals` styles a plot drawn to a file"),
    ])
    func eachBadValueIsAnErrorAtTheValue(_ options: String, _ id: DiagnosticID, _ message: String) {
        let diagnostics = Self.diagnostics(options)
        #expect(diagnostics.map(\.id) == [id], "\(diagnostics.map(\.message))")
        #expect(diagnostics.first?.message == message)
    }

    @Test func styleOptionsAreForForestPlotsAndParseAsWritten() throws {
        #expect(Self.diagnostics("").isEmpty)
        var session = Session()
        let funnel = session.evaluate(
            SourceFile(name: "t", text: Examples.bcg + "\nfunnel TB measure RR xlim 0.1 10 to \"f.svg\""))
        #expect(funnel.diagnostics.map(\.id) == [.incompatibleOption])
        let source =
            "forest TB xlim 0.1 10 ticks 0.1 1 10 columns weight rob colours squares \"#000\" title \"T\" to \"x.svg\""
        let parsed = Parser.parse(SourceFile(name: "t", text: source))
        #expect(parsed.diagnostics.isEmpty)
        #expect(ScriptWriter.text(try #require(parsed.script.statements.first)) == source)
        let missing = Parser.parse(SourceFile(name: "t", text: "forest TB xlim 0.1 to \"x.svg\""))
        #expect(missing.diagnostics.first?.message.hasPrefix("expected 2 numbers after `xlim`") == true)
    }
}
