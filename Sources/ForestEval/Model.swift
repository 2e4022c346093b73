import ForestStats
import ForestSyntax

/// The kinds of outcome data (the statistics core's `DataKind`); an outcome's kind is fixed by
/// its first use.
public typealias OutcomeKind = DataKind

/// One study's data for one outcome, checked.
public enum StudyData: Sendable, Hashable {
    case binary(BinaryCounts)
    case continuous(ContinuousArms)
    case generic(GenericEffect)

    public var kind: OutcomeKind {
        switch self {
        case .binary: .binary
        case .continuous: .continuous
        case .generic: .generic
        }
    }
}

/// A study as the session knows it.
public struct Study: Sendable, Hashable {
    public var label: String
    public var labelSpan: Span
    /// Attributes in the order written.
    public var attributes: [(name: String, value: AttributeValue, span: Span)]
    /// Outcome data in the order written.
    public var outcomes: [(name: String, data: StudyData, span: Span)]
    public var span: Span

    public func attribute(_ name: String) -> AttributeValue? {
        attributes.first { $0.name == name }?.value
    }

    public func data(for outcome: String) -> StudyData? {
        outcomes.first { $0.name == outcome }?.data
    }

    public static func == (lhs: Study, rhs: Study) -> Bool {
        lhs.label == rhs.label && lhs.span == rhs.span
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(label)
        hasher.combine(span)
    }
}

/// How an outcome is named and shown; the defaults suit a RevMan-style review.
public struct OutcomeDescription: Sendable, Hashable {
    public var name: String
    public var kind: OutcomeKind
    /// A longer name for headings ("Partial response"), if declared.
    public var label: String?
    /// Generic data declared `scale log` are pooled as given and shown exponentiated.
    public var logScale: Bool
    /// The effect's name for generic data ("Hazard Ratio"), if declared.
    public var effectName: String?
    public var experimentalArm: String
    public var controlArm: String
    public var favoursLeft: String
    public var favoursRight: String

    public init(name: String, kind: OutcomeKind) {
        self.name = name
        self.kind = kind
        self.label = nil
        self.logScale = false
        self.effectName = nil
        self.experimentalArm = "Experimental"
        self.controlArm = "Control"
        self.favoursLeft = "Favours experimental"
        self.favoursRight = "Favours control"
    }

    /// The title of an analysis of this outcome: the label when declared, else the name.
    public var title: String { label ?? name }
}

/// What the session knows of an outcome in use: its kind and where it was first used.
public struct OutcomeInfo: Sendable, Hashable {
    public var kind: OutcomeKind
    public var firstUse: Span
}
