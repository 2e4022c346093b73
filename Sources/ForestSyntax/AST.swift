/// The syntax tree of a script. Every node is a value carrying the span it was parsed from;
/// the evaluator gives it meaning, the renderers never see it.

/// A whole script: its statements in order.
public struct Script: Sendable, Hashable {
    public var statements: [Statement]
    /// The comments of the source, in order, each from its `#` to the end of its line: with
    /// the statements' spans they place every comment (above a statement, at the end of a
    /// line, inside a study's data), so that `forest fmt` keeps them where they were.
    public var comments: [Span]

    public init(statements: [Statement], comments: [Span] = []) {
        self.statements = statements
        self.comments = comments
    }
}

public enum Statement: Sendable, Hashable {
    case review(ReviewStatement)
    case study(StudyStatement)
    case studies(StudiesStatement)
    case outcome(OutcomeStatement)
    case defaults(DefaultsStatement)
    case label(LabelStatement)
    case pool(PoolStatement)
    case sensitivity(SensitivityStatement)
    case cumulative(CumulativeStatement)
    case bias(BiasStatement)
    case metareg(MetaregStatement)
    case influence(InfluenceStatement)
    case figure(FigureStatement)
    case characteristics(CharacteristicsStatement)
    case prisma(PrismaStatement)
    case finding(FindingStatement)
    case findings(FindingsStatement)
    case rob(RobStatement)
    case report(ReportStatement)

    public var span: Span {
        switch self {
        case .review(let s): s.span
        case .study(let s): s.span
        case .studies(let s): s.span
        case .outcome(let s): s.span
        case .defaults(let s): s.span
        case .label(let s): s.span
        case .pool(let s): s.span
        case .sensitivity(let s): s.span
        case .cumulative(let s): s.span
        case .bias(let s): s.span
        case .metareg(let s): s.span
        case .influence(let s): s.span
        case .figure(let s): s.span
        case .characteristics(let s): s.span
        case .prisma(let s): s.span
        case .finding(let s): s.span
        case .findings(let s): s.span
        case .rob(let s): s.span
        case .report(let s): s.span
        }
    }
}

/// `review "TITLE"`
public struct ReviewStatement: Sendable, Hashable {
    public var title: Located<String>
    public var span: Span
}

/// `label ATTRIBUTE VALUE "TEXT" { VALUE "TEXT" }`: the headings of the subgroups of
/// `by ATTRIBUTE` (RevMan's subgroup names), instead of "ATTRIBUTE = VALUE".
public struct LabelStatement: Sendable, Hashable {
    public struct ValueLabel: Sendable, Hashable {
        public var value: Located<AttributeValue>
        public var text: Located<String>
    }

    public var attribute: Located<String>
    public var labels: [ValueLabel]
    public var span: Span
}

/// `characteristics {NAME ["TITLE"]} [to "FILE"]` — the table of study characteristics (the
/// review's Table 1): the studies' attributes as columns, in the order given.
public struct CharacteristicsStatement: Sendable, Hashable {
    /// An attribute shown as a column, under its own title if given.
    public struct Column: Sendable, Hashable {
        public var name: Located<String>
        public var title: Located<String>?
    }

    /// The columns; none: every attribute, in order of first use.
    public var columns: [Column]
    /// `to "FILE"` (Markdown, HTML or CSV by the extension); nil: printed.
    public var file: Located<String>?
    public var span: Span
}

/// `finding OUTCOME {risk NUMBER | downgrade DOMAIN LEVELS ["REASON"] | OPTION}` — a row of the
/// summary of findings: the outcome pooled with its options, the assumed control risk (the
/// pooled control arms' by default), and the GRADE downgrades of its certainty.
public struct FindingStatement: Sendable, Hashable {
    public struct Downgrade: Sendable, Hashable {
        public var domain: Located<GradeDomain>
        public var levels: Located<NumberLiteral>
        public var reason: Located<String>?
    }

    public var outcome: Located<String>
    public var risk: Located<NumberLiteral>?
    public var downgrades: [Downgrade]
    public var options: [AnalysisOption]
    public var span: Span
}

/// `rob "LABEL" DOMAIN LEVEL ["SUPPORT"] …` (a study's risk-of-bias judgements) or
/// `rob graph|summary to "FILE.svg"` (the figures).
public struct RobStatement: Sendable, Hashable {
    public struct Judgement: Sendable, Hashable {
        public var domain: Located<RobDomain>
        public var level: Located<RobLevel>
        public var support: Located<String>?
    }

    public enum Kind: Sendable, Hashable {
        case judgements(study: Located<String>, [Judgement])
        case figure(Located<RobFigureWord>, file: Located<String>)
    }

    public var kind: Kind
    public var span: Span
}

/// `report to "FILE"` — the whole review in one document: an HTML page or Markdown, by the
/// file's extension.
public struct ReportStatement: Sendable, Hashable {
    public var file: Located<String>
    public var span: Span
}

/// `findings [to "FILE"]` — the summary-of-findings table of the rows given so far.
public struct FindingsStatement: Sendable, Hashable {
    public var file: Located<String>?
    public var span: Span
}

/// `prisma FIELD COUNT {FIELD COUNT}` (counts of the PRISMA 2020 flow diagram) or
/// `prisma to "FILE.svg"` (the diagram of the counts given so far).
public struct PrismaStatement: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case number(Located<NumberLiteral>)
        /// `unknown`: a count the report does not give.
        case unknown(Span)
        /// Named counts (`"PubMed" 2706, "Embase" 1972`).
        case list([NamedCount])
    }

    public struct NamedCount: Sendable, Hashable {
        public var name: Located<String>
        public var count: Located<NumberLiteral>
    }

    public struct Count: Sendable, Hashable {
        public var field: Located<PrismaField>
        public var value: Value
        public var span: Span
    }

    public var counts: [Count]
    public var file: Located<String>?
    public var span: Span
}

/// `studies from "FILE.csv" {SETTING}` — the studies of a CSV file, one row per study and
/// outcome (or per study, outcome and subgroup row).
public struct StudiesStatement: Sendable, Hashable {
    /// The file, as written (relative to the script's folder).
    public var path: Located<String>
    /// `outcome NAME`: every row holds data of this outcome (else a column `outcome` names it).
    public var outcome: Located<String>?
    /// `rows by NAME`: a study's several rows for an outcome are qualified by this column.
    public var rowsBy: Located<String>?
    /// `columns NAME "HEADER" …`: which column holds what, where the header differs from the
    /// conventional name.
    public var columns: [ColumnName]
    public var span: Span

    /// `NAME "HEADER"`: the column headed HEADER holds NAME (`ai`, `study`, an attribute …).
    public struct ColumnName: Sendable, Hashable {
        public var name: Located<String>
        public var header: Located<String>
    }
}

/// `study "LABEL" {ATTRIBUTE VALUE} < OUTCOME: DATA {, OUTCOME: DATA} >`
public struct StudyStatement: Sendable, Hashable {
    public var label: Located<String>
    public var attributes: [Attribute]
    public var entries: [OutcomeEntry]
    public var span: Span

    public init(label: Located<String>, attributes: [Attribute], entries: [OutcomeEntry], span: Span) {
        self.label = label
        self.attributes = attributes
        self.entries = entries
        self.span = span
    }
}

public struct Attribute: Sendable, Hashable {
    public var name: Located<String>
    public var value: Located<AttributeValue>

    public init(name: Located<String>, value: Located<AttributeValue>) {
        self.name = name
        self.value = value
    }
}

/// The value of a study attribute: a number, a string or a bare name.
public enum AttributeValue: Sendable, Hashable, Comparable {
    case number(Double)
    case string(String)
    case name(String)

    /// How the value is shown and compared across studies (`2011`, `I`, `random`).
    public var text: String {
        switch self {
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s), .name(let s): s
        }
    }

    /// Numbers order numerically and before text; text orders as strings.
    public static func < (lhs: AttributeValue, rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a < b
        case (.number, _): true
        case (_, .number): false
        default: lhs.text < rhs.text
        }
    }
}

/// A number literal (its text, as written, is its span's).
public struct NumberLiteral: Sendable, Hashable {
    public var value: Double

    public init(value: Double) {
        self.value = value
    }
}

/// `OUTCOME: DATA` or `OUTCOME[ATTRIBUTE VALUE]: DATA` inside a study's `< … >`.
public struct OutcomeEntry: Sendable, Hashable {
    public var name: Located<String>
    /// The attribute value that qualifies this entry (one of several rows of the study for the
    /// outcome, as RevMan's data rows by subgroup).
    public var qualifier: Attribute? {
        get { boxedQualifier?.attribute }
        set { boxedQualifier = newValue.map(QualifierBox.init) }
    }
    public var data: DataSpec
    public var span: Span
    /// Held by reference: most entries have none, and an entry is moved and copied often (a
    /// million studies' entries), so the rare qualifier costs 8 bytes of each, not 88.
    private var boxedQualifier: QualifierBox?

    public init(name: Located<String>, qualifier: Attribute?, data: DataSpec, span: Span) {
        self.name = name
        self.boxedQualifier = qualifier.map(QualifierBox.init)
        self.data = data
        self.span = span
    }
}

/// An entry's qualifier, boxed (see `OutcomeEntry.qualifier`); compared and hashed by value.
final class QualifierBox: Sendable, Hashable {
    let attribute: Attribute

    init(_ attribute: Attribute) {
        self.attribute = attribute
    }

    static func == (lhs: QualifierBox, rhs: QualifierBox) -> Bool { lhs.attribute == rhs.attribute }

    func hash(into hasher: inout Hasher) { hasher.combine(attribute) }
}

public enum DataSpec: Sendable, Hashable {
    /// `a/n1 vs c/n2`
    case binary(
        eventsE: Located<NumberLiteral>, totalE: Located<NumberLiteral>,
        eventsC: Located<NumberLiteral>, totalC: Located<NumberLiteral>)
    /// `M1 sd S1 n N1 vs M2 sd S2 n N2`
    case continuous(experimental: Arm, control: Arm)
    /// `Y se S`
    case generic(estimate: Located<NumberLiteral>, standardError: Located<NumberLiteral>)
    /// `Z var V`: O − E and its variance
    case observedMinusExpected(oMinusE: Located<NumberLiteral>, variance: Located<NumberLiteral>)
    /// `x/n`: a single group's events out of its size
    case proportion(events: Located<NumberLiteral>, total: Located<NumberLiteral>)
    /// `x1 per T1 vs x2 per T2`: events and person-time per arm
    case rate(
        eventsE: Located<NumberLiteral>, timeE: Located<NumberLiteral>,
        eventsC: Located<NumberLiteral>, timeC: Located<NumberLiteral>)
    /// `r n N`: a correlation coefficient and its sample size
    case correlation(r: Located<NumberLiteral>, n: Located<NumberLiteral>)

    /// "binary", "continuous", "generic", "O-E", "proportion", "rate" or "correlation".
    public var typeName: String {
        switch self {
        case .binary: "binary"
        case .continuous: "continuous"
        case .generic: "generic"
        case .observedMinusExpected: "O-E"
        case .proportion: "proportion"
        case .rate: "rate"
        case .correlation: "correlation"
        }
    }
}

/// One arm of continuous data: `M sd S n N`.
public struct Arm: Sendable, Hashable {
    public var mean: Located<NumberLiteral>
    public var sd: Located<NumberLiteral>
    public var n: Located<NumberLiteral>

    public init(mean: Located<NumberLiteral>, sd: Located<NumberLiteral>, n: Located<NumberLiteral>) {
        self.mean = mean
        self.sd = sd
        self.n = n
    }
}

/// An option of an analysis: a name and, for most, a value (`model random`, `level 90`, `hksj`).
public struct AnalysisOption: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case word(Located<String>)
        case number(Located<Double>)
        case string(Located<String>)
        /// `sort KEY [ascending|descending]`.
        case sortKey(Located<String>, direction: Located<SortDirection>?)
        /// `only ATTRIBUTE VALUE`.
        case selection(Located<String>, Located<AttributeValue>)
        /// `xlim 0.1 10`, `ticks 0.1 1 10`.
        case numbers([Located<Double>])
        /// `columns data weight`.
        case words([Located<String>])
        /// `colours squares "#1f4e79" diamonds "black"`: each target and its colour.
        case colours([ColourSetting])
    }

    /// One target of `colours` and the colour given it.
    public struct ColourSetting: Sendable, Hashable {
        public var target: Located<ColourTarget>
        public var colour: Located<String>
    }

    public var name: Located<OptionName>
    public var value: Value?
    public var span: Span

    public var word: String? {
        if case .word(let w) = value { return w.value }
        return nil
    }

    /// The value as one of a vocabulary's words (`option.choice(MeasureWord.self)`).
    public func choice<Word: RawRepresentable<String>>(_: Word.Type) -> Word? {
        word.flatMap(Word.init(rawValue:))
    }

    public var valueSpan: Span { value?.span ?? name.span }
}

extension AnalysisOption.Value {
    /// Where the value was written.
    public var span: Span {
        switch self {
        case .word(let w): w.span
        case .number(let n): n.span
        case .string(let s): s.span
        case .sortKey(let key, let direction): direction.map { key.span.merged(with: $0.span) } ?? key.span
        case .selection(let attribute, let value): attribute.span.merged(with: value.span)
        case .numbers(let numbers): numbers[0].span.merged(with: numbers.last!.span)
        case .words(let words): words[0].span.merged(with: words.last!.span)
        case .colours(let settings): settings[0].target.span.merged(with: settings.last!.colour.span)
        }
    }
}

/// `pool OUTCOME {OPTION}`
public struct PoolStatement: Sendable, Hashable {
    public var outcome: Located<String>
    public var options: [AnalysisOption]
    public var span: Span
}

/// `sensitivity OUTCOME leave-one-out {OPTION}`, `sensitivity OUTCOME exclude ATTRIBUTE VALUE {OPTION}`
/// or `sensitivity OUTCOME exclude "LABEL" {"LABEL"} {OPTION}`
public struct SensitivityStatement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case leaveOneOut(Span)
        case exclude(attribute: Located<String>, value: Located<AttributeValue>)
        /// `exclude "LABEL" …`: named studies.
        case excludeStudies([Located<String>])
    }

    public var outcome: Located<String>
    public var kind: Kind
    public var options: [AnalysisOption]
    public var span: Span
}

/// `cumulative OUTCOME {OPTION}` — `by ATTRIBUTE` orders the studies.
public struct CumulativeStatement: Sendable, Hashable {
    public var outcome: Located<String>
    public var options: [AnalysisOption]
    public var span: Span
}

/// `bias OUTCOME egger|begg|trimfill {OPTION}`
public struct BiasStatement: Sendable, Hashable {
    public var outcome: Located<String>
    public var test: Located<BiasTestName>
    public var options: [AnalysisOption]
    public var span: Span
}

/// `metareg OUTCOME on ATTRIBUTE {ATTRIBUTE} {OPTION}` — a meta-regression.
public struct MetaregStatement: Sendable, Hashable {
    public var outcome: Located<String>
    public var moderators: [Located<String>]
    public var options: [AnalysisOption]
    public var span: Span
}

/// `influence OUTCOME {OPTION}` — each study's influence diagnostics.
public struct InfluenceStatement: Sendable, Hashable {
    public var outcome: Located<String>
    public var options: [AnalysisOption]
    public var span: Span
}

/// `outcome NAME {SETTING}` — how an outcome is named, scaled and labelled.
public struct OutcomeStatement: Sendable, Hashable {
    public enum Setting: Sendable, Hashable {
        case label(Located<String>)
        case scale(Located<ScaleWord>)
        case effect(Located<String>)
        case arms(Located<String>, Located<String>)
        case favours(Located<String>, Located<String>)

        public var keyword: OutcomeSettingName {
            switch self {
            case .label: .label
            case .scale: .scale
            case .effect: .effect
            case .arms: .arms
            case .favours: .favours
            }
        }
    }

    public var name: Located<String>
    public var settings: [(keyword: Span, setting: Setting)]
    /// Pool options every analysis of the outcome inherits (`model random`, …).
    public var options: [AnalysisOption]
    public var span: Span

    public static func == (lhs: OutcomeStatement, rhs: OutcomeStatement) -> Bool {
        lhs.name == rhs.name && lhs.span == rhs.span
            && lhs.settings.map(\.setting) == rhs.settings.map(\.setting) && lhs.options == rhs.options
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(span)
    }
}

/// `defaults OPTION {OPTION}` — pool options every analysis of the script inherits.
public struct DefaultsStatement: Sendable, Hashable {
    public var options: [AnalysisOption]
    public var span: Span
}

/// `forest OUTCOME {OPTION}` and `funnel OUTCOME {OPTION}` — figures, printed or written `to "FILE"`.
public struct FigureStatement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case forest
        case funnel
        case labbe
        case galbraith

        public var keyword: StatementKeyword {
            switch self {
            case .forest: .forest
            case .funnel: .funnel
            case .labbe: .labbe
            case .galbraith: .galbraith
            }
        }

        /// The figure options the plot takes.
        public var options: [OptionName] {
            switch self {
            case .forest: OptionName.forestPlot
            case .funnel: OptionName.funnelPlot
            case .labbe, .galbraith: OptionName.otherPlot
            }
        }
    }

    public var kind: Kind
    public var outcome: Located<String>
    public var options: [AnalysisOption]
    public var span: Span
}

extension SensitivityStatement {
    public var isLeaveOneOut: Bool {
        if case .leaveOneOut = kind { return true }
        return false
    }
}

extension Statement {
    /// The file name of a `to "FILE"` option of an analysis statement, if it has one.
    public var toOption: Located<String>? {
        let options: [AnalysisOption]
        switch self {
        case .sensitivity(let s): options = s.options
        case .cumulative(let s): options = s.options
        case .figure(let s): options = s.options
        case .metareg(let s): options = s.options
        case .influence(let s): options = s.options
        default: return nil
        }
        guard case .string(let path)? = options[.to]?.value else { return nil }
        return path
    }
}

extension Array where Element == AnalysisOption {
    /// The option with this name, if written.
    public subscript(_ name: OptionName) -> AnalysisOption? { first { $0.name.value == name } }
}
