import ForestEval
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

@testable import ForestRender

/// Forest plots on awkward data (issue 16's defects): each drawn, then its geometry checked.
@Suite("Forest plots on awkward data")
struct FigureDefectTests {
    static func draw(_ script: String) throws -> (figure: FigureAnalysis, svg: SVGDocument, text: String) {
        let figure = FigureTests.figure(script)
        let text = FigureSVG.render(figure)
        return (figure, try SVGDocument(text), text)
    }

    /// The axis line's ends and range, and the x of a value on the analysis scale.
    static func axis(_ svg: SVGDocument) throws -> (x0: Double, x1: Double, min: Double, max: Double) {
        let axis = try #require(svg.elements.first { $0.attributes["class"] == "axis" })
        return (axis.number("x1"), axis.number("x2"), axis.number("data-min"), axis.number("data-max"))
    }

    /// Every point of every element and every text on the canvas, and no two texts overlapping.
    static func staysOnTheCanvas(_ svg: SVGDocument) {
        for element in svg.elements {
            for (x, y) in element.points {
                #expect(x >= 0 && x <= svg.width && y >= 0 && y <= svg.height, "\(element.name) leaves the canvas")
            }
        }
        for text in svg.texts {
            #expect(
                text.box.minX >= 0 && text.box.maxX <= svg.width && text.box.minY >= 0 && text.box.maxY <= svg.height,
                "text \"\(text.content)\" leaves the canvas")
        }
        for i in svg.texts.indices {
            for j in svg.texts.indices where j > i {
                #expect(
                    !svg.texts[i].box.intersects(svg.texts[j].box),
                    "\"\(svg.texts[i].content)\" overlaps \"\(svg.texts[j].content)\"")
            }
        }
    }

    @Test func aStudyOfTinyWeightKeepsAVisibleSquare() throws {
        let (figure, svg, _) = try Self.draw(
            """
            study "Big"  < Y: 3000/10000 vs 3300/10000 >
            study "Tiny" < Y: 2/6 vs 1/6 >
            forest Y to "x.svg"
            """)
        #expect(figure.pool.result.studies[1].weightPercent < 0.1)
        let squares = svg.elements.filter { $0.attributes["class"] == "square" }
        #expect(squares.count == 2)
        for square in squares { #expect(square.number("width") >= ForestPlotSVG.minSquare) }
    }

    /// A subgroup of two studies under HKSJ (t on 1 df) has an enormous subtotal CI: the axis
    /// still comes from the studies, and the diamond stops at the axis's ends with arrows.
    @Test func theAxisComesFromTheStudiesAndWiderTotalsEndInArrows() throws {
        let (figure, svg, _) = try Self.draw(
            """
            study "A1" g "a" < Y: 10/50 vs 30/50 >
            study "A2" g "a" < Y: 30/50 vs 12/50 >
            study "B1" g "b" < Y: 12/50 vs 15/50 >
            study "B2" g "b" < Y: 14/50 vs 16/50 >
            study "B3" g "b" < Y: 11/50 vs 15/50 >
            forest Y model random hksj by g to "x.svg"
            """)
        guard case .subgroup(let s) = figure.content, let wide = s.groups[0].result?.interval else {
            Issue.record("no subgroup result")
            return
        }
        #expect(exp(wide.upper) > 1000)
        let axis = try Self.axis(svg)
        #expect(axis.max <= log(20) + 1e-12)
        for diamond in svg.elements.filter({ $0.attributes["class"] == "diamond" }) {
            for (x, _) in diamond.points { #expect(x >= axis.x0 - 1e-9 && x <= axis.x1 + 1e-9) }
        }
        let arrows = svg.elements.filter { $0.attributes["class"] == "arrow" }
        #expect(arrows.contains { $0.points.contains { abs($0.0 - axis.x0) < 2 } })
        #expect(arrows.contains { $0.points.contains { abs($0.0 - axis.x1) < 2 } })
        Self.staysOnTheCanvas(svg)
    }

    @Test func thePredictionIntervalIsPrintedAndEndsInArrowsPastTheAxis() throws {
        let (figure, svg, text) = try Self.draw(
            """
            study "A" < Y: 5/40 vs 20/40 >
            study "B" < Y: 25/40 vs 8/40 >
            study "C" < Y: 12/40 vs 14/40 >
            study "D" < Y: 30/40 vs 10/40 >
            forest Y model random prediction to "x.svg"
            """)
        let pi = try #require(figure.pool.result.prediction)
        let printed = "[\(NumberFormat.fixed(exp(pi.lower))), \(NumberFormat.fixed(exp(pi.upper)))]"
        #expect(text.contains(">\(printed)</text>"))
        let axis = try Self.axis(svg)
        let bar = try #require(svg.elements.first { $0.attributes["class"] == "prediction" })
        #expect(bar.number("x") >= axis.x0 - 1e-9 && bar.number("x") + bar.number("width") <= axis.x1 + 1e-9)
        if pi.lower < axis.min || pi.upper > axis.max {
            let y = bar.number("y") + bar.number("height") / 2
            #expect(
                svg.elements.contains {
                    $0.attributes["class"] == "arrow" && $0.points.contains { abs($0.1 - y) < 0.01 }
                })
        }
        Self.staysOnTheCanvas(svg)
    }

    /// Every limit within 0.37–13.3: the axis is 0.05–20, not 0.01–100.
    @Test func theAxisFitsTheIntervals() throws {
        let (_, svg, text) = try Self.draw(
            """
            study "A" < Y: 20/40 vs 10/40 >
            study "B" < Y: 30/45 vs 12/45 >
            study "C" < Y: 15/50 vs 14/50 >
            forest Y to "x.svg"
            """)
        let axis = try Self.axis(svg)
        #expect(abs(axis.max - log(20)) < 1e-12 && abs(axis.min + log(20)) < 1e-12)
        #expect(text.contains(">0.05</text>") && text.contains(">20</text>"))
    }

    /// Two very wide intervals among seventeen studies: the axis fits the others, and the two
    /// run off it with arrows.
    @Test func aFewVeryWideIntervalsDoNotSqueezeTheRest() throws {
        var script = ""
        for i in 0..<15 { script += "study \"S\(i)\" < Y: \(20 + i)/60 vs \(15 + i % 4)/60 >\n" }
        script += "study \"W1\" < Y: 2/4 vs 1/4 >\nstudy \"W2\" < Y: 1/3 vs 1/4 >\nforest Y to \"x.svg\"\n"
        let (figure, svg, _) = try Self.draw(script)
        let widest = figure.pool.result.studies.compactMap(\.interval).map(\.upper).max()!
        #expect(exp(widest) > 50)
        let axis = try Self.axis(svg)
        #expect(axis.max <= log(10) + 1e-12)
        #expect(svg.elements.filter { $0.attributes["class"] == "arrow" }.count >= 2)
        Self.staysOnTheCanvas(svg)
    }

    @Test func longTitlesAndFavoursLabelsWrapInsideTheCanvas() throws {
        let (_, svg, _) = try Self.draw(
            """
            outcome Y label "Complete or partial response at twelve months after the end of treatment, assessed by blinded radiologists using mRECIST" favours "Favours ultrasound-guided intervention plus radiotherapy" "Favours radiotherapy or surgical resection alone"
            study "A" < Y: 20/40 vs 10/40 >
            study "B" < Y: 30/45 vs 12/45 >
            forest Y to "x.svg"
            """)
        Self.staysOnTheCanvas(svg)
        #expect(
            svg.texts.contains {
                $0.content == "Favours ultrasound-guided" || $0.content.hasPrefix("Favours ultrasound")
            })
        #expect(svg.texts.filter { $0.content.contains("radiologists") || $0.content.contains("mRECIST") }.count >= 1)
    }

    @Test func aSubgroupWithNothingEstimableKeepsItsLines() throws {
        let (_, _, text) = try Self.draw(
            """
            study "A" g "a" < Y: 0/20 vs 0/20 >
            study "B" g "b" < Y: 4/20 vs 8/20 >
            study "C" g "b" < Y: 5/20 vs 9/20 >
            forest Y by g to "x.svg"
            """)
        #expect(text.contains(">Heterogeneity: Not applicable</text>"))
        #expect(text.contains(">Test for overall effect: Not applicable</text>"))
    }

    @Test func theFunnelLegendNamesEveryRegionAndLine() throws {
        let (_, svg, text) = try Self.draw(
            Examples.bcg + "\nfunnel TB measure RR method IV contours trimfill to \"x.svg\"")
        let entries = svg.texts.map(\.content)
        for entry in [
            "p > 0.10", "0.05 < p < 0.10", "0.01 < p < 0.05", "p < 0.01", "Pooled estimate", "Pseudo 95% limits",
            "Trim-and-fill estimate", "Filled study",
        ] {
            #expect(entries.contains(entry), "\(entry)")
        }
        // The legend is beside the plot, not over its studies.
        let legend = try #require(svg.elements.first { $0.attributes["class"] == "legend" })
        let studies = svg.elements.filter { ["study", "filled"].contains($0.attributes["class"]) }
        #expect(studies.allSatisfy { $0.number("cx") + $0.number("r") < legend.number("x") })
        #expect(text.contains("4 filled (trim-and-fill)"))
        Self.staysOnTheCanvas(svg)
    }

    @Test func aFunnelWithNothingFilledSaysSo() throws {
        let (figure, _, text) = try Self.draw(
            """
            study "A" < Y: 20/40 vs 10/40 >
            study "B" < Y: 30/45 vs 12/45 >
            study "C" < Y: 15/50 vs 14/50 >
            funnel Y trimfill to "x.svg"
            """)
        #expect(figure.trimAndFill?.k0 == 0)
        #expect(text.contains("trim-and-fill filled no study") && !text.contains("0 filled"))
        #expect(!text.contains("Trim-and-fill estimate"))
    }
}

/// L'Abbé and Galbraith plots: every study where its numbers say, the pooled line where the
/// estimate says.
@Suite("L'Abbé and Galbraith plots")
struct ScatterPlotTests {
    @Test func labbeCirclesSitAtEachArmsRiskAndTheCurveIsTheOddsRatio() throws {
        let figure = FigureTests.figure(FigureTests.binary + "\nlabbe PR to \"x.svg\"")
        let svg = try SVGDocument(FigureSVG.render(figure))
        let frame = try #require(svg.elements.first { $0.attributes["class"] == "frame" })
        let (x0, y0, w, h) = (frame.number("x"), frame.number("y"), frame.number("width"), frame.number("height"))
        let studies = svg.elements.filter { $0.attributes["class"] == "study" }
        #expect(studies.count == 5)
        for circle in studies {
            #expect(abs(circle.number("cx") - (x0 + circle.number("data-control") * w)) <= 0.015)
            #expect(abs(circle.number("cy") - (y0 + h - circle.number("data-experimental") * h)) <= 0.015)
        }
        // Ke 2011: 12/30 vs 6/30.
        let ke = try #require(studies.first { $0.attributes["data-study"] == "Ke 2011" })
        #expect(ke.number("data-control") == 0.2 && ke.number("data-experimental") == 0.4)
        // The pooled curve: p_E = ψ p_C / (1 − p_C + ψ p_C), read back at one of its points.
        let psi = exp(figure.pool.result.estimate!)
        let curve = try #require(svg.elements.first { $0.attributes["class"] == "pooled" })
        let points = (curve.attributes["points"] ?? "").split(separator: " ").map { pair in
            pair.split(separator: ",").map { Double($0)! }
        }
        for point in points.dropFirst().dropLast() {
            let pc = (point[0] - x0) / w, pe = (y0 + h - point[1]) / h
            #expect(abs(pe - psi * pc / (1 - pc + psi * pc)) < 0.0002)
        }
    }

    @Test func galbraithPointsAreZAgainstPrecisionAndTheSlopeIsTheEstimate() throws {
        let figure = FigureTests.figure(Examples.bcg + "\ngalbraith TB measure RR model random to \"x.svg\"")
        let svg = try SVGDocument(FigureSVG.render(figure))
        let tau2 = figure.pool.result.tau2
        let studies = svg.elements.filter { ($0.attributes["class"] ?? "").hasPrefix("study") }
        #expect(studies.count == 13)
        for (point, row) in zip(studies, figure.pool.result.studies) {
            let s = (row.effect!.v + tau2).squareRoot()
            #expect(abs(point.number("data-precision") - 1 / s) < 1e-12)
            #expect(abs(point.number("data-z") - row.effect!.y / s) < 1e-12)
            let outside = abs(row.effect!.y / s - figure.pool.result.estimate! / s) > 2
            #expect((point.attributes["class"] == "study outside") == outside)
        }
        // The pooled line through the origin with slope θ̂, the band 2 above and below it.
        let pooled = try #require(svg.elements.first { $0.attributes["class"] == "pooled" })
        let bands = svg.elements.filter { $0.attributes["class"] == "band" }
        #expect(bands.count == 2)
        for band in bands {
            let dy = band.number("y1") - pooled.number("y1")
            #expect(abs(abs(dy) - abs(band.number("y2") - pooled.number("y2"))) < 0.02)
        }
    }

    @Test func aLabbePlotNeedsBinaryDataAndAFile() {
        var session = Session()
        let continuous = session.evaluate(
            SourceFile(name: "t.forest", text: FigureTests.continuous + "\nlabbe MH to \"x.svg\""))
        #expect(continuous.diagnostics.map(\.id) == [.incompatibleOption])
        #expect(continuous.diagnostics.first?.message == "a L'Abbé plot shows each arm's risk: it needs binary data")
        let noFile = session.evaluate(SourceFile(name: "u.forest", text: FigureTests.binary + "\ngalbraith PR"))
        #expect(noFile.diagnostics.map(\.id) == [.incompatibleOption])
        let wrongOption = session.evaluate(SourceFile(name: "v.forest", text: "labbe PR contours to \"x.svg\""))
        #expect(wrongOption.diagnostics.map(\.id) == [.incompatibleOption])
    }
}
