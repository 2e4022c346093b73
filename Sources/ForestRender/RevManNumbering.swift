import ForestEval

/// RevMan's analysis numbers for a run's text: each pooled or subgroup analysis in turn is
/// `Analysis 1.n` (a script is one comparison), as RevMan numbers the outcomes of a comparison.
public struct RevManNumbering: Sendable {
    private var count = 0

    public init() {}

    /// The number of `analysis`, or nil for an analysis RevMan does not number.
    public mutating func next(for analysis: Analysis) -> Int? {
        switch analysis {
        case .pool, .subgroup:
            count += 1
            return count
        default:
            return nil
        }
    }
}
