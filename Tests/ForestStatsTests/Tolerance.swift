import Testing

/// One table of tolerances by kind of quantity (STYLE.md): relative error allowed.
enum Tol {
    /// Distribution functions: values computed with mpmath at 40 digits.
    static let distribution = 1e-13
    /// Closed-form statistics against hand-computed or published values.
    static let closedForm = 1e-9
    /// Values printed with a few digits in a paper.
    static let published = 5e-3
    /// Closed-form statistics against metafor's, printed with 17 significant digits.
    static let metaforClosedForm = 1e-10
    /// Anything resting on an iterative τ² estimator, against metafor's: Fisher scoring stops at
    /// a change of 1e-5 and Paule–Mandel at a bracket of ε^¼, up to 1e-5 (relative) short of the
    /// root, so agreement this close means the same iterations were taken.
    static let metaforIterative = 1e-6
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

/// `expectClose` element by element, for arrays of the same length.
func expectAllClose(
    _ actual: [Double?], _ expected: [Double], relative: Double, _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let note = comment?.rawValue ?? ""
    #expect(
        actual.count == expected.count, "\(actual.count) values vs \(expected.count) \(note)",
        sourceLocation: sourceLocation)
    for (index, (value, reference)) in zip(actual, expected).enumerated() {
        expectClose(
            value, reference, relative: relative, Comment(rawValue: "[\(index)] \(note)"),
            sourceLocation: sourceLocation)
    }
}
