/// A problem found in a script, as a value: what, where, and how to fix it.
///
/// Modelled on swift-syntax's `Diagnostic` and codespan-reporting: one primary label under the
/// culprit, optional secondary labels elsewhere (e.g. where a conflicting definition is), notes
/// that explain, and at most one help line that suggests a fix.
public struct Diagnostic: Error, Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// A span with an optional short message printed beside its underline.
    public struct Label: Sendable, Hashable {
        public var span: Span
        public var message: String?

        public init(_ span: Span, _ message: String? = nil) {
            self.span = span
            self.message = message
        }
    }

    public var severity: Severity
    public var id: DiagnosticID
    public var message: String
    public var primary: Label
    public var secondary: [Label]
    public var notes: [String]
    public var help: String?

    public init(
        _ severity: Severity = .error, _ id: DiagnosticID, _ message: String, at primary: Label,
        secondary: [Label] = [], notes: [String] = [], help: String? = nil
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.primary = primary
        self.secondary = secondary
        self.notes = notes
        self.help = help
    }

    public static func error(
        _ id: DiagnosticID, _ message: String, at span: Span, label: String? = nil,
        secondary: [Label] = [], notes: [String] = [], help: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, id, message, at: Label(span, label), secondary: secondary, notes: notes, help: help)
    }

    public static func warning(
        _ id: DiagnosticID, _ message: String, at span: Span, label: String? = nil,
        notes: [String] = [], help: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, id, message, at: Label(span, label), notes: notes, help: help)
    }
}

/// Stable identifiers of every diagnostic Forest emits. Tools and the REPL match on these,
/// never on message text (the REPL asks for another line on `unexpectedEndOfInput`, which the
/// parser reports only when the input ends inside a study's `< … >`).
public enum DiagnosticID: String, Sendable, Hashable, CaseIterable {
    // Lexical
    case unterminatedString = "unterminated-string"
    case invalidEscape = "invalid-escape"
    case invalidCharacter = "invalid-character"
    case invalidNumber = "invalid-number"
    case invalidUTF8 = "invalid-utf8"
    case hyphenInName = "hyphen-in-name"
    case invalidName = "invalid-name"
    // Syntax
    case unexpectedEndOfInput = "unexpected-end-of-input"
    case unexpectedToken = "unexpected-token"
    case unknownStatement = "unknown-statement"
    case unknownOption = "unknown-option"
    case invalidOptionValue = "invalid-option-value"
    case duplicateOption = "duplicate-option"
    case missingData = "missing-data"
    // Data
    case invalidCount = "invalid-count"
    case eventsExceedTotal = "events-exceed-total"
    case invalidSpread = "invalid-spread"
    case implausibleValue = "implausible-value"
    case emptyLabel = "empty-label"
    case duplicateStudy = "duplicate-study"
    case unreadableFile = "unreadable-file"
    case missingColumn = "missing-column"
    case invalidColumn = "invalid-column"
    case rowLength = "row-length"
    case missingValue = "missing-value"
    case attributeConflict = "attribute-conflict"
    case prismaArithmetic = "prisma-arithmetic"
    case robOverall = "rob-overall"
    case duplicateOutcomeInStudy = "duplicate-outcome-in-study"
    case duplicateAttribute = "duplicate-attribute"
    case outcomeTypeConflict = "outcome-type-conflict"
    case duplicateDeclaration = "duplicate-declaration"
    case declarationConflict = "declaration-conflict"
    case unusedDeclaration = "unused-declaration"
    // Analyses
    case unknownOutcome = "unknown-outcome"
    case unknownAttribute = "unknown-attribute"
    case unknownAttributeValue = "unknown-attribute-value"
    case unknownStudy = "unknown-study"
    case missingAttribute = "missing-attribute"
    case tooFewStudies = "too-few-studies"
    case fewStudiesForBiasTest = "few-studies-for-bias-test"
    case noUsableStudy = "no-usable-study"
    case numericalFailure = "numerical-failure"
    case predictionUnavailable = "prediction-unavailable"
    case incompatibleOption = "incompatible-option"
    case notConverged = "not-converged"
    case outputFailed = "output-failed"
    case unwritableOutput = "unwritable-output"
    case interrupted = "interrupted"
    case notEstimable = "not-estimable"
    case localMaximum = "local-maximum"
}
