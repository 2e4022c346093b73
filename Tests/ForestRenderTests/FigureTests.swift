import ForestEval
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

@testable import ForestRender

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Figures: golden SVG files, and their geometry checked against the numbers they draw.
@Suite("Figures")
struct FigureTests {
    static let binary = """
        outcome PR label "Partial response" arms "US + RT" "Control"
        study "Ke 2011"   < PR: 12/30 vs 6/30 >
        study "Ding 2016" < PR: 15/42 vs 9/40 >
        study "Li 2014"   < PR: 10/25 vs 5/25 >
        study "Wang 2018" < PR: 0/20 vs 3/21 >
        study "Zhou 2015" < PR: 30/42 vs 23/42 >
        """
    static let continuous = """
        study "Davis"   < MH: 5.0 sd 4.7 n 13 vs 6.5 sd 3.8 n 13 >
        study "Florell" < MH: 4.9 sd 1.71 n 30 vs 6.1 sd 2.3 n 50 >
        study "Gruen"   < MH: 22.5 sd 3.44 n 35 vs 24.9 sd 10.65 n 35 >
        study "Hart"    < MH: 12.5 sd 1.47 n 20 vs 12.3 sd 1.66 n 20 >
        study "Wilson"  < MH: 6.5 sd 0.76 n 8 vs 7.38 sd 1.41 n 8 >
        """

    static func figure(_ script: String) -> FigureAnalysis {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "figure.forest", text: script))
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        for case .figure(let figure) in evaluation.analyses { return figure }
        fatalError("no figure")
    }

    static let cases: [(name: String, script: String)] = [
        ("forest-binary.svg", binary + "\nforest PR to \"x.svg\""),
        ("forest-continuous.svg", continuous + "\nforest MH measure SMD model random prediction to \"x.svg\""),
        ("forest-subgroups.svg", Examples.bcg + "\nforest TB measure RR model random by alloc to \"x.svg\""),
        ("funnel.svg", Examples.bcg + "\nfunnel TB measure RR method IV contours trimfill to \"x.svg\""),
        ("labbe.svg", binary + "\nlabbe PR to \"x.svg\""),
        ("galbraith.svg", Examples.bcg + "\ngalbraith TB measure RR model random to \"x.svg\""),
    ]

    @Test(arguments: cases.map(\.name))
    func golden(_ name: String) {
        let script = Self.cases.first { $0.name == name }!.script
        Golden().check(name, FigureSVG.render(Self.figure(script)))
    }

    @Test(arguments: cases.map(\.name))
    func parsesAsXMLAndStaysOnTheCanvas(_ name: String) throws {
        let svg = try SVGDocument(FigureSVG.render(Self.figure(Self.cases.first { $0.name == name }!.script)))
        for element in svg.elements {
            for (x, y) in element.points {
                #expect(
                    x >= 0 && x <= svg.width && y >= 0 && y <= svg.height,
                    "\(element.name) at (\(x), \(y)) leaves the \(svg.width)×\(svg.height) canvas")
            }
        }
        for text in svg.texts {
            #expect(
                text.box.minX >= 0 && text.box.maxX <= svg.width && text.box.minY >= 0 && text.box.maxY <= svg.height,
                "text \"\(text.content)\" leaves the canvas")
        }
    }

    @Test(arguments: cases.map(\.name))
    func noTwoLabelsOverlap(_ name: String) throws {
        let texts = try SVGDocument(FigureSVG.render(Self.figure(Self.cases.first { $0.name == name }!.script))).texts
        for i in texts.indices {
            for j in texts.indices where j > i {
                #expect(
                    !texts[i].box.intersects(texts[j].box), "\"\(texts[i].content)\" overlaps \"\(texts[j].content)\"")
            }
        }
    }

    @Test(arguments: ["forest-binary.svg", "forest-continuous.svg", "forest-subgroups.svg"])
    func squaresIntervalsAndDiamondsSitWhereTheirNumbersSay(_ name: String) throws {
        let figure = Self.figure(Self.cases.first { $0.name == name }!.script)
        let svg = try SVGDocument(FigureSVG.render(figure))
        let axis = try #require(svg.elements.first { $0.attributes["class"] == "axis" })
        let (x0, x1) = (axis.number("x1"), axis.number("x2"))
        let (lo, hi) = (axis.number("data-min"), axis.number("data-max"))
        let xOf: (Double) -> Double = { x0 + ($0 - lo) / (hi - lo) * (x1 - x0) }
        #expect(axis.attributes["data-log"] == (figure.pool.logScale ? "true" : "false"))

        // Squares: centred on the estimate, area proportional to the weight.
        let squares = svg.elements.filter { $0.attributes["class"] == "square" }
        #expect(squares.count == figure.pool.result.studies.filter { $0.effect != nil }.count)
        let maxWeight = figure.pool.result.studies.map(\.weightPercent).max()!
        for square in squares {
            let side = square.number("width")
            #expect(abs(side - square.number("height")) < 1e-9)
            // (coordinates are written to 0.01 px)
            #expect(abs(square.number("x") + side / 2 - xOf(square.number("data-estimate"))) <= 0.015)
            let expectedSide = max(
                ForestPlotSVG.minSquare, 14 * (square.number("data-weight") / maxWeight).squareRoot())
            #expect(abs(side - expectedSide) <= 0.006, "square of \(square.attributes["data-study"]!)")
        }
        // Confidence intervals: from the lower to the upper limit, cut at the axis.
        for ci in svg.elements.filter({ $0.attributes["class"] == "ci" }) {
            #expect(abs(ci.number("x1") - xOf(max(ci.number("data-lower"), lo))) <= 0.015)
            #expect(abs(ci.number("x2") - xOf(min(ci.number("data-upper"), hi))) <= 0.015)
            let study = figure.pool.studies.firstIndex { $0.label == ci.attributes["data-study"] }!
            let interval = figure.pool.result.studies[study].interval!
            #expect(
                abs(ci.number("data-lower") - interval.lower) < 1e-12
                    && abs(ci.number("data-upper") - interval.upper) < 1e-12)
        }
        // Diamonds: the points at the limits and the estimate.
        let diamonds = svg.elements.filter { $0.attributes["class"] == "diamond" }
        #expect(!diamonds.isEmpty)
        for diamond in diamonds {
            let xs = diamond.points.map(\.0)
            #expect(abs(xs.min()! - xOf(max(diamond.number("data-lower"), lo))) <= 0.015)
            #expect(abs(xs.max()! - xOf(min(diamond.number("data-upper"), hi))) <= 0.015)
            #expect(abs(xs[1] - xOf(diamond.number("data-estimate"))) <= 0.015)
        }
        let total = try #require(diamonds.last)
        #expect(abs(total.number("data-estimate") - figure.pool.result.estimate!) < 1e-12)
        // The line of no effect.
        let null = try #require(svg.elements.first { $0.attributes["class"] == "null-line" })
        #expect(abs(null.number("x1") - xOf(0)) <= 0.015)
    }

    @Test func funnelPointsAndPooledLine() throws {
        let figure = Self.figure(Self.cases.first { $0.name == "funnel.svg" }!.script)
        let svg = try SVGDocument(FigureSVG.render(figure))
        let studies = svg.elements.filter { $0.attributes["class"] == "study" }
        #expect(studies.count == 13)
        #expect(svg.elements.filter { $0.attributes["class"] == "filled" }.count == figure.trimAndFill?.k0)
        #expect(figure.trimAndFill?.k0 == 4)
        // Points further up have smaller standard errors: the axis is inverted.
        let sorted = studies.sorted { $0.number("data-se") < $1.number("data-se") }
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.number("cy") <= $1.number("cy") })
        let pooled = try #require(svg.elements.first { $0.attributes["class"] == "pooled" })
        #expect(abs(pooled.number("data-estimate") - figure.pool.result.estimate!) < 1e-12)
        #expect(svg.elements.filter { $0.attributes["class"] == "contour" }.count == 6)
    }

    /// The pseudo-confidence limits follow the analysis's level: at 90% they run along
    /// θ̂ ± 1.645·SE, read back from the drawing through the studies' own positions.
    @Test func funnelLimitsFollowTheLevel() throws {
        let figure = Self.figure(Examples.bcg + "\nfunnel TB measure RR method IV level 90 to \"x.svg\"")
        let rendered = FigureSVG.render(figure)
        #expect(rendered.contains("pseudo 90% confidence limits"))
        let svg = try SVGDocument(rendered)
        let studies = svg.elements.filter { $0.attributes["class"] == "study" }
        let (a, b) = (studies[0], studies[1])
        // x = x₀ + sx·effect and y = y₀ + sy·SE, from two studies.
        let sx = (a.number("cx") - b.number("cx")) / (a.number("data-estimate") - b.number("data-estimate"))
        let sy = (a.number("cy") - b.number("cy")) / (a.number("data-se") - b.number("data-se"))
        let pooled = try #require(svg.elements.first { $0.attributes["class"] == "pooled" })
        for limit in svg.elements.filter({ $0.attributes["class"] == "pseudo-limit" }) {
            let z =
                abs(limit.number("x2") - pooled.number("x1")) / sx / ((limit.number("y2") - limit.number("y1")) / sy)
            #expect(abs(z - 1.6448536) < 0.01, "z = \(z)")
        }
    }
}

enum Examples {
    static let bcg = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Examples/bcg.forest"), encoding: .utf8
    )
    .split(separator: "\n").filter { $0.hasPrefix("study") || $0.hasPrefix("outcome") }.joined(separator: "\n")
}

/// The parts of an SVG the tests look at, read with Foundation's XML parser (which fails on
/// anything that is not well-formed XML).
struct SVGDocument {
    struct Element {
        var name: String
        var attributes: [String: String]

        func number(_ key: String) -> Double { Double(attributes[key] ?? "") ?? .nan }

        /// Every coordinate the element puts on the canvas.
        var points: [(Double, Double)] {
            switch name {
            case "line": return [(number("x1"), number("y1")), (number("x2"), number("y2"))]
            case "rect":
                return [(number("x"), number("y")), (number("x") + number("width"), number("y") + number("height"))]
            case "circle":
                return [
                    (number("cx") - number("r"), number("cy") - number("r")),
                    (number("cx") + number("r"), number("cy") + number("r")),
                ]
            case "polygon":
                return (attributes["points"] ?? "").split(separator: " ").map { pair in
                    let xy = pair.split(separator: ",").map { Double($0)! }
                    return (xy[0], xy[1])
                }
            default: return []
            }
        }
    }

    struct Text {
        var content: String
        var box: CGRect
    }

    var width = 0.0
    var height = 0.0
    var elements: [Element] = []
    var texts: [Text] = []

    init(_ svg: String) throws {
        final class Delegate: NSObject, XMLParserDelegate {
            var elements: [Element] = []
            var texts: [(attributes: [String: String], content: String)] = []
            var current: [String: String]? = nil
            var content = ""
            var clipDepth = 0

            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if name == "clipPath" { clipDepth += 1 }
                if name == "text" && attributes["transform"] == nil { current = attributes; content = "" }
                if clipDepth == 0 { elements.append(Element(name: name, attributes: attributes)) }
            }

            func parser(_ parser: XMLParser, foundCharacters string: String) { if current != nil { content += string } }

            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
            {
                if name == "clipPath" { clipDepth -= 1 }
                if name == "text", let attributes = current { texts.append((attributes, content)); current = nil }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let delegate = Delegate()
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
        let root = delegate.elements.first { $0.name == "svg" }!
        width = root.number("width")
        height = root.number("height")
        // Drawn elements only: the background rectangle covers the whole canvas by design.
        elements = delegate.elements.filter { $0.name != "svg" }
        texts = delegate.texts.map { attributes, content in
            let size = Double(attributes["font-size"] ?? "11")!
            let w = TextMetrics.width(content, size: size, bold: attributes["font-weight"] == "bold")
            let x = Double(attributes["x"]!)!, y = Double(attributes["y"]!)!
            let left: Double
            switch attributes["text-anchor"] {
            case "middle": left = x - w / 2
            case "end": left = x - w
            default: left = x
            }
            return Text(content: content, box: CGRect(x: left, y: y - 0.8 * size, width: w, height: size))
        }
    }
}

/// The PRISMA 2020 flow diagram as a golden SVG, and its geometry: one box per step, each box
/// beside the one it takes records from.
@Suite("PRISMA diagram")
struct PrismaFigureTests {
    static let flow = PrismaFlow(
        counts: [
            "databases": .init(
                total: 4678, parts: [.init(name: "PubMed", count: 2706), .init(name: "Embase", count: 1972)]),
            "other": .init(total: 34), "duplicates": .init(total: 441), "screened": .init(total: 4237),
            "excluded": .init(total: 4200), "sought": .init(total: 37), "unretrieved": .init(total: 0),
            "assessed": .init(total: 37),
            "reasons": .init(
                total: 35, parts: [.init(name: "Not an RCT", count: 30), .init(name: "No usable data", count: 5)]),
            "studies": .init(total: 2), "automation": .init(total: nil),
        ], file: "prisma.svg")

    @Test func theDiagramIsGolden() {
        Golden().check("prisma.svg", PrismaSVG.render(Self.flow))
    }

    @Test func everyStepHasItsBoxAndTheBoxesBesideThem() {
        let svg = PrismaSVG.render(Self.flow)
        // 5 main boxes, 4 beside them, 3 bands (identification, screening, included).
        #expect(svg.components(separatedBy: "<rect stroke=\"#000\"").count - 1 == 9)
        #expect(svg.components(separatedBy: "<rect stroke=\"#6d9eeb\"").count - 1 == 3)
        #expect(svg.contains("Marked as ineligible by automation tools (n = not reported)"))
        #expect(svg.contains("Removed for other reasons (n = not reported)"))
    }
}
