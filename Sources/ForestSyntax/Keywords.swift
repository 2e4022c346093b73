/// The words of the grammar as strings, for messages, suggestions and completion; every list
/// is derived from the typed vocabulary (`Vocabulary.swift`).
public enum Keywords {
    /// Words that begin a statement.
    public static let statements = StatementKeyword.allCases.map(\.rawValue)
    /// Words joined with `-` that are single keywords.
    public static let hyphenated: Set<String> = Set(
        (SensitivityKindWord.allCases.map(\.rawValue) + RobLevel.allCases.map(\.rawValue)
            + OptionName.allCases.map(\.rawValue)).filter { $0.contains("-") })

    /// Options of `pool` (and of the analyses that take pool options).
    public static let poolOptions = OptionName.pool.map(\.rawValue)
    public static let measures = MeasureWord.allCases.map(\.rawValue)
    public static let methods = MethodWord.allCases.map(\.rawValue)
    public static let models = ModelWord.allCases.map(\.rawValue)
    public static let tauEstimators = TauWord.allCases.map(\.rawValue)
    public static let conventions = ConventionWord.allCases.map(\.rawValue)

    public static let sensitivityKinds = SensitivityKindWord.allCases.map(\.rawValue)
    public static let biasTests = BiasTestName.allCases.map(\.rawValue)

    /// The settings of `finding` and GRADE's domains.
    public static let findingSettings = FindingSettingName.allCases.map(\.rawValue)
    public static let gradeDomains = GradeDomain.allCases.map(\.rawValue)

    /// Risk-of-bias domains, judgements and figures.
    public static let robDomains = RobDomain.allCases.map(\.rawValue)
    public static let robLevels = RobLevel.allCases.map(\.rawValue)
    public static let robFigures = RobFigureWord.allCases.map(\.rawValue)

    /// The counts of `prisma`.
    public static let prismaFields = PrismaField.allCases.map(\.rawValue)

    /// Settings of `studies from "FILE.csv"`.
    public static let studiesSettings = StudiesSettingName.allCases.map(\.rawValue)

    /// Options of an `outcome` declaration.
    public static let outcomeOptions = OutcomeSettingName.allCases.map(\.rawValue)
    public static let scales = ScaleWord.allCases.map(\.rawValue)

    /// Options of a figure statement (`forest`, `funnel`) besides the pool options.
    public static let figureOptions = OptionName.figure.map(\.rawValue)
    /// The figure options each kind of plot takes.
    public static let forestPlotOptions = OptionName.forestPlot.map(\.rawValue)
    public static let funnelPlotOptions = OptionName.funnelPlot.map(\.rawValue)

    /// The allowed values of each option that takes a word.
    public static func values(ofOption option: String) -> [String]? {
        OptionName(rawValue: option)?.choices
    }
}
