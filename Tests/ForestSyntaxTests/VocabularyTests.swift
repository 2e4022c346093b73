import ForestSyntax
import Testing

/// The typed vocabulary, the grammar's alternatives and what the parser accepts are the same
/// lists: a keyword added, renamed or removed in one of the three fails here.
@Suite("Vocabulary")
struct VocabularyTests {
    /// The quoted words of a grammar fragment, in order.
    static func quoted(_ text: Substring) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
    }

    /// The top-level alternatives of a rule's body (`|` outside parentheses).
    static func alternatives(_ body: String) -> [Substring] {
        var result: [Substring] = []
        var depth = 0, quoted = false
        var start = body.startIndex
        for index in body.indices {
            switch body[index] {
            case "\"": quoted.toggle()
            case "(",
                "[" where !quoted:
                depth += 1
            case ")",
                "]" where !quoted:
                depth -= 1
            case "|" where !quoted && depth == 0:
                result.append(body[start..<index])
                start = body.index(after: index)
            default: break
            }
        }
        result.append(body[start...])
        return result.map { $0.drop(while: \.isWhitespace) }
    }

    static func rule(_ name: String) throws -> String {
        try #require(try GrammarTests.grammarRules()[name], "the grammar has no rule `\(name)`")
    }

    /// An option as the grammar writes it: its name and the kind of value after it.
    static func grammarOption(_ alternative: Substring) throws -> (String, OptionName.ValueKind) {
        let words = quoted(alternative)
        let rest = alternative.split(separator: " ").dropFirst().joined(separator: " ")
        let kind: OptionName.ValueKind =
            switch rest {
            case "": .flag
            case "NUMBER": .number
            case "NUMBER NUMBER": .numbers(minimum: 2, maximum: 2)
            case "NUMBER { NUMBER }": .numbers(minimum: 1, maximum: 20)
            case "columnWord { columnWord }": .words(try alternatives(rule("columnWord")).flatMap { quoted($0) })
            case "colourTarget STRING { colourTarget STRING }":
                .colours(try alternatives(rule("colourTarget")).flatMap { quoted($0) })
            case "STRING": .string
            case "NAME": .name
            case let rest where rest.hasPrefix("NAME ["): .sortKey
            case "NAME attributeValue": .selection
            default: .choice(Array(words.dropFirst()))
            }
        return (words[0], kind)
    }

    @Test func statementKeywordsAreTheGrammars() throws {
        let statements = try Self.alternatives(Self.rule("statement")).map { String($0.split(separator: " ")[0]) }
        var keywords: [String] = []
        for name in statements {
            let body = try Self.rule(name)
            // The words before the first NAME or STRING: `"pool"`, `( "forest" | "funnel" )`
            // (`"studies" "from"`: the first word only).
            let head = body.split(separator: " ").prefix { !["NAME", "STRING"].contains($0) }.joined(separator: " ")
            keywords +=
                head.hasPrefix("(") ? Self.quoted(Substring(head)) : Array(Self.quoted(Substring(head)).prefix(1))
        }
        #expect(keywords == StatementKeyword.allCases.map(\.rawValue))
    }

    @Test func optionsAreTheGrammars() throws {
        for (rule, options) in [
            ("poolOption", OptionName.pool), ("figureOption", OptionName.figure), ("displayOption", OptionName.display),
            ("regressionOption", OptionName.regression), ("absoluteOption", OptionName.absolute),
            ("subgroupOption", OptionName.subgroup), ("biasOption", OptionName.biasTest),
        ] {
            // A rule's alternatives, with those of a rule it names (`styleOption`) in its place.
            let alternatives = try Self.alternatives(Self.rule(rule)).flatMap { alternative in
                alternative.hasPrefix("\"") ? [alternative] : try Self.alternatives(Self.rule(String(alternative)))
            }
            let grammar = try alternatives.map(Self.grammarOption)
            #expect(grammar.map(\.0) == options.map(\.rawValue), "rule \(rule)")
            for (name, kind) in grammar {
                #expect(OptionName(rawValue: name)?.valueKind == kind, "option \(name)")
            }
        }
        #expect(
            Set(
                OptionName.pool + OptionName.figure + OptionName.display + OptionName.regression + OptionName.absolute
                    + OptionName.subgroup + OptionName.biasTest)
                == Set(OptionName.allCases))
    }

    @Test func settingsTestsAndKindsAreTheGrammars() throws {
        let settings = try Self.alternatives(Self.rule("outcomeSetting"))
        #expect(settings.map { Self.quoted($0)[0] } == OutcomeSettingName.allCases.map(\.rawValue))
        let scale = try #require(settings.first { $0.hasPrefix("\"scale\"") })
        #expect(Array(Self.quoted(scale).dropFirst()) == ScaleWord.allCases.map(\.rawValue))
        let bias = try Self.rule("biasStatement")
        #expect(Self.quoted(Substring(bias)).dropFirst() == BiasTestName.allCases.map(\.rawValue)[...])
        let sensitivity = try Self.rule("sensitivityStatement")
        // The kinds, then the plot's "to".
        #expect(
            Self.quoted(Substring(sensitivity)).dropFirst().dropLast()
                == SensitivityKindWord.allCases.map(\.rawValue)[...])
        #expect(Self.quoted(Substring(sensitivity)).last == "to")
    }

    // MARK: - What the parser accepts

    static func errors(_ text: String) -> Int { Parser.parse(SourceFile(name: "probe", text: text)).diagnostics.count }

    /// A shortest valid statement beginning with each keyword.
    static func probe(_ keyword: StatementKeyword) -> String {
        switch keyword {
        case .review: "review \"R\""
        case .study: "study \"S\" < X: 1/2 vs 1/2 >"
        case .studies: "studies from \"s.csv\""
        case .characteristics: "characteristics"
        case .prisma: "prisma studies 5"
        case .finding: "finding X"
        case .findings: "findings"
        case .rob: "rob \"S\" sequence low"
        case .report: "report to \"r.html\""
        case .outcome: "outcome X"
        case .defaults: "defaults model random"
        case .label: "label stage \"I\" \"Stage I\""
        case .pool: "pool X"
        case .sensitivity: "sensitivity X leave-one-out"
        case .cumulative: "cumulative X"
        case .bias: "bias X egger"
        case .metareg: "metareg X on year"
        case .influence: "influence X"
        case .forest: "forest X"
        case .funnel: "funnel X"
        case .labbe: "labbe X"
        case .galbraith: "galbraith X"
        }
    }

    /// A valid value of each option, as written after its name.
    static func sample(_ kind: OptionName.ValueKind) -> [String] {
        switch kind {
        case .flag: [""]
        case .number: [" 90"]
        case .string: [" \"f.svg\""]
        case .name: [" stage"]
        case .sortKey: [" year", " effect descending"]
        case .selection: [" design \"RCT\"", " year 2011"]
        case .choice(let words): words.map { " " + $0 }
        case .numbers(let least, _): [String(repeating: " 2", count: least)]
        case .words(let words): words.map { " " + $0 } + [" " + words.joined(separator: " ")]
        case .colours(let targets): targets.map { " \($0) \"#000\"" }
        }
    }

    @Test func theParserAcceptsEveryStatementKeywordAndNoOther() {
        for keyword in StatementKeyword.allCases {
            #expect(Self.errors(Self.probe(keyword)) == 0, "\(keyword)")
        }
        #expect(Self.errors("frobnicate X") == 1)
    }

    @Test func theParserAcceptsEachStatementsOptionsAndTheirValuesOnly() {
        let analyses: [StatementKeyword] = [
            .pool, .sensitivity, .cumulative, .bias, .metareg, .influence, .forest, .funnel, .labbe, .galbraith,
        ]
        for keyword in analyses {
            let allowed = OptionName.allowed(after: keyword)
            for option in OptionName.allCases {
                for value in Self.sample(option.valueKind) {
                    let text = "\(Self.probe(keyword)) \(option.rawValue)\(value)"
                    #expect((Self.errors(text) == 0) == allowed.contains(option), "\(text)")
                }
                if allowed.contains(option), option.choices != nil {
                    #expect(Self.errors("\(Self.probe(keyword)) \(option.rawValue) nonsense") == 1)
                }
            }
        }
    }

    /// An outcome declaration and `defaults` take every pool option but `by`.
    @Test func outcomesAndDefaultsTakeTheInheritedOptions() {
        for option in OptionName.allCases {
            for value in Self.sample(option.valueKind) {
                let inherited = OptionName.inherited.contains(option)
                #expect(
                    (Self.errors("outcome X label \"L\" \(option.rawValue)\(value)") == 0) == inherited, "\(option)")
                #expect((Self.errors("defaults \(option.rawValue)\(value)") == 0) == inherited, "\(option)")
            }
        }
        #expect(Self.errors("defaults") == 1)
    }

    @Test func studiesSettingsAreTheGrammars() throws {
        let settings = try Self.alternatives(Self.rule("studiesSetting"))
        #expect(settings.map { Self.quoted($0)[0] } == StudiesSettingName.allCases.map(\.rawValue))
        for (setting, sample) in [
            (StudiesSettingName.outcome, "outcome X"), (.rows, "rows by stage"),
            (.columns, "columns study \"Trial\" ai \"e\""),
        ] {
            #expect(Self.errors("studies from \"s.csv\" \(sample)") == 0, "\(setting)")
        }
        #expect(Self.errors("studies from \"s.csv\" outcome X outcome Y") == 1)
        #expect(Self.errors("studies from \"s.csv\" colums study \"T\"") == 1)
    }

    @Test func theParserAcceptsEachSettingTestAndKind() {
        for scale in ScaleWord.allCases { #expect(Self.errors("outcome X scale \(scale.rawValue)") == 0) }
        #expect(Self.errors("outcome X scale nonsense") == 1)
        for test in BiasTestName.allCases { #expect(Self.errors("bias X \(test.rawValue)") == 0) }
        #expect(Self.errors("bias X nonsense") == 1)
        #expect(Self.errors("sensitivity X exclude stage \"I\"") == 0)
        #expect(Self.errors("sensitivity X nonsense") == 1)
        let settings: [OutcomeSettingName: String] = [
            .label: "\"L\"", .scale: "log", .effect: "\"E\"", .arms: "\"A\" \"B\"", .favours: "\"A\" \"B\"",
        ]
        for setting in OutcomeSettingName.allCases {
            #expect(Self.errors("outcome X \(setting.rawValue) \(settings[setting]!)") == 0, "\(setting)")
        }
        #expect(Self.errors("outcome X nonsense \"L\"") == 1)
    }
}
