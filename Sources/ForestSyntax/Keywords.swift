/// The words of the grammar (`Grammar/forest.ebnf`): statement keywords, options and their values.
public enum Keywords {
    /// Words that begin a statement.
    public static let statements = [
        "review", "study", "outcome", "pool", "sensitivity", "cumulative", "bias", "forest", "funnel",
    ]
    /// Words joined with `-` that are single keywords.
    public static let hyphenated: Set<String> = ["leave-one-out"]

    /// Options of `pool` (and of the analyses that take pool options).
    public static let poolOptions = ["measure", "method", "model", "tau", "hksj", "level", "convention", "by"]
    public static let measures = ["OR", "RR", "RD", "MD", "SMD"]
    public static let methods = ["MH", "IV", "Peto"]
    public static let models = ["fixed", "random"]
    public static let tauEstimators = ["DL", "REML", "ML", "PM", "HE", "SJ", "EB"]
    public static let conventions = ["revman", "metafor"]

    public static let sensitivityKinds = ["leave-one-out", "exclude"]
    public static let biasTests = ["egger", "begg", "trimfill"]

    /// Options of an `outcome` declaration.
    public static let outcomeOptions = ["label", "scale", "effect", "arms", "favours"]
    public static let scales = ["log", "identity"]

    /// Options of a figure statement (`forest`, `funnel`) besides the pool options.
    public static let figureOptions = ["to", "prediction", "contours", "trimfill", "ascii"]
    /// The figure options each kind of plot takes.
    public static let forestPlotOptions = ["to", "prediction", "ascii"]
    public static let funnelPlotOptions = ["to", "contours", "trimfill"]

    /// The allowed values of each pool option that takes a word.
    public static func values(ofOption option: String) -> [String]? {
        switch option {
        case "measure": measures
        case "method": methods
        case "model": models
        case "tau": tauEstimators
        case "convention": conventions
        default: nil
        }
    }
}
