/// The options an analysis statement asked for: nil (or false) where it said nothing.
public struct PoolRequest: Sendable, Hashable {
    public var measure: EffectMeasure?
    public var method: PoolingMethod?
    public var model: EffectModel?
    public var tauMethod: TauSquaredMethod?
    public var hksj: Bool
    public var level: Double?
    public var convention: Convention?

    public init(
        measure: EffectMeasure? = nil, method: PoolingMethod? = nil, model: EffectModel? = nil,
        tauMethod: TauSquaredMethod? = nil, hksj: Bool = false, level: Double? = nil, convention: Convention? = nil
    ) {
        self.measure = measure
        self.method = method
        self.model = model
        self.tauMethod = tauMethod
        self.hksj = hksj
        self.level = level
        self.convention = convention
    }
}

/// The options that only a random-effects model takes.
public enum RandomEffectsOption: String, Sendable, Hashable, CaseIterable {
    case tau
    case hksj
}

/// Why options do not fit together or do not fit the data. The front end words each one at
/// the option it is about.
public enum OptionProblem: Sendable, Hashable {
    /// The measure does not apply to this kind of data (generic data take none).
    case measureNotForData(EffectMeasure, DataKind)
    /// The method does not apply to this kind of data (only binary data take M-H and Peto).
    case methodNotForData(PoolingMethod, DataKind)
    /// `tau` or `hksj` with `model fixed`.
    case randomEffectsOnly(RandomEffectsOption)
    /// Peto's method with a measure other than the odds ratio.
    case petoNeedsOddsRatio(EffectMeasure)
    /// Peto's method with a random-effects model.
    case petoIsFixedEffect
    /// A confidence level outside (0, 100).
    case levelOutOfRange(Double)

    /// Whether the problem depends on the kind of data (and so cannot be judged for options
    /// that apply to every outcome, such as `defaults`).
    public var concernsData: Bool {
        switch self {
        case .measureNotForData, .methodNotForData, .petoNeedsOddsRatio: true
        case .randomEffectsOnly, .petoIsFixedEffect, .levelOutOfRange: false
        }
    }
}

/// A change made to what was asked, which the reader should be told about.
public enum OptionAdjustment: Sendable, Hashable {
    /// M-H was asked for a random-effects model other than RevMan's "M-H, Random": it pools by
    /// inverse variance. `methodGiven`: whether `method MH` was written (else it was the default).
    case inverseVarianceForRandomEffects(methodGiven: Bool)
}

/// The options of one analysis, normalised once for a kind of data.
public struct OptionResolution: Sendable, Hashable {
    public var options: PoolOptions
    public var adjustments: [OptionAdjustment]
    /// Empty when the options can be used.
    public var problems: [OptionProblem]
}

extension PoolOptions {
    /// Applies the defaults of LANGUAGE.md — binary: `measure OR method MH model fixed`;
    /// continuous: `measure MD method IV`; generic: `method IV`; `model random` with `tau DL`;
    /// `level 95`; `convention revman` — to a request, and lists what does not fit the data.
    /// `tau` or `hksj` without `model` imply `model random`; M-H with a random-effects model
    /// other than RevMan's "M-H, Random" becomes inverse variance.
    public static func resolve(_ request: PoolRequest, for kind: DataKind) -> OptionResolution {
        var problems: [OptionProblem] = []
        var measure = EffectMeasure.standard(for: kind)
        if let asked = request.measure {
            if asked.dataKind == kind {
                measure = asked
            } else {
                problems.append(.measureNotForData(asked, kind))
            }
        }
        var method = PoolingMethod.standard(for: kind)
        if let asked = request.method {
            if PoolingMethod.allowed(for: kind).contains(asked) {
                method = asked
            } else {
                problems.append(.methodNotForData(asked, kind))
            }
        }
        var model = request.model ?? .fixed
        let randomOnly: [RandomEffectsOption] = (request.tauMethod == nil ? [] : [.tau]) + (request.hksj ? [.hksj] : [])
        for option in randomOnly {
            if request.model == .fixed {
                problems.append(.randomEffectsOnly(option))
            } else {
                model = .random
            }
        }
        if method == .Peto {
            if measure != .OR, request.measure != nil { problems.append(.petoNeedsOddsRatio(measure)) }
            if model == .random { problems.append(.petoIsFixedEffect) }
        }
        var options = PoolOptions(
            measure: measure, method: method, model: model, tauMethod: request.tauMethod ?? .DL, hksj: request.hksj,
            level: request.level ?? 95, convention: request.convention ?? .revman)
        if let level = request.level, !(level > 0 && level < 100) { problems.append(.levelOutOfRange(level)) }
        var adjustments: [OptionAdjustment] = []
        if method == .MH && model == .random && options.weighting == .inverseVariance {
            options.method = .IV
            adjustments.append(.inverseVarianceForRandomEffects(methodGiven: request.method != nil))
        }
        return OptionResolution(options: options, adjustments: adjustments, problems: problems)
    }

    /// What does not fit in complete options for `kind` (the statistics core's own check of
    /// options built without `resolve`).
    public func problems(for kind: DataKind) -> [OptionProblem] {
        var problems: [OptionProblem] = []
        if measure.dataKind != kind { problems.append(.measureNotForData(measure, kind)) }
        if !PoolingMethod.allowed(for: kind).contains(method) { problems.append(.methodNotForData(method, kind)) }
        if method == .Peto {
            if measure != .OR { problems.append(.petoNeedsOddsRatio(measure)) }
            if model == .random { problems.append(.petoIsFixedEffect) }
        }
        if !(level > 0 && level < 100) { problems.append(.levelOutOfRange(level)) }
        return problems
    }
}
