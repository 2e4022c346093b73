import ForestEval
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

@testable import ForestRender

/// `metareg … to "FILE"`: the bubble plot of a meta-regression on one continuous moderator —
/// each study where its moderator and effect say, the fitted line and its band where the model
/// says.
@Suite("Bubble plots")
struct BubblePlotTests {
    static let script = Examples.bcg + "\nmetareg TB on ablat measure RR model random tau REML to \"x.svg\""

    static func regression(_ script: String) -> (MetaRegressionAnalysis?, [Diagnostic]) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "bubble.forest", text: script))
        for case .metaRegression(let m) in evaluation.analyses { return (m, evaluation.diagnostics) }
        return (nil, evaluation.diagnostics)
    }

    @Test func golden() throws {
        let m = try #require(Self.regression(Self.script).0)
        Golden().check("bubble.svg", BubblePlotSVG().render(m))
    }

    @Test func studiesLineAndBandSitWhereTheModelSays() throws {
        let m = try #require(Self.regression(Self.script).0)
        let svg = try SVGDocument(BubblePlotSVG().render(m))
        let frame = try #require(svg.elements.first { $0.attributes["class"] == "frame" })
        let (left, top, width, height) = (
            frame.number("x"), frame.number("y"), frame.number("width"), frame.number("height")
        )
        let circles = svg.elements.filter { $0.attributes["class"] == "study" }
        #expect(circles.count == 13)
        let xs = circles.map { $0.number("data-x") }, ys = circles.map { $0.number("data-y") }
        // Recover the scales from two studies, then check every other one and the line.
        let (a, b) = (xs.firstIndex(of: xs.min()!)!, xs.firstIndex(of: xs.max()!)!)
        let xScale = (circles[b].number("cx") - circles[a].number("cx")) / (xs[b] - xs[a])
        let (c, d) = (ys.firstIndex(of: ys.min()!)!, ys.firstIndex(of: ys.max()!)!)
        let yScale = (circles[d].number("cy") - circles[c].number("cy")) / (ys[d] - ys[c])
        for (i, circle) in circles.enumerated() {
            #expect(abs(circle.number("cx") - (circles[a].number("cx") + (xs[i] - xs[a]) * xScale)) < 0.02)
            #expect(abs(circle.number("cy") - (circles[c].number("cy") + (ys[i] - ys[c]) * yScale)) < 0.02)
            #expect(circle.number("cx") >= left && circle.number("cx") <= left + width)
            #expect(circle.number("cy") >= top && circle.number("cy") <= top + height)
        }
        let fitted = try #require(svg.elements.first { $0.attributes["class"] == "fitted" })
        let points = (fitted.attributes["points"] ?? "").split(separator: " ").map {
            $0.split(separator: ",").map { Double($0)! }
        }
        let (b0, b1) = (m.result.coefficients[0].estimate, m.result.coefficients[1].estimate)
        for point in points {
            let x = xs[a] + (point[0] - circles[a].number("cx")) / xScale
            let y = ys[c] + (point[1] - circles[c].number("cy")) / yScale
            #expect(abs(y - (b0 + b1 * x)) < 1e-3)
        }
        // The band holds the line: at each x its limits are the model's interval there.
        let band = try #require(svg.elements.first { $0.attributes["class"] == "band" })
        #expect(band.points.count == 2 * points.count)
        let (_, interval) = MetaRegression.prediction(m.result, at: [1, 30])
        #expect(interval.lower < b0 + b1 * 30 && interval.upper > b0 + b1 * 30)
    }

    @Test func aBubblePlotNeedsOneContinuousModerator() {
        for statement in ["metareg TB on alloc to \"b.svg\"", "metareg TB on ablat year to \"b.svg\""] {
            let (_, diagnostics) = Self.regression(Examples.bcg + "\n" + statement)
            #expect(diagnostics.map(\.id) == [.incompatibleOption], "\(statement)")
            #expect(diagnostics.first?.message == "a bubble plot shows the effect against one continuous moderator")
        }
    }

    @Test func theTextAndJSONSayWhereItWent() throws {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "b", text: Self.script))
        #expect(
            TextReport().render(evaluation.analyses).contains("Bubble plot of Tuberculosis on ablat written to x.svg"))
        #expect(JSONReport.document(evaluation.analyses).serialized().contains(#""file":"x.svg""#))
        #expect(evaluation.outputs.map(\.path) == ["x.svg"])
    }
}

/// `influence … to "FILE"`: the Baujat plot, each study where its two numbers say, every label
/// on the canvas.
@Suite("Baujat plots")
struct BaujatPlotTests {
    static func analysis() throws -> InfluenceAnalysis {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "b", text: Examples.bcg + "\ninfluence TB measure RR to \"x.svg\""))
        for case .influence(let a) in evaluation.analyses { return a }
        throw CancellationError()
    }

    @Test func golden() throws {
        Golden().check("baujat.svg", BaujatPlotSVG().render(try Self.analysis()))
    }

    @Test func pointsAndLabels() throws {
        let a = try Self.analysis()
        let svg = try SVGDocument(BaujatPlotSVG().render(a))
        let frame = try #require(svg.elements.first { $0.attributes["class"] == "frame" })
        let points = svg.elements.filter { ($0.attributes["class"] ?? "").hasPrefix("study") }
        #expect(points.count == 13)
        #expect(points.filter { $0.attributes["class"] == "study influential" }.count == 3)
        for (point, row) in zip(points, a.result.rows) {
            #expect(point.number("data-x") == row!.baujatX && point.number("data-y") == row!.baujatY)
            #expect(
                point.number("cx") >= frame.number("x")
                    && point.number("cy") <= frame.number("y") + frame.number("height"))
        }
        for text in svg.texts {
            #expect(text.box.minX >= 0 && text.box.maxX <= svg.width, "\(text.content) leaves the canvas")
        }
    }
}
