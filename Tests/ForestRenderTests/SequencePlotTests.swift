import ForestEval
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

@testable import ForestRender

/// Forest plots of leave-one-out and cumulative analyses (`sensitivity … leave-one-out to`,
/// `cumulative … to`): one row per pooled result, drawn where its numbers say.
@Suite("Leave-one-out and cumulative forest plots")
struct SequencePlotTests {
    static let cases: [(name: String, script: String)] = [
        ("leave-one-out.svg", Examples.bcg + "\nsensitivity TB leave-one-out measure RR model random to \"x.svg\""),
        ("cumulative.svg", Examples.bcg + "\ncumulative TB by year measure RR model random to \"x.svg\""),
    ]

    static func sequence(_ name: String) -> SequenceAnalysis {
        var session = Session()
        let script = cases.first { $0.name == name }!.script
        let evaluation = session.evaluate(SourceFile(name: "sequence.forest", text: script))
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        for case .sequence(let sequence) in evaluation.analyses { return sequence }
        fatalError("no leave-one-out or cumulative analysis")
    }

    @Test(arguments: cases.map(\.name))
    func golden(_ name: String) {
        Golden().check(name, SequencePlotSVG().render(Self.sequence(name)))
    }

    @Test(arguments: cases.map(\.name))
    func everythingStaysOnTheCanvasAndNoLabelsOverlap(_ name: String) throws {
        let svg = try SVGDocument(SequencePlotSVG().render(Self.sequence(name)))
        for element in svg.elements {
            for (x, y) in element.points {
                #expect(x >= 0 && x <= svg.width && y >= 0 && y <= svg.height, "\(element.name) leaves the canvas")
            }
        }
        let texts = svg.texts
        for i in texts.indices {
            #expect(texts[i].box.minX >= 0 && texts[i].box.maxX <= svg.width, "\"\(texts[i].content)\" leaves")
            for j in texts.indices where j > i {
                #expect(
                    !texts[i].box.intersects(texts[j].box), "\"\(texts[i].content)\" overlaps \"\(texts[j].content)\"")
            }
        }
    }

    @Test(arguments: cases.map(\.name))
    func eachRowSitsWhereItsPooledResultSays(_ name: String) throws {
        let sequence = Self.sequence(name)
        let svg = try SVGDocument(SequencePlotSVG().render(sequence))
        let axis = try #require(svg.elements.first { $0.attributes["class"] == "axis" })
        let (x0, x1) = (axis.number("x1"), axis.number("x2"))
        let (lo, hi) = (axis.number("data-min"), axis.number("data-max"))
        let xOf: (Double) -> Double = { x0 + ($0 - lo) / (hi - lo) * (x1 - x0) }

        let squares = svg.elements.filter { $0.attributes["class"] == "square" }
        let intervals = svg.elements.filter { $0.attributes["class"] == "ci" }
        #expect(squares.count == sequence.rows.count && intervals.count == sequence.rows.count)
        var clipped = 0
        for ((label, row), (square, ci)) in zip(sequence.rows, zip(squares, intervals)) {
            let result = try row.result.get()
            #expect(square.attributes["data-row"] == label && ci.attributes["data-row"] == label)
            #expect(abs(square.number("x") + square.number("width") / 2 - xOf(result.estimate!)) <= 0.015)
            #expect(square.number("data-estimate") == result.estimate!)
            let interval = try #require(result.interval)
            #expect(ci.number("data-lower") == interval.lower && ci.number("data-upper") == interval.upper)
            #expect(abs(ci.number("x1") - xOf(max(interval.lower, lo))) <= 0.015)
            #expect(abs(ci.number("x2") - xOf(min(interval.upper, hi))) <= 0.015)
            clipped += (interval.lower < lo ? 1 : 0) + (interval.upper > hi ? 1 : 0)
            #expect(svg.texts.contains { $0.content == label })
        }
        // Whatever runs past the axis ends in an arrow, one per clipped end.
        #expect(svg.elements.filter { $0.attributes["class"] == "arrow" }.count == clipped)
        // The analysis of all studies: a diamond, and a dashed line through the rows.
        let diamond = try #require(svg.elements.first { $0.attributes["class"] == "diamond" })
        let full = sequence.full.result
        #expect(abs(diamond.points[1].0 - xOf(full.estimate!)) <= 0.015)
        #expect(abs(diamond.points.map(\.0).min()! - xOf(max(full.interval!.lower, lo))) <= 0.015)
        let line = try #require(svg.elements.first { $0.attributes["class"] == "full-estimate" })
        #expect(abs(line.number("x1") - xOf(full.estimate!)) <= 0.015)
        #expect(svg.texts.contains { $0.content == "All studies" })
    }

    /// The cumulative plot of BCG by year begins with single trials whose intervals run past
    /// the axis chosen from most rows: there the arrows are drawn.
    @Test func theFirstCumulativeRowsAreClippedWithArrows() throws {
        let svg = try SVGDocument(SequencePlotSVG().render(Self.sequence("cumulative.svg")))
        #expect(svg.elements.contains { $0.attributes["class"] == "arrow" })
        #expect(svg.texts.contains { $0.content == "Added study" })
    }

    @Test func anExclusionHasNoForestPlotOfItsOwn() {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "t.forest", text: Examples.bcg + "\nsensitivity TB exclude alloc systematic to \"x.svg\""))
        #expect(evaluation.diagnostics.map(\.id) == [.incompatibleOption])
        #expect(evaluation.diagnostics.first?.message == "an exclusion has no forest plot of its own")
    }

    @Test func theTextSaysWhereThePlotWent() {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "t.forest", text: Examples.bcg + "\nsensitivity TB leave-one-out to \"loo.svg\""))
        let text = TextReport(style: TextStyle()).render(evaluation.analyses)
        #expect(text.contains("Forest plot of the leave-one-out analysis of Tuberculosis written to loo.svg"))
        #expect(evaluation.outputs.map(\.path) == ["loo.svg"])
    }
}
