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

    func figureOption(_ name: String) -> AnalysisOption? { figure.first { $0.name.value == name } }
}

extension Session {
    /// Applies the defaults of LANGUAGE.md — binary: `measure OR method MH model fixed`;
    /// continuous: `measure MD method IV`; generic: `method IV`; `model random` with `tau DL`;
    /// `level 95`; `convention revman` — and rejects options that do not fit the data.
    /// `tau` or `hksj` without `model` imply `model random`.
    func resolveOptions(
        _ options: [AnalysisOption], kind: OutcomeKind, outcome: String
    ) throws(DiagnosticList) -> ResolvedOptions {
        func find(_ name: String) -> AnalysisOption? { options.first { $0.name.value == name } }
        var problems: [Diagnostic] = []

        let measureOption = find("measure")
        var measure: EffectMeasure
        switch kind {
        case .binary: measure = .OR
        case .continuous: measure = .MD
        case .generic: measure = .GEN
        }
        if let option = measureOption, let word = option.word, let chosen = EffectMeasure(rawValue: word) {
            let allowed: [EffectMeasure] = kind == .binary ? [.OR, .RR, .RD] : kind == .continuous ? [.MD, .SMD] : []
            if allowed.contains(chosen) {
                measure = chosen
            } else if kind == .generic {
                problems.append(
                    .error(
                        .incompatibleOption, "`\(outcome)` has generic data, which are pooled as given",
                        at: option.span,
                        help: "drop `measure`; to show the results exponentiated declare `outcome \(outcome) scale log`"
                    ))
            } else {
                problems.append(
                    .error(
                        .incompatibleOption, "measure \(word) does not apply to \(kind.rawValue) data",
                        at: option.valueSpan,
                        notes: ["\(kind.rawValue) data take measure " + allowed.map(\.rawValue).joined(separator: ", ")]
                    ))
            }
        }

        let methodOption = find("method")
        var method: PoolingMethod = kind == .binary ? .MH : .IV
        if let option = methodOption, let word = option.word, let chosen = PoolingMethod(rawValue: word) {
            if kind != .binary && chosen != .IV {
                problems.append(
                    .error(
                        .incompatibleOption,
                        "method \(word) applies to binary data; `\(outcome)` has \(kind.rawValue) data",
                        at: option.valueSpan,
                        help: "\(kind.rawValue) data are pooled by inverse variance: drop `method` or write `method IV`"
                    ))
            } else {
                method = chosen
            }
        }

        var model: EffectModel = .fixed
        let modelOption = find("model")
        if let word = modelOption?.word, let chosen = EffectModel(rawValue: word) { model = chosen }
        var tauMethod: TauSquaredMethod = .DL
        for name in ["tau", "hksj"] {
            guard let option = find(name) else { continue }
            if model == .fixed, let modelOption {
                problems.append(
                    .error(
                        .incompatibleOption, "`\(name)` applies to random-effects models only", at: option.span,
                        secondary: [Diagnostic.Label(modelOption.span, "the model is fixed here")],
                        help: "write `model random`, or drop `\(name)`"))
            } else {
                model = .random
            }
        }
        if let word = find("tau")?.word, let chosen = TauSquaredMethod(rawValue: word) { tauMethod = chosen }

        if method == .Peto {
            let peto = methodOption!
            if measure != .OR, let measureOption {
                problems.append(
                    .error(
                        .incompatibleOption, "Peto's method estimates odds ratios only", at: measureOption.span,
                        secondary: [Diagnostic.Label(peto.span, "Peto chosen here")],
                        help: "use `measure OR`, or `method MH` for \(measure.rawValue)"))
            }
            if model == .random {
                problems.append(
                    .error(
                        .incompatibleOption, "Peto's method is a fixed-effect method", at: peto.span,
                        help: "use `method MH` or `method IV` for a random-effects model"))
            }
        }

        var level = 95.0
        if case .number(let n)? = find("level")?.value { level = n.value }
        var convention: Convention = .revman
        if let word = find("convention")?.word, let chosen = Convention(rawValue: word) { convention = chosen }

        var by: Located<String>? = nil
        if case .word(let attribute)? = find("by")?.value { by = attribute }

        // M-H weights pool the fixed-effect model and RevMan's "M-H, Random" (tau DL); any
        // other random-effects model is an inverse-variance one, and is labelled so.
        var warnings: [Diagnostic] = []
        if method == .MH && model == .random && !(convention == .revman && tauMethod == .DL) {
            method = .IV
            if let methodOption {
                warnings.append(
                    .warning(
                        .incompatibleOption, "this random-effects model pools by inverse variance, not M-H",
                        at: methodOption.span,
                        notes: [
                            "M-H weights apply to the fixed-effect model and to RevMan's \"M-H, Random\" (convention revman, tau DL)"
                        ],
                        help: "write `method IV` to say so"))
            }
        }

        guard problems.isEmpty else { throw DiagnosticList(problems) }
        let figure = options.filter { Keywords.figureOptions.contains($0.name.value) }
        return ResolvedOptions(
            pool: PoolOptions(
                measure: measure, method: method, model: model, tauMethod: tauMethod,
                hksj: find("hksj") != nil, level: level, convention: convention),
            by: by, figure: figure, methodGiven: methodOption != nil, warnings: warnings)
    }
}
