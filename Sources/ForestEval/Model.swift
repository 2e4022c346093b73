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
    case observedMinusExpected(ObservedMinusExpected)
    case proportion(SingleProportion)
    case rate(IncidenceRates)
    case correlation(SampleCorrelation)

    public var kind: OutcomeKind {
        switch self {
        case .binary: .binary
        case .continuous: .continuous
        case .generic: .generic
        case .observedMinusExpected: .observedMinusExpected
        case .proportion: .proportion
        case .rate: .rate
        case .correlation: .correlation
        }
    }

    /// The study's size where the data carry one (both arms together), else nil.
    public var size: Double? {
        switch self {
        case .binary(let c): c.totalE + c.totalC
        case .continuous(let a): a.nE + a.nC
        case .proportion(let p): p.total
        case .correlation(let c): c.n
        case .generic, .observedMinusExpected, .rate: nil
        }
    }
}

/// The attribute value that qualifies one row of a study's data (`CR[stage "I"]: …`).
public struct Qualifier: Sendable, Hashable {
    public var attribute: String
    public var value: AttributeValue
}

/// One outcome entry of a study: the outcome's name, the data, where it was written, and the
/// row's qualifier (`CR[stage "I"]: …`), if any. A struct rather than a tuple: reading a
/// field of a tuple in an array copied the whole tuple through the runtime's generic tuple
/// copy (5 % of the run's thread in 10,000 analyses of 10 studies).
public struct StudyEntry: Sendable, Hashable {
    public var name: String
    public var data: StudyData
    public var span: Span
    public var qualifier: Qualifier?

    public init(name: String, data: StudyData, span: Span, qualifier: Qualifier?) {
        self.name = name
        self.data = data
        self.span = span
        self.qualifier = qualifier
    }
}

/// A study as the session knows it — or, in an analysis, one row of a study that has several
/// qualified rows for the outcome (then `label` names the row and `studyLabel` the study).
public struct Study: Sendable, Hashable {
    public var label: String
    public var labelSpan: Span
    /// Attributes in the order written (a row's qualifier among them).
    public var attributes: [(name: String, value: AttributeValue, span: Span)]
    /// Outcome data in the order written.
    public var outcomes: [StudyEntry] {
        didSet { entryIndex = Study.index(outcomes) }
    }
    /// Where each outcome's entries are, for a study with many outcomes (nil for a few, which
    /// are looked up by a scan).
    private var entryIndex: OutcomeIndex?
    public var span: Span
    /// The study's own label (the same as `label` except for a row of a study).
    public var studyLabel: String

    public init(
        label: String, labelSpan: Span, attributes: [(name: String, value: AttributeValue, span: Span)],
        outcomes: [StudyEntry], span: Span
    ) {
        self.init(
            label: label, labelSpan: labelSpan, attributes: attributes, outcomes: outcomes,
            index: Study.index(outcomes), span: span)
    }

    /// With the index of its outcomes made when they were checked (`Study.indexes`).
    init(
        label: String, labelSpan: Span, attributes: [(name: String, value: AttributeValue, span: Span)],
        outcomes: [StudyEntry], index: OutcomeIndex?,
        span: Span
    ) {
        self.label = label
        self.labelSpan = labelSpan
        self.attributes = attributes
        self.outcomes = outcomes
        self.entryIndex = index
        self.span = span
        self.studyLabel = label
    }

    /// Whether a study with `count` entries keeps an index of them (else they are scanned).
    static func indexes(_ count: Int) -> Bool { count > 16 }

    private static func index(
        _ outcomes: [StudyEntry]
    ) -> OutcomeIndex? {
        guard indexes(outcomes.count) else { return nil }
        var index = OutcomeIndex(capacity: outcomes.count)
        for entry in outcomes { index.add(entry.name, hash: LabelIndex.hash(entry.name)) }
        return index
    }

    /// The first entry for one outcome (the only one unless the study has qualified rows).
    public func firstEntry(for outcome: String) -> StudyEntry? {
        firstIndex(for: outcome).map { outcomes[$0] }
    }

    /// Whether the study reports `outcome` and its first entry for it is unqualified: the study
    /// is then its own row of an analysis (checked without copying the entry).
    public func isOwnRow(for outcome: String) -> Bool {
        guard let i = firstIndex(for: outcome) else { return false }
        return outcomes[i].qualifier == nil
    }

    /// The position in `outcomes` of the outcome's first entry.
    func firstIndex(for outcome: String) -> Int? {
        guard let entryIndex else { return outcomes.firstIndex { $0.name == outcome } }
        return entryIndex.first(of: outcome)
    }

    /// The entries for one outcome, in the order written.
    public func entries(for outcome: String) -> [StudyEntry] {
        guard let entryIndex else { return outcomes.filter { $0.name == outcome } }
        return entryIndex.positions(of: outcome, hash: LabelIndex.hash(outcome)).map { outcomes[$0] }
    }

    /// The rows an analysis of `outcome` uses: the study itself, or one row per qualified entry
    /// (labelled "Ke 2011 (stage I)" when there are several), each with its qualifier as an
    /// attribute.
    public func rows(for outcome: String) -> [Study] {
        let entries = entries(for: outcome)
        guard entries.contains(where: { $0.qualifier != nil }) else { return entries.isEmpty ? [] : [self] }
        return entries.map { entry in
            var row = self
            let qualifier = entry.qualifier!
            if entries.count > 1 { row.label = "\(label) (\(qualifier.attribute) \(qualifier.value.text))" }
            row.attributes.removeAll { $0.name == qualifier.attribute }
            row.attributes.append((qualifier.attribute, qualifier.value, entry.span))
            row.outcomes = [entry]
            row.span = entry.span
            return row
        }
    }

    public func attribute(_ name: String) -> AttributeValue? {
        attributes.first { $0.name == name }?.value
    }

    public func data(for outcome: String) -> StudyData? {
        firstEntry(for: outcome)?.data
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
    /// The studies an analysis was restricted to (`only design = RCT`), if it was.
    public var selection: String?

    public init(name: String, kind: OutcomeKind) {
        self.name = name
        self.kind = kind
        self.label = nil
        self.logScale = false
        self.effectName = nil
        self.experimentalArm = "Experimental"
        self.controlArm = "Control"
        // A single group's proportions or correlations favour no arm: no labels unless declared.
        let compared = kind != .proportion && kind != .correlation
        self.favoursLeft = compared ? "Favours experimental" : ""
        self.favoursRight = compared ? "Favours control" : ""
    }

    /// The title of an analysis of this outcome: the label when declared, else the name.
    public var title: String { label ?? name }
}

/// What the session knows of an outcome in use: its kind and where it was first used.
public struct OutcomeInfo: Sendable, Hashable {
    public var kind: OutcomeKind
    public var firstUse: Span
}
