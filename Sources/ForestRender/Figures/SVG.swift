import Foundation

/// A small SVG writer: elements in drawing order, attributes in the order given, numbers with
/// at most two decimals, so that the same figure always gives the same bytes.
struct SVG {
    let width: Double
    let height: Double
    private(set) var body: [String] = []
    /// Fonts with safe fallbacks: what RevMan uses, then what every system has.
    static let fontFamily = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func number(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var s = NumberFormat.printf("%.*f", rounded, 2)
        while s.hasSuffix("0") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// Text as XML character data: the five markup characters as entities, and every
    /// character XML 1.0 does not allow (C0 controls but tab and line breaks, U+FFFE, U+FFFF)
    /// as U+FFFD, so that any label gives a well-formed file.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            default:
                let v = scalar.value
                let allowed = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
                out.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return String(out)
    }

    private static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    mutating func raw(_ element: String) { body.append(element) }

    mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        if let content {
            body.append("<\(name)\(SVG.attributes(attributes))>\(SVG.escape(content))</\(name)>")
        } else {
            body.append("<\(name)\(SVG.attributes(attributes))/>")
        }
    }

    enum Anchor: String {
        case start
        case middle
        case end
    }

    mutating func text(
        _ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
        bold: Bool = false, color: String = "#000", italic: Bool = false, cls: String? = nil
    ) {
        var a: [(String, String)] = [("x", SVG.number(x)), ("y", SVG.number(y))]
        if anchor != .start { a.append(("text-anchor", anchor.rawValue)) }
        a.append(("font-size", SVG.number(size)))
        if bold { a.append(("font-weight", "bold")) }
        if italic { a.append(("font-style", "italic")) }
        if color != "#000" { a.append(("fill", color)) }
        if let cls { a.append(("class", cls)) }
        element("text", a, content: content)
    }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000",
        width: Double = 1, dash: String? = nil, extra: [(String, String)] = []
    ) {
        var a: [(String, String)] =
            extra + [
                ("x1", SVG.number(x1)), ("y1", SVG.number(y1)), ("x2", SVG.number(x2)), ("y2", SVG.number(y2)),
                ("stroke", stroke), ("stroke-width", SVG.number(width)),
            ]
        if let dash { a.append(("stroke-dasharray", dash)) }
        element("line", a)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, extra: [(String, String)] = [])
    {
        element(
            "rect",
            extra + [
                ("x", SVG.number(x)), ("y", SVG.number(y)), ("width", SVG.number(w)), ("height", SVG.number(h)),
                ("fill", fill),
            ])
    }

    mutating func polygon(
        _ points: [(Double, Double)], fill: String, stroke: String? = nil, extra: [(String, String)] = []
    ) {
        var a =
            extra + [
                ("points", points.map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")),
                ("fill", fill),
            ]
        if let stroke { a.append(("stroke", stroke)) }
        element("polygon", a)
    }

    mutating func circle(
        _ cx: Double, _ cy: Double, _ r: Double, fill: String, stroke: String? = nil, extra: [(String, String)] = []
    ) {
        var a = extra + [("cx", SVG.number(cx)), ("cy", SVG.number(cy)), ("r", SVG.number(r)), ("fill", fill)]
        if let stroke { a.append(("stroke", stroke)) }
        element("circle", a)
    }

    func render(title: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.number(width))\" height=\"\(SVG.number(height))\" "
        out += "viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" font-family=\"\(SVG.fontFamily)\">\n"
        out += "<title>\(SVG.escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(SVG.number(width))\" height=\"\(SVG.number(height))\" fill=\"#fff\"/>\n"
        out += body.joined(separator: "\n") + "\n</svg>\n"
        return out
    }
}

/// Text widths in Helvetica/Arial, from the fonts' published metrics (Adobe AFM, in 1/1000 em),
/// so that columns are laid out without overlap whatever renders the SVG.
enum TextMetrics {
    private static let ascii: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  // p … ~
    ]

    /// Width in pixels of `text` at `size` pixels; bold text is taken 8% wider.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var units = 0
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            if v >= 32 && v < 127 {
                units += ascii[v - 32]
            } else if v == 0x2014 || v == 0x2013 {
                units += v == 0x2014 ? 1000 : 556
            } else {
                units += 600
            }
        }
        return Double(units) / 1000 * size * (bold ? 1.08 : 1)
    }
}

/// A text laid out to fit a width: broken into lines at spaces, and set smaller only when a
/// single word is wider than the width — never cut.
struct WrappedText: Sendable {
    var lines: [String]
    var size: Double

    static func fit(_ text: String, width: Double, size: Double, bold: Bool = false) -> WrappedText {
        let words = text.split(separator: " ").map(String.init)
        let widest = words.map { TextMetrics.width($0, size: size, bold: bold) }.max() ?? 0
        let fitted = widest > width && widest > 0 ? max(6, size * width / widest) : size
        var lines: [String] = []
        for word in words {
            if let last = lines.last, TextMetrics.width(last + " " + word, size: fitted, bold: bold) <= width {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(word)
            }
        }
        return WrappedText(lines: lines.isEmpty ? [""] : lines, size: fitted)
    }
}
