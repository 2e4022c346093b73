import ForestStats
import ForestSyntax

/// The options of an analysis statement, checked against the outcome's kind of data.
struct ResolvedOptions: Sendable {
    var pool: PoolOptions
    /// `by ATTRIBUTE`, if given.
    var by: Located<String>?
    /// Options that only figures take (`to`, `prediction`, …), in the order written.
    var figure: [AnalysisOption]
    /// Whether `method` was written (the small-study tests default to inverse variance).
    var methodGiven: Bool
    /// Things the user should know about how the options were read.
    var warnings: [Diagnostic]
    /// `only ATTRIBUTE VALUE`, if given.
    var only: (attribute: Located<String>, value: Located<AttributeValue>)? = nil

    /// `design = RCT`, for headings.
    var selection: String? { only.map { "\($0.attribute.value) = \($0.value.value.text)" } }

    func figureOption(_ name: OptionName) -> AnalysisOption? { figure[name] }
}

extension Session {
    /// The statement's options as the statistics core resolves them for the outcome's data
    /// (`PoolOptions.resolve`), each problem worded at the option it is about.
    func resolveOptions(
        _ written: [AnalysisOption], kind: OutcomeKind, outcome: Located<String>,
        ignoringInherited ignored: Set<OptionName> = []
    ) throws(DiagnosticList) -> ResolvedOptions {
        let inputs = OptionMemo.Inputs(
            written: written, declared: declarations[outcome.value]?.options, defaults: defaults?.options, kind: kind,
            ignored: ignored)
        if let known = optionMemo.options(for: inputs) { return known }
        let resolved = try resolveAnew(written, kind: kind, outcome: outcome, ignoringInherited: ignored)
        optionMemo.remember(resolved, for: inputs)
        return resolved
    }

    /// `resolveOptions` without the memo.
    private func resolveAnew(
        _ written: [AnalysisOption], kind: OutcomeKind, outcome: Located<String>,
        ignoringInherited ignored: Set<OptionName>
    ) throws(DiagnosticList) -> ResolvedOptions {
        let options = effectiveOptions(written, outcome: outcome.value, kind: kind, ignoring: ignored)
        let resolution = PoolOptions.resolve(Self.request(options), for: kind)
        let problems = resolution.problems.map { problem(options, $0, outcome: outcome) }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        var warnings: [Diagnostic] = []
        for adjustment in resolution.adjustments {
            if case .inverseVarianceForRandomEffects(methodGiven: true) = adjustment, let method = options[.method] {
                warnings.append(
                    .warning(
                        .incompatibleOption, "this random-effects model pools by inverse variance, not M-H",
                        at: method.span,
                        notes: [
                            "M-H weights apply to the fixed-effect model and to RevMan's \"M-H, Random\" (convention revman, tau DL)"
                        ],
                        help: "write `method IV` to say so"))
            }
        }
        var by: Located<String>? = nil
        if case .word(let attribute)? = written[.by]?.value { by = attribute }
        var resolved = ResolvedOptions(
            pool: resolution.options, by: by, figure: written.filter { OptionName.figure.contains($0.name.value) },
            methodGiven: options[.method] != nil, warnings: warnings)
        if case .selection(let attribute, let value)? = written[.only]?.value { resolved.only = (attribute, value) }
        return resolved
    }

    /// The options an analysis of `outcome` runs with: those written on the statement, then
    /// those of the outcome's declaration, then the script's `defaults` (their measure and
    /// method only where the outcome's data take them). What a statement writes wins; its
    /// `model fixed` or `method Peto` also sets aside inherited random-effects options, and a
    /// statement can set aside inherited options it does not take (`ignoring`).
    func effectiveOptions(
        _ written: [AnalysisOption], outcome: String, kind: OutcomeKind, ignoring: Set<OptionName> = []
    ) -> [AnalysisOption] {
        var skip = ignoring.union(written.map(\.name.value))
        let peto = written[.method]?.choice(MethodWord.self) == .Peto
        if peto || written[.model]?.choice(ModelWord.self) == .fixed { skip.formUnion([.tau, .hksj]) }
        if peto { skip.insert(.model) }
        let defaults = (self.defaults?.options ?? []).filter { option in
            switch option.name.value {
            case .measure: option.choice(MeasureWord.self).map { EffectMeasure($0).dataKind == kind } ?? false
            case .method:
                option.choice(MethodWord.self).map { PoolingMethod.allowed(for: kind).contains(PoolingMethod($0)) }
                    ?? false
            default: true
            }
        }
        var options = written
        for option in (declarations[outcome]?.options ?? []) + defaults where !skip.contains(option.name.value) {
            options.append(option)
            skip.insert(option.name.value)
        }
        return options
    }

    /// The typed request the written options make.
    static func request(_ options: [AnalysisOption]) -> PoolRequest {
        var request = PoolRequest()
        request.measure = options[.measure]?.choice(MeasureWord.self).map(EffectMeasure.init)
        request.method = options[.method]?.choice(MethodWord.self).map(PoolingMethod.init)
        request.model = options[.model]?.choice(ModelWord.self).map(EffectModel.init)
        request.tauMethod = options[.tau]?.choice(TauWord.self).map(TauSquaredMethod.init)
        request.convention = options[.convention]?.choice(ConventionWord.self).map(Convention.init)
        request.hksj = options[.hksj] != nil
        if case .number(let level)? = options[.level]?.value { request.level = level.value }
        return request
    }

    /// An option problem as a diagnostic at the option it is about.
    func problem(
        _ options: [AnalysisOption], _ problem: OptionProblem, outcome located: Located<String>
    ) -> Diagnostic {
        let (outcome, span) = (located.value, located.span)
        switch problem {
        case .measureNotForData(_, .generic):
            return .error(
                .incompatibleOption, "`\(outcome)` has generic data, which are pooled as given",
                at: options[.measure]?.span ?? span,
                help: "drop `measure`; to show the results exponentiated declare `outcome \(outcome) scale log`")
        case .measureNotForData(let measure, let kind):
            return .error(
                .incompatibleOption, "measure \(measure.rawValue) does not apply to \(kind.rawValue) data",
                at: options[.measure]?.valueSpan ?? span,
                notes: [
                    "\(kind.rawValue) data take measure "
                        + EffectMeasure.allowed(for: kind).map(\.rawValue).joined(separator: ", ")
                ])
        case .methodNotForData(let method, let kind):
            return .error(
                .incompatibleOption,
                "method \(method.rawValue) applies to binary data; `\(outcome)` has \(kind.rawValue) data",
                at: options[.method]?.valueSpan ?? span,
                help: "\(kind.rawValue) data are pooled by inverse variance: drop `method` or write `method IV`")
        case .randomEffectsOnly(let option):
            let name = option.rawValue
            return .error(
                .incompatibleOption, "`\(name)` applies to random-effects models only",
                at: options[OptionName(rawValue: name)!]?.span ?? span,
                secondary: options[.model].map { [Diagnostic.Label($0.span, "the model is fixed here")] } ?? [],
                help: "write `model random`, or drop `\(name)`")
        case .petoNeedsOddsRatio(let measure):
            return .error(
                .incompatibleOption, "Peto's method estimates odds ratios only", at: options[.measure]?.span ?? span,
                secondary: options[.method].map { [Diagnostic.Label($0.span, "Peto chosen here")] } ?? [],
                help: "use `measure OR`, or `method MH` for \(measure.rawValue)")
        case .petoIsFixedEffect:
            return .error(
                .incompatibleOption, "Peto's method is a fixed-effect method", at: options[.method]?.span ?? span,
                help: "use `method MH` or `method IV` for a random-effects model")
        case .levelOutOfRange(let level):
            return .error(
                .invalidOptionValue, "a confidence level lies strictly between 0 and 100, not \(level)",
                at: options[.level]?.valueSpan ?? span)
        }
    }
}

extension EffectMeasure {
    /// The measure a script's word names.
    init(_ word: MeasureWord) {
        switch word {
        case .OR: self = .OR
        case .RR: self = .RR
        case .RD: self = .RD
        case .MD: self = .MD
        case .SMD: self = .SMD
        case .HR: self = .HR
        case .POR: self = .POR
        case .PLO: self = .PLO
        case .PR: self = .PR
        case .PFT: self = .PFT
        case .IRR: self = .IRR
        case .IRD: self = .IRD
        case .ZCOR: self = .ZCOR
        case .COR: self = .COR
        }
    }
}

extension PoolingMethod {
    init(_ word: MethodWord) {
        switch word {
        case .MH: self = .MH
        case .IV: self = .IV
        case .Peto: self = .Peto
        }
    }
}

extension EffectModel {
    init(_ word: ModelWord) {
        switch word {
        case .fixed: self = .fixed
        case .random: self = .random
        }
    }
}

extension TauSquaredMethod {
    init(_ word: TauWord) {
        switch word {
        case .DL: self = .DL
        case .REML: self = .REML
        case .ML: self = .ML
        case .PM: self = .PM
        case .HE: self = .HE
        case .SJ: self = .SJ
        case .EB: self = .EB
        }
    }
}

extension Convention {
    init(_ word: ConventionWord) {
        switch word {
        case .revman: self = .revman
        case .metafor: self = .metafor
        }
    }
}
