import ForestStats

// Result values hold numbers, labels and the statistics core's types only: no syntax (spans
// travel beside them, in `Evaluation`) and nothing about terminals.

/// A study's row as an analysis shows it: its label and its data — and, for one of several
/// qualified rows of a study, the study's own label and the row's attribute value.
public struct AnalysisStudy: Sendable, Hashable {
    public struct Qualifier: Sendable, Hashable {
        public var attribute: String
        public var value: String
    }

    /// A study attribute as results carry it: a number or text.
    public struct Attribute: Sendable, Hashable {
        public enum Value: Sendable, Hashable {
            case number(Double)
            case text(String)
        }

        public var name: String
        public var value: Value

        public init(name: String, value: Value) {
            self.name = name
            self.value = value
        }
    }

    public var label: String
    public var data: StudyData
    public var studyLabel: String
    public var qualifier: Qualifier?
    /// The study's attributes in the order written (a row's qualifier among them).
    public var attributes: [Attribute]

    public init(
        label: String, data: StudyData, studyLabel: String? = nil, qualifier: Qualifier? = nil,
        attributes: [Attribute] = []
    ) {
        self.label = label
        self.data = data
        self.studyLabel = studyLabel ?? label
        self.qualifier = qualifier
        self.attributes = attributes
    }
}

/// The result of `pool`.
public struct PoolAnalysis: Sendable, Hashable {
    public var outcome: OutcomeDescription
    public var studies: [AnalysisStudy]
    public var result: PoolResult
    /// `nnt RISK`: the number needed to treat at that control risk (binary outcomes).
    public var absoluteEffect: NumberNeededToTreat? = nil

    public init(outcome: OutcomeDescription, studies: [AnalysisStudy], result: PoolResult) {
        self.outcome = outcome
        self.studies = studies
        self.result = result
    }

    /// Shown exponentiated: OR, RR, HR, IRR, and generic outcomes declared `scale log`.
    public var logScale: Bool { result.options.measure.isRatio || outcome.logScale }

    /// How the pooled values are shown (a study's row: `scale(of:)`).
    public var scale: NaturalScale {
        let sizes = result.options.measure == .PFT ? studies.compactMap(\.data.size) : []
        return NaturalScale(measure: result.options.measure, logScale: outcome.logScale, sizes: sizes)
    }

    /// How one study's values are shown (a double arcsine with the study's own size).
    public func scale(of study: AnalysisStudy) -> NaturalScale { scale.forStudy(size: study.data.size) }
}

/// `pool OUTCOME … by ATTRIBUTE`: each subgroup, all of them together, and the test for
/// subgroup differences.
public struct SubgroupAnalysis: Sendable, Hashable {
    public struct Group: Sendable, Hashable {
        /// The attribute's value that defines the subgroup.
        public var value: String
        public var studies: [AnalysisStudy]
        /// nil when no study of the subgroup is estimable.
        public var result: PoolResult?
        /// `label ATTRIBUTE VALUE "TEXT"`: the subgroup's own heading.
        public var label: String? = nil

        /// The subgroup's heading: its label, or "stage = I".
        public func heading(attribute: String) -> String { label ?? "\(attribute) = \(value)" }
    }

    public var outcome: OutcomeDescription
    public var attribute: String
    public var groups: [Group]
    /// All studies of all subgroups pooled together.
    public var overall: PoolAnalysis
    public var test: SubgroupTest?
    /// Studies of the outcome without the attribute, left out of the analysis.
    public var unassigned: [String]
    /// `common-tau`: the subgroups under one common τ² (inverse variance), if asked for.
    public var commonTau: CommonTauSubgroups? = nil

    public var logScale: Bool { overall.logScale }
    public var scale: NaturalScale { overall.scale }
}

/// `pool … by ATTRIBUTE common-tau`: the mixed-effects model's mean of each subgroup that has
/// an estimable study (`values`, in the subgroups' order) and its test for subgroup differences.
public struct CommonTauSubgroups: Sendable, Hashable {
    public var values: [String]
    public var result: MixedEffectsSubgroups.Result
}

/// `sensitivity … leave-one-out` and `cumulative …`: one row per omitted or added study.
public struct SequenceAnalysis: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case leaveOneOut
        /// Ordered by an attribute (nil: the order the studies were defined in).
        case cumulative(orderedBy: String?)
    }

    public var kind: Kind
    public var outcome: OutcomeDescription
    public var options: PoolOptions
    /// The analysis of all studies.
    public var full: PoolAnalysis
    /// The omitted (leave-one-out) or added (cumulative) study of each row, and the row's result
    /// or why there is none (nothing estimable, or τ² did not converge on that subset).
    public var rows: [(label: String, row: Sequences.Row)]
    /// Studies without the ordering attribute, added last (cumulative only).
    public var unordered: [String]
    /// `to "FILE"`: the file its forest plot is written to (a row per pooled result).
    public var file: String? = nil

    public var logScale: Bool { full.logScale }
    public var scale: NaturalScale { full.scale }

    public static func == (lhs: SequenceAnalysis, rhs: SequenceAnalysis) -> Bool {
        lhs.kind == rhs.kind && lhs.full == rhs.full && lhs.rows.map(\.label) == rhs.rows.map(\.label)
            && lhs.rows.map(\.row) == rhs.rows.map(\.row) && lhs.file == rhs.file
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(full)
        hasher.combine(rows.map(\.label))
    }
}

/// `sensitivity … exclude ATTRIBUTE VALUE` or `exclude "LABEL" …`: the analysis with and
/// without those studies.
public struct ExclusionAnalysis: Sendable, Hashable {
    public var outcome: OutcomeDescription
    /// The attribute and value that mark the excluded studies (nil: they were named).
    public var attribute: String?
    public var value: String?
    /// The rows left out (a study with several rows: each of them).
    public var excluded: [String]
    /// The studies named by `exclude "LABEL" …` (empty for an attribute).
    public var named: [String] = []
    public var all: PoolAnalysis
    public var without: PoolAnalysis

    public var logScale: Bool { all.logScale }
    public var scale: NaturalScale { all.scale }

    /// What was excluded, in words: `stage = II`, or the studies' labels.
    public var criterion: String {
        if let attribute, let value { return "\(attribute) = \(value)" }
        return named.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

/// `bias OUTCOME egger|begg|trimfill`.
public struct BiasAnalysis: Sendable, Hashable {
    public enum Test: Sendable, Hashable {
        case egger(EggerTest)
        case begg(BeggTest)
        case trimAndFill(TrimAndFillResult)
        case failSafeN(FailSafeN)
        /// Peters' test: the regression of Egger's test on 1/N instead of the standard error.
        case peters(EggerTest)
        /// Harbord's score test: `bias` is the intercept of Z/√V on √V, `limitEstimate` the slope.
        case harbord(EggerTest)
    }

    public var outcome: OutcomeDescription
    public var options: PoolOptions
    public var test: Test
    /// Studies the test used.
    public var k: Int
    public var scale: NaturalScale
    public var logScale: Bool { scale.isLog }
}

/// `metareg OUTCOME on ATTRIBUTE …`: a meta-regression of the studies with every moderator.
public struct MetaRegressionAnalysis: Sendable, Hashable {
    /// A moderator as the model has it: a number (one column) or categorical (a column per
    /// level but the reference).
    public struct Moderator: Sendable, Hashable {
        public var name: String
        /// Categorical: the levels in the model's order, the reference first; nil: continuous.
        public var levels: [String]?
    }

    public var outcome: OutcomeDescription
    public var options: PoolOptions
    public var moderators: [Moderator]
    public var result: MetaRegression.Result
    /// The studies in the model, and those left out for want of a moderator (each with the
    /// moderators it lacks) or of an estimate.
    public var studies: [String]
    public var leftOut: [(study: String, missing: [String])]
    public var scale: NaturalScale
    public var logScale: Bool { scale.isLog }
    /// Each study in the model: its effect and its row of the design (intercept first).
    public var points: [(effect: StudyEffect, row: [Double])] = []
    /// `to "FILE"`: where the bubble plot goes (a model with one continuous moderator).
    public var file: String? = nil

    public static func == (a: MetaRegressionAnalysis, b: MetaRegressionAnalysis) -> Bool {
        a.outcome == b.outcome && a.options == b.options && a.moderators == b.moderators && a.result == b.result
            && a.studies == b.studies && a.leftOut.map(\.study) == b.leftOut.map(\.study)
            && a.leftOut.map(\.missing) == b.leftOut.map(\.missing) && a.scale == b.scale
            && a.points.map(\.effect) == b.points.map(\.effect) && a.points.map(\.row) == b.points.map(\.row)
            && a.file == b.file
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(outcome)
        hasher.combine(result)
    }
}

/// `influence OUTCOME …`: each study's case-deletion diagnostics (and the Baujat plot).
public struct InfluenceAnalysis: Sendable, Hashable {
    public var outcome: OutcomeDescription
    public var options: PoolOptions
    /// The studies with an estimate, in order, and their effects.
    public var studies: [String]
    public var effects: [StudyEffect]
    public var result: Influence.Result
    public var scale: NaturalScale
    public var logScale: Bool { scale.isLog }
    /// `to "FILE"`: where the Baujat plot goes.
    public var file: String? = nil
}

/// `forest …` and `funnel …`: a figure of an analysis, drawn in the terminal or written to a file.
public struct FigureAnalysis: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case forest
        case funnel
        case labbe
        case galbraith

        /// "Forest plot", "L'Abbé plot" …
        public var title: String {
            switch self {
            case .forest: "Forest plot"
            case .funnel: "Funnel plot"
            case .labbe: "L'Abbé plot"
            case .galbraith: "Galbraith plot"
            }
        }
    }

    public enum Content: Sendable, Hashable {
        case pool(PoolAnalysis)
        case subgroup(SubgroupAnalysis)
    }

    /// Where the figure goes.
    public enum Destination: Sendable, Hashable {
        /// `to "FILE"`: a file the shell writes (`Evaluation.outputs` says where it was asked).
        case file(String)
        /// Drawn with the text results; `plainCharacters`: the statement said `ascii`.
        case text(plainCharacters: Bool)
    }

    public var kind: Kind
    public var content: Content
    public var destination: Destination
    /// Forest plots: draw the prediction interval under the total.
    public var showPrediction: Bool
    /// Funnel plots: shade the regions of p < 0.10, 0.05 and 0.01 (Peters et al. 2008).
    public var contours: Bool
    /// Funnel plots: the trim-and-fill analysis whose filled studies to draw.
    public var trimAndFill: TrimAndFillResult?
    /// The risk-of-bias columns beside the studies (`forest … rob`): the domains' titles and
    /// each study's judgements by the study's own label.
    public var rob: (domains: [String], judgements: [String: [String]])? = nil
    /// Forest plots drawn to a file: axis, columns, colours, text (`xlim`, `columns` …).
    public var style = FigureStyle()

    public init(
        kind: Kind, content: Content, destination: Destination, showPrediction: Bool = false, contours: Bool = false,
        trimAndFill: TrimAndFillResult? = nil
    ) {
        self.kind = kind
        self.content = content
        self.destination = destination
        self.showPrediction = showPrediction
        self.contours = contours
        self.trimAndFill = trimAndFill
    }

    public static func == (a: FigureAnalysis, b: FigureAnalysis) -> Bool {
        a.kind == b.kind && a.content == b.content && a.destination == b.destination
            && a.showPrediction == b.showPrediction && a.contours == b.contours && a.trimAndFill == b.trimAndFill
            && a.rob?.domains == b.rob?.domains && a.rob?.judgements == b.rob?.judgements && a.style == b.style
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(content)
    }

    public var pool: PoolAnalysis { content.pool }

    /// The file the figure is written to, if it has one.
    public var file: String? {
        if case .file(let path) = destination { return path }
        return nil
    }
}

extension FigureAnalysis.Content {
    /// The analysis of all the studies drawn.
    public var pool: PoolAnalysis {
        switch self {
        case .pool(let p): p
        case .subgroup(let s): s.overall
        }
    }
}

/// Everything a statement produced, in statement order.
/// A table of the review as shown: the study characteristics (`characteristics`: a row per
/// study, its label first, then one cell per column, empty where the study lacks the
/// attribute) or the summary of findings (`findings`).
public struct ReviewTable: Sendable, Hashable {
    /// `characteristics` or `summary_of_findings`.
    public var kind: String
    public var title: String
    /// The column titles.
    public var columns: [String]
    public var rows: [[String]]
    /// Lines under the table (footnotes, explanations).
    public var notes: [String]
    /// The file it is written to, if any.
    public var file: String?

    public init(
        kind: String = "characteristics", title: String = "Characteristics of included studies", columns: [String],
        rows: [[String]], notes: [String] = [], file: String?
    ) {
        self.kind = kind
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.file = file
    }
}

/// The counts of a PRISMA 2020 flow diagram (`prisma to "FILE.svg"`), checked.
public struct PrismaFlow: Sendable, Hashable {
    /// A count: its total (nil: not reported) and, for a list, each source's count.
    public struct Count: Sendable, Hashable {
        public var total: Double?
        public var parts: [Part]

        public struct Part: Sendable, Hashable {
            public var name: String
            public var count: Double

            public init(name: String, count: Double) {
                self.name = name
                self.count = count
            }
        }

        public init(total: Double?, parts: [Part] = []) {
            self.total = total
            self.parts = parts
        }
    }

    /// By field name (`databases`, `screened` …); a field not given is absent.
    public var counts: [String: Count]
    public var file: String?

    public init(counts: [String: Count], file: String?) {
        self.counts = counts
        self.file = file
    }
}

/// A risk-of-bias figure (`rob graph|summary to`): the domains of the tool used and each
/// study's judgement per domain (nil where none was given).
public struct RobFigure: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case graph, summary
    }

    public var kind: Kind
    /// The domains' titles, in the tool's order.
    public var domains: [String]
    /// Each study's label and its judgement per domain: "low", "unclear", "high" or
    /// "some-concerns".
    public var studies: [(label: String, judgements: [String])]
    /// Each study's support quotes per domain ("" where none was given), by label.
    public var support: [String: [String]] = [:]
    public var file: String

    public init(kind: Kind, domains: [String], studies: [(label: String, judgements: [String])], file: String) {
        self.kind = kind
        self.domains = domains
        self.studies = studies
        self.file = file
    }

    public static func == (a: RobFigure, b: RobFigure) -> Bool {
        a.kind == b.kind && a.domains == b.domains && a.file == b.file
            && a.studies.elementsEqual(b.studies) { $0.label == $1.label && $0.judgements == $1.judgements }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(file)
    }
}

/// `report to "FILE"`: the whole review in one document — its title, the characteristics of
/// its studies and every analysis made before the statement, in script order (figures and
/// tables among them).
public struct ReviewReport: Sendable, Hashable {
    public var title: String?
    public var analyses: [Analysis]
    /// Every study with all its attributes: the report's table of characteristics when the
    /// script made none (nil: no study has attributes to show).
    public var characteristics: ReviewTable?
    /// The risk-of-bias graph and summary of the judgements given (empty: none given).
    public var rob: [RobFigure] = []
    /// The PRISMA flow of the counts given, if any.
    public var prisma: PrismaFlow?
    public var file: String

    public init(title: String?, analyses: [Analysis], characteristics: ReviewTable?, file: String) {
        self.title = title
        self.analyses = analyses
        self.characteristics = characteristics
        self.file = file
    }
}

/// `indirect`: each result in a box of its own, so that an analysis is a pointer wide. Inline,
/// the largest result made every `Analysis` 1,577 bytes, moved two or three times for every
/// statement evaluated (a study statement's `nil` too: 5 GB of copies for a million studies).
public indirect enum Analysis: Sendable, Hashable {
    case rob(RobFigure)
    case prisma(PrismaFlow)
    case table(ReviewTable)
    case figure(FigureAnalysis)
    case pool(PoolAnalysis)
    case subgroup(SubgroupAnalysis)
    case sequence(SequenceAnalysis)
    case exclusion(ExclusionAnalysis)
    case bias(BiasAnalysis)
    case metaRegression(MetaRegressionAnalysis)
    case influence(InfluenceAnalysis)
    case report(ReviewReport)

    public var isReport: Bool {
        if case .report = self { return true }
        return false
    }

    /// The file of the plot an analysis statement drew besides its results (`sensitivity …
    /// leave-one-out to`, `cumulative … to`, `metareg … to`).
    public var plotFile: String? {
        switch self {
        case .sequence(let s): s.file
        case .metaRegression(let m): m.file
        case .influence(let i): i.file
        default: nil
        }
    }
}
