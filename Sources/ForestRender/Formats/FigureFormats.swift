import ForestEval

/// A file format a figure can be written in.
public struct FigureFormat: Sendable {
    /// The format's name in messages ("SVG").
    public var name: String
    /// The file-name extension that selects it, lower case, without the dot.
    public var fileExtension: String
    /// The drawing, as SVG (every format starts from it).
    public var render: @Sendable (FigureAnalysis) -> String
    /// What the file holds: the SVG itself, or the SVG rasterised (PNG) or printed (PDF).
    public var encoding: Encoding = .svg

    public enum Encoding: Sendable {
        case svg, png, pdf
    }
}

/// Every figure format, one line each: a new format is its renderer and one line here.
public enum FigureFormats {
    public static let all: [FigureFormat] = [
        FigureFormat(name: "SVG", fileExtension: "svg", render: FigureSVG.render),
        FigureFormat(name: "PNG", fileExtension: "png", render: FigureSVG.render, encoding: .png),
        FigureFormat(name: "PDF", fileExtension: "pdf", render: FigureSVG.render, encoding: .pdf),
    ]

    /// The format a file name asks for by its extension (any case), if Forest writes it.
    public static func format(forPath path: String) -> FigureFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let fileExtension = name[name.index(after: dot)...].lowercased()
        return all.first { $0.fileExtension == fileExtension }
    }

    /// "figures are written as SVG, PNG or PDF; the file name must end in .svg, .png or .pdf",
    /// for a file name that names no format.
    public static var expectation: String {
        let names = all.map(\.name), extensions = all.map { "." + $0.fileExtension }
        return "figures are written as " + names.dropLast().joined(separator: ", ") + " or " + names.last!
            + "; the file name must end in " + extensions.dropLast().joined(separator: ", ") + " or "
            + extensions.last!
    }
}
