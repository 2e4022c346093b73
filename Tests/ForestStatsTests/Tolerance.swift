import Testing

/// One table of tolerances by kind of quantity (STYLE.md): relative error allowed.
enum Tol {
    /// Distribution functions: values computed with mpmath at 40 digits.
    static let distribution = 1e-13
    /// Closed-form statistics against hand-computed or published values.
    static let closedForm = 1e-9
    /// Values printed with a few digits in a paper.
    static let published = 5e-3
}

func expectClose(
    _ actual: Double?, _ expected: Double, relative: Double, _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("expected \(expected), got nil", sourceLocation: sourceLocation)
        return
    }
    let error = abs(actual - expected) / max(abs(expected), 1e-300)
    #expect(
        error <= relative, "\(actual) vs \(expected) (relative error \(error)) \(comment?.rawValue ?? "")",
        sourceLocation: sourceLocation)
}
