import ForestEval

/// A file format a figure can be written in.
public struct FigureFormat: Sendable {
    /// The format's name in messages ("SVG").
    public var name: String
    /// The file-name extension that selects it, lower case, without the dot.
    public var fileExtension: String
    public var render: @Sendable (FigureAnalysis) -> String
}

/// Every figure format, one line each: a new format is its renderer and one line here.
public enum FigureFormats {
    public static let all: [FigureFormat] = [
        FigureFormat(name: "SVG", fileExtension: "svg", render: FigureSVG.render)
    ]

    /// The format a file name asks for by its extension (any case), if Forest writes it.
    public static func format(forPath path: String) -> FigureFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let fileExtension = name[name.index(after: dot)...].lowercased()
        return all.first { $0.fileExtension == fileExtension }
    }

    /// "figures are written as SVG; the file name must end in .svg", for a file name that
    /// names no format.
    public static var expectation: String {
        "figures are written as " + all.map(\.name).joined(separator: " or ") + "; the file name must end in "
            + all.map { "." + $0.fileExtension }.joined(separator: " or ")
    }
}
