/// How a forest plot drawn to a file looks (`xlim`, `ticks`, `decimals`, `columns`, `colours`,
/// `fontsize`, `title`, `width`): each nil or empty where the script left it to the default.
/// Checked by the evaluator, so the renderer draws whatever it holds.
public struct FigureStyle: Sendable, Hashable {
    /// The axis's limits as effects (ratios as ratios); the line of no effect lies between them.
    public var xlim: (lower: Double, upper: Double)? {
        get { limits.map { ($0[0], $0[1]) } }
        set { limits = newValue.map { [$0.lower, $0.upper] } }
    }
    private var limits: [Double]? = nil
    /// Tick marks at these effects, inside `xlim`.
    public var ticks: [Double]? = nil
    /// Decimals of the estimate column (2).
    public var decimals: Int? = nil
    /// The columns shown beside the study and the estimate: nil means data and weight.
    public var columns: Set<Column>? = nil
    /// Colours as SVG paints (`#1f4e79`, `black`).
    public var squares: String? = nil
    public var diamonds: String? = nil
    public var prediction: String? = nil
    /// The table's font size in points (11).
    public var fontSize: Double? = nil
    /// The title over the plot, instead of the outcome's.
    public var title: String? = nil
    /// The plot panel's width in pixels (280).
    public var width: Double? = nil

    public enum Column: String, Sendable, Hashable, CaseIterable {
        case data, weight, rob
    }

    public init() {}

    /// Whether a column is shown.
    public func shows(_ column: Column) -> Bool {
        columns.map { $0.contains(column) } ?? (column != .rob)
    }

    /// The colour names a script may use besides `#rgb` and `#rrggbb`: SVG's basic keywords and
    /// the greys, which every renderer (browsers, librsvg) knows.
    public static let colourNames: Set<String> = [
        "black", "white", "gray", "grey", "silver", "darkgray", "darkgrey", "lightgray", "lightgrey", "dimgray",
        "dimgrey", "red", "darkred", "firebrick", "maroon", "orange", "darkorange", "gold", "yellow", "olive",
        "green", "darkgreen", "forestgreen", "teal", "navy", "blue", "darkblue", "steelblue", "royalblue",
        "purple", "indigo", "brown",
    ]

    /// Whether `text` is a colour this style may carry.
    public static func isColour(_ text: String) -> Bool {
        if colourNames.contains(text) { return true }
        guard text.first == "#", [4, 7].contains(text.count) else { return false }
        return text.dropFirst().allSatisfy(\.isHexDigit)
    }
}
