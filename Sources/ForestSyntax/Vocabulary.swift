/// The words of the grammar (`Grammar/forest.ebnf`) as types: the parser accepts exactly these,
/// the syntax tree stores them, and `Keywords`, the REPL's completion and help derive from them.
/// A test checks each list against the grammar's alternatives and against the parser.

/// A word that begins a statement.
public enum StatementKeyword: String, Sendable, Hashable, CaseIterable {
    case review, study, studies, outcome, defaults, label, pool, sensitivity, cumulative, bias, metareg, influence,
        forest, funnel,
        labbe,
        galbraith
    case characteristics, prisma, finding, findings, rob, report

    /// The keyword spelled `word`, among the few with its first letter: the parser asks this
    /// of the first word of every statement, and `init(rawValue:)`, which hashes the string,
    /// was a tenth of parsing a file of a million studies.
    public static func named(_ word: String) -> StatementKeyword? {
        guard let first = word.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return nil }
        for keyword in byInitial[Int(first - UInt8(ascii: "a"))] where keyword.rawValue == word { return keyword }
        return nil
    }

    private static let byInitial: [[StatementKeyword]] = (UInt8(ascii: "a")...UInt8(ascii: "z")).map { letter in
        allCases.filter { $0.rawValue.utf8.first == letter }
    }
}

/// A risk-of-bias domain: Cochrane's RoB 1 (the seven of the seed review's Fig. 2) or RoB 2
/// (five domains and the overall judgement).
public enum RobDomain: String, Sendable, Hashable, CaseIterable {
    case sequence, allocation, performance, detection, attrition, reporting, other
    case randomisation, deviations, missing, measurement, selection, overall

    public static let rob1: [RobDomain] = [
        .sequence, .allocation, .performance, .detection, .attrition, .reporting, .other,
    ]
    public static let rob2: [RobDomain] = [.randomisation, .deviations, .missing, .measurement, .selection, .overall]

    /// The domain as the figures name it.
    public var title: String {
        switch self {
        case .sequence: "Random sequence generation (selection bias)"
        case .allocation: "Allocation concealment (selection bias)"
        case .performance: "Blinding of participants and personnel (performance bias)"
        case .detection: "Blinding of outcome assessment (detection bias)"
        case .attrition: "Incomplete outcome data (attrition bias)"
        case .reporting: "Selective reporting (reporting bias)"
        case .other: "Other bias"
        case .randomisation: "Bias arising from the randomisation process"
        case .deviations: "Bias due to deviations from intended interventions"
        case .missing: "Bias due to missing outcome data"
        case .measurement: "Bias in measurement of the outcome"
        case .selection: "Bias in selection of the reported result"
        case .overall: "Overall risk of bias"
        }
    }
}

/// A risk-of-bias judgement: RoB 1's low / unclear / high, RoB 2's low / some-concerns / high.
public enum RobLevel: String, Sendable, Hashable, CaseIterable {
    case low, unclear, high
    case someConcerns = "some-concerns"
}

/// The figures of `rob … to`.
public enum RobFigureWord: String, Sendable, Hashable, CaseIterable {
    case graph, summary
}

/// A GRADE domain an outcome's certainty may be downgraded for (`downgrade DOMAIN LEVELS`).
public enum GradeDomain: String, Sendable, Hashable, CaseIterable {
    case bias, inconsistency, indirectness, imprecision, publication

    /// As a summary-of-findings footnote names it.
    public var words: String {
        switch self {
        case .bias: "Risk of bias"
        case .inconsistency: "Inconsistency"
        case .indirectness: "Indirectness"
        case .imprecision: "Imprecision"
        case .publication: "Publication bias"
        }
    }
}

/// A setting of `finding OUTCOME`.
public enum FindingSettingName: String, Sendable, Hashable, CaseIterable {
    case risk, downgrade
}

/// A count of the PRISMA 2020 flow diagram (`prisma FIELD COUNT`), in the diagram's order.
public enum PrismaField: String, Sendable, Hashable, CaseIterable {
    /// Records identified from databases and from registers.
    case databases, registers
    /// Records identified by other methods (websites, organisations, citation searching).
    case other
    /// Records removed before screening: duplicates, by automation tools, for other reasons.
    case duplicates, automation, removed
    /// Records screened and excluded at screening.
    case screened, excluded
    /// Reports sought for retrieval, not retrieved, assessed for eligibility, and the reports
    /// excluded with each reason.
    case sought, unretrieved, assessed, reasons
    /// Studies included in the review, and reports of them.
    case studies, reports

    /// The fields that take a list of named counts (`databases "PubMed" 2706, "Embase" 1972`).
    public var takesList: Bool { self == .databases || self == .registers || self == .other || self == .reasons }
}

/// A setting of `studies from "FILE.csv"`.
public enum StudiesSettingName: String, Sendable, Hashable, CaseIterable {
    case outcome, rows, columns
}

/// A setting of an `outcome` declaration.
public enum OutcomeSettingName: String, Sendable, Hashable, CaseIterable {
    case label, scale, effect, arms, favours
}

/// `scale log` (shown exponentiated) or `scale identity`.
public enum ScaleWord: String, Sendable, Hashable, CaseIterable {
    case log, identity
}

/// The kinds of sensitivity analysis.
public enum SensitivityKindWord: String, Sendable, Hashable, CaseIterable {
    case leaveOneOut = "leave-one-out"
    case exclude
}

/// The tests for small-study effects of `bias`.
public enum BiasTestName: String, Sendable, Hashable, CaseIterable {
    case egger, begg, trimfill
    /// Fail-safe N: Rosenthal's (unweighted, Stouffer), Rosenberg's (weighted) and Orwin's (for
    /// a target effect).
    case rosenthal, rosenberg, orwin
    /// Peters' regression test on 1/N.
    case peters
    /// Harbord's score test (binary data, odds ratios).
    case harbord
}

/// `measure …`: the effect measures a script can ask for.
public enum MeasureWord: String, Sendable, Hashable, CaseIterable {
    case OR, RR, RD, MD, SMD
    case HR, POR
    case PLO, PR, PFT
    case IRR, IRD
    case ZCOR, COR
}

/// `method …`.
public enum MethodWord: String, Sendable, Hashable, CaseIterable {
    case MH, IV, Peto
}

/// `model …`.
public enum ModelWord: String, Sendable, Hashable, CaseIterable {
    case fixed, random
}

/// `tau …`: the τ² estimators.
public enum TauWord: String, Sendable, Hashable, CaseIterable {
    case DL, REML, ML, PM, HE, SJ, EB
}

/// The direction of `sort KEY`.
public enum SortDirection: String, Sendable, Hashable, CaseIterable {
    case ascending, descending
}

/// The keys of `sort` besides any attribute.
public enum SortKeyWord: String, Sendable, Hashable, CaseIterable {
    case label, effect, weight
}

/// The optional columns of a forest plot (`columns data weight rob`).
public enum ColumnWord: String, Sendable, Hashable, CaseIterable {
    case data, weight, rob
}

/// What `colours` colours in a forest plot.
public enum ColourTarget: String, Sendable, Hashable, CaseIterable {
    case squares, diamonds, prediction
}

/// `estimator …` of trim-and-fill.
public enum EstimatorWord: String, Sendable, Hashable, CaseIterable {
    case L0, R0
}

/// `side …` of trim-and-fill: where the missing studies are.
public enum SideWord: String, Sendable, Hashable, CaseIterable {
    case left, right
}

/// `convention …`.
public enum ConventionWord: String, Sendable, Hashable, CaseIterable {
    case revman, metafor
}

/// The options of the analysis statements, each with the kind of value it takes.
public enum OptionName: String, Sendable, Hashable, CaseIterable {
    case measure, method, model, tau, hksj, level, convention, by, only
    case reference
    case nnt
    case commonTau = "common-tau"
    case estimator, side, target
    case sort
    case to, prediction, contours, trimfill, ascii, rob
    case xlim, ticks, decimals, columns, colours, fontsize, title, width

    /// What follows an option's name.
    public enum ValueKind: Sendable, Hashable {
        /// One of a fixed list of words.
        case choice([String])
        /// Nothing: the option is a flag.
        case flag
        /// A number (`level 90`).
        case number
        /// A string (`to "cr.svg"`).
        case string
        /// A name the script defines (`by stage`).
        case name
        /// What to sort by (a name) and an optional direction (`sort year descending`).
        case sortKey
        /// An attribute and a value (`only design "RCT"`).
        case selection
        /// Numbers, at least `minimum` and at most `maximum` of them (`xlim 0.1 10`).
        case numbers(minimum: Int, maximum: Int)
        /// One or more of a fixed list of words (`columns data weight`).
        case words([String])
        /// Pairs of a word of a fixed list and a string (`colours squares "#1f4e79"`).
        case colours([String])
    }

    public var valueKind: ValueKind {
        switch self {
        case .measure: .choice(MeasureWord.allCases.map(\.rawValue))
        case .method: .choice(MethodWord.allCases.map(\.rawValue))
        case .model: .choice(ModelWord.allCases.map(\.rawValue))
        case .tau: .choice(TauWord.allCases.map(\.rawValue))
        case .convention: .choice(ConventionWord.allCases.map(\.rawValue))
        case .estimator: .choice(EstimatorWord.allCases.map(\.rawValue))
        case .side: .choice(SideWord.allCases.map(\.rawValue))
        case .hksj, .prediction, .contours, .trimfill, .ascii, .rob, .commonTau: .flag
        case .level, .decimals, .fontsize, .width, .nnt, .target: .number
        case .xlim: .numbers(minimum: 2, maximum: 2)
        case .ticks: .numbers(minimum: 1, maximum: 20)
        case .columns: .words(ColumnWord.allCases.map(\.rawValue))
        case .colours: .colours(ColourTarget.allCases.map(\.rawValue))
        case .to, .title: .string
        case .by: .name
        case .sort: .sortKey
        case .only, .reference: .selection
        }
    }

    /// How many numbers a `numbers` option takes.
    public var numberCount: (minimum: Int, maximum: Int) {
        if case .numbers(let least, let most) = valueKind { return (least, most) }
        return (1, 1)
    }

    /// The words `valueKind` allows, or nil when the value is not a choice of words.
    public var choices: [String]? {
        if case .choice(let words) = valueKind { return words }
        return nil
    }

    /// The options of `pool` and of every analysis that takes pool options.
    public static let pool: [OptionName] = [.measure, .method, .model, .tau, .hksj, .level, .convention, .by, .only]
    /// The pool options an `outcome` declaration or `defaults` may set for every analysis
    /// (all but `by` and `only`, which ask for a different analysis).
    public static let inherited: [OptionName] = pool.filter { $0 != .by && $0 != .only }
    /// Absolute effects of a pooled binary outcome.
    public static let absolute: [OptionName] = [.nnt]
    /// The options of one small-study test: trim-and-fill's estimator and side, Orwin's target.
    public static let biasTest: [OptionName] = [.estimator, .side, .target]
    /// Subgroups (`by`) under one common τ², a mixed-effects model.
    public static let subgroup: [OptionName] = [.commonTau]
    /// A meta-regression's own options.
    public static let regression: [OptionName] = [.reference]
    /// The order of the studies in a table or forest plot.
    public static let display: [OptionName] = [.sort]
    /// The options only figures take.
    public static let figure: [OptionName] = [.to, .prediction, .contours, .trimfill, .ascii, .rob] + style
    /// How a forest plot drawn to a file looks: axis, columns, colours, text.
    public static let style: [OptionName] = [.xlim, .ticks, .decimals, .columns, .colours, .fontsize, .title, .width]
    /// The figure options of each kind of plot.
    public static let forestPlot: [OptionName] = [.to, .prediction, .ascii, .rob] + style
    public static let funnelPlot: [OptionName] = [.to, .contours, .trimfill]
    /// L'Abbé and Galbraith plots: a file only.
    public static let otherPlot: [OptionName] = [.to]

    /// The options a statement takes after its outcome.
    public static func allowed(after keyword: StatementKeyword) -> [OptionName] {
        switch keyword {
        case .pool: pool + display + absolute + subgroup
        case .sensitivity, .cumulative: pool + [.to]
        case .bias: pool + biasTest
        case .metareg: pool.filter { $0 != .by } + regression + [.to]
        case .influence: pool.filter { $0 != .by } + [.to]
        case .forest: pool + display + figure
        case .funnel, .labbe, .galbraith: pool + figure
        case .outcome, .defaults: inherited
        case .review, .study, .studies, .label, .characteristics, .prisma, .findings, .rob, .report: []
        case .finding: inherited
        }
    }
}
